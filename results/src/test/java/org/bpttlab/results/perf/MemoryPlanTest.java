package org.bpttlab.results.perf;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.bpttlab.core.CellSpec;
import org.bpttlab.core.LossKind;
import org.bpttlab.core.NetworkSpec;
import org.bpttlab.core.RateCellSpec;
import org.bpttlab.core.SpikingCellSpec;
import org.bpttlab.core.net.Network;
import org.bpttlab.experiment.train.MemoryPlan;
import org.bpttlab.rules.RuleSpec;
import org.bpttlab.rules.Rules;
import org.junit.jupiter.api.Test;

/**
 * The memory planned before a training ({@link MemoryPlan}) is at least what every rule's session
 * reports holding after a sequence ({@link org.bpttlab.rules.RuleCost#peakStoredDoubles}, the
 * trajectory's steps included), and not wildly more: the plan refuses what would not fit and lets
 * through what would.
 */
class MemoryPlanTest {
  private static final List<String> RULES = List.of("bptt", "readout-only", "rtrl", "rtrl:online=3",
      "tbptt:k1=3,k2=5", "artbp", "checkpointed:budget=3", "eprop", "eprop:deferred=true",
      "eprop:feedback=adaptive", "rflo", "rflo:deferred=true", "eprop-reward",
      "eprop-reward:modulator=td", "node-perturbation", "snap", "snap:n=2", "uoro", "kf-rtrl",
      "reverse-kf-rtrl", "fbptt:horizon=4", "fbptt:horizon=40",
      "dni", "kernl");

  @Test
  void thePlanCoversWhatEverySessionHolds() {
    List<CellSpec> cells = List.of(RateCellSpec.vanilla(7), SpikingCellSpec.lif(7),
        SpikingCellSpec.alif(7), RateCellSpec.vanilla(16), SpikingCellSpec.alif(16));
    List<String> tried = new ArrayList<>();
    for (CellSpec cell : cells) {
      for (int batch : new int[] {1, 4}) {
        NetworkSpec spec = NetworkSpec.of(3, cell, 2, LossKind.MSE);
        int steps = 15;
        for (String r : RULES) {
          RuleSpec rule = RuleSpec.parse(r);
          RulePass pass;
          try {
            pass = new RulePass(spec, Rules.create(rule), batch, steps);
          } catch (IllegalArgumentException e) {
            continue; // a rule of another cell (rflo)
          }
          pass.run();
          long measured = pass.cost().peakStoredDoubles();
          Network net = new Network(spec);
          // the session and the trajectory alone, without the parameters' copies
          long planned = MemoryPlan.sessionDoubles(rule, net, batch, steps)
              + batch * (steps + 1L) * MemoryPlan.slotDoubles(net);
          String what = r + " on " + cell.kind() + " n = " + cell.hidden() + ", batch " + batch
              + ": planned " + planned + ", measured " + measured;
          assertTrue(planned >= measured, what);
          // not wildly more than measured, beyond the fixed part (copies of the parameters)
          assertTrue(planned <= 12 * measured + 16 * MemoryPlan.parameters(net), what);
          assertTrue(MemoryPlan.trainingDoubles(spec, rule, batch, steps) >= planned, what);
          tried.add(what);
        }
      }
    }
    assertTrue(tried.size() >= 130, tried.size() + " cases");
  }
}
