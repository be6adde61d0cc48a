package org.bpttlab.rules.readout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.bpttlab.core.Batch;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.Seeds;
import org.bpttlab.core.net.Network;
import org.bpttlab.core.testing.TestNetworks;
import org.bpttlab.core.testing.TestNetworks.Case;
import org.bpttlab.rules.SequenceRunner;
import org.bpttlab.rules.bptt.Bptt;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Readout-only computes online exactly BPTT's gradient of W_out and b_out (linear and leaky
 * readouts), and zero for every other group.
 */
class ReadoutOnlyTest {
  static List<Case> allCases() {
    return TestNetworks.allCases();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("allCases")
  void equalsBpttOnTheReadoutAndIsZeroElsewhere(Case c) {
    Network net = new Network(c.spec());
    Seeds seeds = new Seeds(31);
    Parameters p = TestNetworks.parameters(net, seeds);
    Batch batch = TestNetworks.batch(c.spec(), 3, 10, seeds);
    Parameters exact = net.newParameters();
    SequenceRunner.gradient(new Bptt(), net, p, net.newTrajectory(batch), exact);
    Parameters readout = net.newParameters();
    SequenceRunner.gradient(new ReadoutOnly(), net, p, net.newTrajectory(batch), readout);
    for (int g = 0; g < p.groupCount(); g++) {
      String name = p.shape(g).name();
      double[] actual = readout.get(g);
      if (name.equals(Parameters.OUTPUT_WEIGHTS) || name.equals(Parameters.OUTPUT_BIAS)) {
        double[] expected = exact.get(g);
        for (int i = 0; i < expected.length; i++) {
          assertEquals(expected[i], actual[i], 1e-12 * (1 + Math.abs(expected[i])), name);
        }
      } else {
        assertArrayEquals(new double[actual.length], actual, 0.0, name + " is zero");
      }
    }
  }
}
