package org.bpttlab.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.bpttlab.core.NetworkSpec;
import org.bpttlab.core.SpikingCellSpec;
import org.bpttlab.core.SynapseGradients;
import org.bpttlab.core.net.Network;
import org.bpttlab.core.testing.TestNetworks;
import org.bpttlab.rules.bptt.Bptt;
import org.bpttlab.rules.checkpoint.CheckpointedBptt;
import org.bpttlab.rules.eprop.EProp;
import org.bpttlab.rules.eprop.Feedback;
import org.bpttlab.rules.readout.ReadoutOnly;
import org.bpttlab.rules.rtrl.Rtrl;
import org.bpttlab.rules.tbptt.TruncatedBptt;
import org.bpttlab.rules.threefactor.NodePerturbation;
import org.bpttlab.rules.threefactor.RewardModulatedEProp;
import org.junit.jupiter.api.Test;

/**
 * Memory and work accounting: each rule's reported peak doubles and flops per step follow from what
 * it holds and does, on a rate network (n = 6, 3 inputs, 2 outputs, batch 2, T = 40).
 */
class RuleCostTest {
  private static final int STEPS = 40;

  @Test
  void costsFollowFromWhatEachRuleHoldsAndDoes() {
    NetworkSpec spec = TestNetworks.smoothCases().get(0).spec();
    RuleFixture f = RuleFixture.of(spec, 61, 2, STEPS);
    Network net = f.net();
    long slot = net.newTrajectory(f.batch()).doublesPerSlot();
    long backwardFlops = net.backpropFlops(2);

    RuleCost bptt = f.cost(f.begin(new Bptt()));
    assertTrue(bptt.peakStoredDoubles() >= (STEPS + 1) * slot, "BPTT holds the trajectory");
    assertTrue(bptt.flopsPerStep() >= backwardFlops, "one backward step per step");

    RuleCost readout = f.cost(f.begin(new ReadoutOnly()));
    assertTrue(readout.peakStoredDoubles() < 3 * slot + 100, "readout-only: two steps and traces");

    RuleCost tbptt = f.cost(f.begin(TruncatedBptt.fixed(5, 10, false)));
    // the window, and the synapse gradients gathered for a product (SynapseGradients)
    long gathered = new SynapseGradients(net.cell(), 2).storedDoubles();
    assertTrue(tbptt.peakStoredDoubles() >= 11 * slot
        && tbptt.peakStoredDoubles() < 20 * slot + gathered);
    // every 5 steps, 10 backward steps (5 at the first window): (5 + 7·10) / 40 per step
    assertEquals(
        bptt.flopsPerStep() * 75.0 / STEPS, tbptt.flopsPerStep(), 1e-9 * tbptt.flopsPerStep());

    CheckpointedBptt.CheckpointedSession checkpointed =
        new CheckpointedBptt(4).begin(net, f.params(), 2);
    RuleCost ck = f.cost(checkpointed);
    long recomputed = checkpointed.recomputedSteps();
    assertTrue(recomputed > 0);
    assertEquals(
        bptt.flopsPerStep() + (double) net.stepFlops(2) * recomputed / STEPS, ck.flopsPerStep(),
        1e-9 * ck.flopsPerStep(), "backward plus the recomputed forward steps");
    assertTrue(ck.peakStoredDoubles() <= (4 + 6) * slot + 200 + gathered,
        "M = 4 records and the working set");
    assertTrue(ck.peakStoredDoubles() - gathered < (bptt.peakStoredDoubles() - gathered) / 3);

    RuleCost rtrl = f.cost(f.begin(new Rtrl(0)));
    int s = net.cell().stateSize();
    int params = net.cell().parameterCount();
    assertTrue(rtrl.flopsPerStep() >= 2.0 * 2 * s * s * params, "B · 2S²P for the influence");
  }

  /**
   * e-prop, RFLO and the three-factor rules hold per-synapse traces, independent of T; a LIF
   * membrane's eligibility vector is shared, one per presynaptic neuron (B·cols) instead of one
   * per synapse (B·n·cols), whether or not the declared graph differentiates the reset.
   */
  @Test
  void tracesOfTheLocalRulesDoNotGrowWithTheSequence() {
    NetworkSpec rate = TestNetworks.smoothCases().get(0).spec();
    RuleFixture short10 = RuleFixture.of(rate, 62, 2, 10);
    RuleFixture long1000 = RuleFixture.of(rate, 62, 2, 1000);
    int cellParams = short10.net().cell().parameterCount();
    for (LearningRule rule : List.of(EProp.symmetric(), EProp.rflo(1, 0),
        new RewardModulatedEProp(Feedback.Kind.SYMMETRIC, 1, 0.1, "baseline", 0.1, 1, 0.9),
        new NodePerturbation(0.1, 1, "clean", 0.1, 1))) {
      RuleCost shortRun = short10.cost(short10.begin(rule));
      RuleCost longRun = long1000.cost(long1000.begin(rule));
      assertEquals(shortRun.peakStoredDoubles(), longRun.peakStoredDoubles(), rule.name());
      assertTrue(shortRun.peakStoredDoubles() >= 2L * cellParams, rule.name() + ": B·P tags");
      assertTrue(shortRun.flopsPerStep() >= 2.0 * 2 * cellParams, rule.name());
    }
    RuleCost eprop = short10.cost(short10.begin(EProp.symmetric()));
    assertTrue(eprop.peakStoredDoubles() >= 2L * 2 * cellParams, "ε and ē per synapse, B = 2");

    // a spiking membrane's eligibility vector is one per presynaptic neuron, whether or not the
    // declared graph differentiates the reset (the traces never do)
    NetworkSpec lif = TestNetworks.allCases().stream()
        .filter(c -> c.name().equals("lif detach-reset=false stop=false mse")).findFirst()
        .orElseThrow().spec();
    RuleFixture differentiated = RuleFixture.of(lif, 62, 2, 10);
    RuleFixture detached = new RuleFixture(new Network(lif.withCell(
        ((SpikingCellSpec) lif.cell()).withDetachReset(true))), differentiated.params(),
        differentiated.batch());
    assertTrue(differentiated.net().cell().newLocalDynamics(2).sharedComponent(0),
        "a shared membrane");
    assertEquals(detached.cost(detached.begin(EProp.symmetric())).peakStoredDoubles(),
        differentiated.cost(differentiated.begin(EProp.symmetric())).peakStoredDoubles(),
        "the same traces");
  }
}
