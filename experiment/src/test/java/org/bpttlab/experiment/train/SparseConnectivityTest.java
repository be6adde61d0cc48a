package org.bpttlab.experiment.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.bpttlab.core.InitSpec;
import org.bpttlab.core.NetworkSpec;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.RateCellSpec;
import org.bpttlab.core.Seeds;
import org.bpttlab.core.net.Network;
import org.bpttlab.rules.RuleSpec;
import org.bpttlab.rules.Rules;
import org.bpttlab.rules.optim.OptimizerSpec;
import org.bpttlab.tasks.Task;
import org.bpttlab.tasks.Tasks;
import org.junit.jupiter.api.Test;

/**
 * A sparse recurrent connectivity ({@link InitSpec#recurrentDensity}): the mask keeps
 * round(density · n²) entries, is the seed's, and its entries stay exactly 0 through training by
 * every rule, per sequence or online, while the kept ones learn.
 */
class SparseConnectivityTest {
  private static final Task TASK = Tasks.create("copy:delay=2,alphabet=2,length=3");

  private static NetworkSpec sparse(int n, double density) {
    return NetworkSpec.of(TASK.inputs(), RateCellSpec.vanilla(n), TASK.outputs(), TASK.loss())
        .withInit(InitSpec.gaussian().withRecurrentDensity(density));
  }

  @Test
  void theMaskKeepsTheDensityAndIsTheSeeds() {
    Network net = new Network(sparse(20, 0.25));
    Seeds seeds = new Seeds(5);
    int[] masked = net.maskedRecurrentEntries(seeds);
    assertEquals(400 - 100, masked.length);
    double[] w = net.initialize(seeds).get(Parameters.RECURRENT_WEIGHTS);
    assertEquals(300, Arrays.stream(w).filter(x -> x == 0).count());
    for (int k : masked) {
      assertEquals(0.0, w[k]);
    }
    assertArrayEquals(masked, net.maskedRecurrentEntries(new Seeds(5)));
    assertNotEquals(Arrays.toString(masked), Arrays.toString(net.maskedRecurrentEntries(
        new Seeds(6))));
    Network dense = new Network(sparse(20, 1));
    assertEquals(0, dense.maskedRecurrentEntries(seeds).length);
    assertEquals(0, Arrays.stream(dense.initialize(seeds).get(Parameters.RECURRENT_WEIGHTS))
        .filter(x -> x == 0).count());
  }

  @Test
  void maskedEntriesStayZeroUnderEveryRuleWhileTheOthersLearn() {
    NetworkSpec net = sparse(12, 0.25);
    TrainingSpec spec = new TrainingSpec(net, OptimizerSpec.adam(0.01), 3, 6, 4, 1, 0, 0);
    int[] masked = new Network(net).maskedRecurrentEntries(new Seeds(3));
    for (String rule : List.of("bptt", "rtrl", "snap", "snap:n=2", "uoro", "rtrl:online=1",
        "tbptt:k1=2,k2=3")) {
      try (RuleTraining training =
          new RuleTraining(TASK, spec, rule, Rules.create(RuleSpec.parse(rule)))) {
        double[] before = training.parameters().read(Parameters.RECURRENT_WEIGHTS).clone();
        while (!training.done()) {
          training.next();
        }
        double[] after = training.parameters().read(Parameters.RECURRENT_WEIGHTS);
        for (int k : masked) {
          assertEquals(0.0, after[k], rule + ": masked entry " + k);
        }
        int moved = 0;
        for (int k = 0; k < after.length; k++) {
          if (after[k] != before[k]) {
            moved++;
          }
        }
        assertEquals(after.length - masked.length, moved, rule + ": every kept entry learns");
      }
    }
  }

  @Test
  void aDensityOutsideZeroToOneIsRefused() {
    for (double d : new double[] {0, -0.1, 1.01, Double.NaN}) {
      IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
          IllegalArgumentException.class, () -> InitSpec.gaussian().withRecurrentDensity(d));
      assertEquals("recurrentDensity must be in (0, 1], was " + d, e.getMessage());
    }
    assertTrue(InitSpec.gaussian().withRecurrentDensity(1).recurrentDensity() == 1);
  }
}
