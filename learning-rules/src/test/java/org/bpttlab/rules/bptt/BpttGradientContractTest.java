package org.bpttlab.rules.bptt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.bpttlab.core.Batch;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.Seeds;
import org.bpttlab.core.Trajectory;
import org.bpttlab.core.net.Network;
import org.bpttlab.core.testing.ReferenceModel;
import org.bpttlab.core.testing.TestNetworks;
import org.bpttlab.core.testing.TestNetworks.Case;
import org.bpttlab.rules.SequenceRunner;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Contract B1: BPTT equals central finite differences of the loss (relative error ≤ 1e-6 per
 * parameter group), for every smooth cell and option combination, batch &gt; 1, masks, both losses,
 * refractoriness, the regulariser and both values of each gradient option. The finite differences
 * are taken on the independent {@link ReferenceModel}; for a stopped gradient the stopped signals are
 * frozen at their θ0 values, which makes the reference's derivative the declared graph's gradient.
 */
class BpttGradientContractTest {
  private static final double STEP = 1e-6;
  private static final double TOLERANCE = 1e-6;

  static List<Case> smoothCases() {
    return TestNetworks.smoothCases();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("smoothCases")
  void bpttEqualsCentralFiniteDifferencesOfTheDeclaredGraph(Case c) {
    Network net = new Network(c.spec());
    Seeds seeds = new Seeds(21);
    Parameters p = TestNetworks.parameters(net, seeds);
    Batch batch = TestNetworks.batch(c.spec(), TestNetworks.BATCH, TestNetworks.STEPS, seeds);
    Parameters grad = net.newParameters();
    SequenceRunner.gradient(new Bptt(), net, p, net.newTrajectory(batch), grad);

    double[][][] frozen = new double[batch.steps() + 1][batch.size()][];
    ReferenceModel.loss(c.spec(), p, batch, null, frozen);
    for (int g = 0; g < p.groupCount(); g++) {
      double[] w = p.get(g);
      double[] fd = new double[w.length];
      for (int i = 0; i < w.length; i++) {
        double saved = w[i];
        w[i] = saved + STEP;
        double plus = ReferenceModel.loss(c.spec(), p, batch, frozen, null);
        w[i] = saved - STEP;
        double minus = ReferenceModel.loss(c.spec(), p, batch, frozen, null);
        w[i] = saved;
        fd[i] = (plus - minus) / (2 * STEP);
      }
      double error = distance(grad.get(g), fd) / Math.max(norm(fd), 1e-8);
      assertTrue(error <= TOLERANCE,
          p.shape(g).name() + ": relative error " + error + " (|fd| = " + norm(fd) + ")");
      assertTrue(norm(fd) > 1e-6, p.shape(g).name() + " must carry gradient in this test");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("smoothCases")
  void sameSeedGivesBitIdenticalGradientsAndAnotherSeedDiffers(Case c) {
    Network net = new Network(c.spec());
    double[] a = gradient(net, c, 3);
    double[] b = gradient(net, c, 3);
    double[] other = gradient(net, c, 4);
    assertArrayEquals(a, b);
    boolean differs = false;
    for (int i = 0; i < a.length; i++) {
      differs |= a[i] != other[i];
    }
    assertFalse(!differs, "another seed must give another gradient");
    assertEquals(a.length, net.newParameters().size());
  }

  private static double[] gradient(Network net, Case c, long seed) {
    Seeds seeds = new Seeds(seed);
    Parameters p = TestNetworks.parameters(net, seeds);
    Batch batch = TestNetworks.batch(c.spec(), 2, 9, seeds);
    Trajectory tr = net.newTrajectory(batch);
    Parameters grad = net.newParameters();
    SequenceRunner.gradient(new Bptt(), net, p, tr, grad);
    return grad.flatten();
  }

  static double norm(double[] a) {
    double s = 0;
    for (double v : a) {
      s += v * v;
    }
    return Math.sqrt(s);
  }

  static double distance(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (a[i] - b[i]) * (a[i] - b[i]);
    }
    return Math.sqrt(s);
  }
}
