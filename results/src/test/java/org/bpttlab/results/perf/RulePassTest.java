package org.bpttlab.results.perf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bpttlab.core.Batch;
import org.bpttlab.core.LossKind;
import org.bpttlab.core.NetworkSpec;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.RateCellSpec;
import org.bpttlab.core.Seeds;
import org.bpttlab.core.SpikingCellSpec;
import org.bpttlab.core.net.Network;
import org.bpttlab.rules.RuleSpec;
import org.bpttlab.rules.Rules;
import org.bpttlab.rules.SequenceRunner;
import org.junit.jupiter.api.Test;

class RulePassTest {
  /** A pass is BPTT's gradient on its batch, and the next pass repeats it bit for bit. */
  @Test
  void aPassIsTheRulesGradientAndRepeats() {
    NetworkSpec spec = NetworkSpec.of(3, SpikingCellSpec.lif(6), 2, LossKind.MSE);
    RulePass pass = new RulePass(spec, Rules.create(RuleSpec.of("bptt")), 2, 15);
    double[] first = pass.run().flatten().clone();
    assertArrayEquals(first, pass.run().flatten());
    Network net = new Network(spec);
    Parameters params = net.initialize(new Seeds(1));
    Parameters expected = net.newParameters();
    SequenceRunner.gradient(Rules.create(RuleSpec.of("bptt")), net, params,
        net.newTrajectory(Batch.gaussian(2, 15, 3, 2, false, new Seeds(2)), 16), expected);
    assertArrayEquals(expected.flatten(), first);
  }

  /** Online gradients are dropped: the weights stay, so every pass of an online rule repeats. */
  @Test
  void anOnlineRulesPassesRepeat() {
    NetworkSpec spec = NetworkSpec.of(3, RateCellSpec.vanilla(5), 2, LossKind.MSE);
    RulePass pass = new RulePass(spec, Rules.create(RuleSpec.parse("rtrl:online=1")), 1, 12);
    double loss = pass.forward();
    double[] first = pass.run().flatten().clone();
    assertArrayEquals(first, pass.run().flatten());
    assertEquals(loss, pass.forward());
    assertTrue(pass.cost().flopsPerStep() > 0);
  }
}
