package org.bpttlab.rules.bptt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.bpttlab.core.Batch;
import org.bpttlab.core.InitSpec;
import org.bpttlab.core.LossKind;
import org.bpttlab.core.NetworkSpec;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.SpikingCellSpec;
import org.bpttlab.core.Surrogate;
import org.bpttlab.core.net.Network;
import org.bpttlab.core.testing.ReferenceModel;
import org.bpttlab.core.testing.TestNetworks;
import org.bpttlab.core.testing.TestNetworks.Case;
import org.bpttlab.rules.RuleFixture;
import org.bpttlab.rules.ExactGradients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Contract B1: BPTT equals central finite differences of the loss (relative error ≤ 1e-6 per
 * parameter group), for every smooth cell and option combination, batch &gt; 1, masks, both losses,
 * refractoriness, the regulariser and both values of each gradient option. The finite differences
 * are taken on the independent {@link ReferenceModel}; for a stopped gradient the stopped signals are
 * frozen at their θ0 values, which makes the reference's derivative the declared graph's gradient.
 * The default spiking graph, with the reset differentiated, is checked on its own too.
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
    RuleFixture f = RuleFixture.of(c, 21);
    Parameters p = f.params();
    Batch batch = f.batch();
    Parameters grad = f.bptt();

    double[][][] frozen = new double[batch.steps() + 1][batch.size()][];
    ReferenceModel.loss(c.spec(), p, batch, null, frozen);
    double[][] fd = finiteDifferences(c.spec(), p, batch, frozen);
    for (int g = 0; g < p.groupCount(); g++) {
      double error = distance(grad.get(g), fd[g]) / Math.max(norm(fd[g]), 1e-8);
      assertTrue(error <= TOLERANCE,
          p.shape(g).name() + ": relative error " + error + " (|fd| = " + norm(fd[g]) + ")");
      assertTrue(norm(fd[g]) > 1e-6, p.shape(g).name() + " must carry gradient in this test");
    }
  }

  /**
   * The default spiking cells (lif, and alif with half the neurons adapting) differentiate the
   * reset, as the e-prop reference code's BPTT does: their BPTT gradient equals central finite
   * differences of the live reference model, nothing frozen, with the smooth test activation; the
   * gradient with the reset detached is another (W_in's and W_rec's relative distance to it &gt;
   * 1e-3).
   */
  @Test
  void defaultSpikingBpttDifferentiatesTheReset() {
    for (SpikingCellSpec cell : List.of(SpikingCellSpec.lif(TestNetworks.HIDDEN),
        SpikingCellSpec.alif(TestNetworks.HIDDEN).withAdaptiveNeurons(TestNetworks.HIDDEN / 2))) {
      SpikingCellSpec smooth = cell.withSurrogate(Surrogate.SMOOTH_TEST);
      assertFalse(smooth.detachReset(), "the default differentiates the reset");
      NetworkSpec spec = NetworkSpec.of(TestNetworks.INPUTS, smooth, 2, LossKind.MSE)
          .withInit(new InitSpec(InitSpec.RecurrentInit.GAUSSIAN, 1.5, 2.0));
      RuleFixture f = RuleFixture.of(spec, 22, TestNetworks.BATCH, TestNetworks.STEPS);
      Parameters p = f.params();
      Batch batch = f.batch();
      Parameters grad = f.bptt();
      Parameters detached = ExactGradients.bptt(
          new Network(spec.withCell(smooth.withDetachReset(true))), p, batch);
      double[][] fd = finiteDifferences(spec, p, batch, null);
      for (int g = 0; g < p.groupCount(); g++) {
        double error = distance(grad.get(g), fd[g]) / Math.max(norm(fd[g]), 1e-8);
        assertTrue(error <= TOLERANCE, cell.kind() + " " + p.shape(g).name()
            + ": relative error " + error + " (|fd| = " + norm(fd[g]) + ")");
      }
      for (String group : List.of(Parameters.INPUT_WEIGHTS, Parameters.RECURRENT_WEIGHTS)) {
        double[] a = grad.get(group);
        double distance = distance(a, detached.get(group)) / norm(a);
        assertTrue(distance > 1e-3, cell.kind() + " " + group
            + ": the reset must matter, relative distance " + distance);
      }
    }
  }

  /** Central finite differences of the reference model's loss, per parameter group. */
  private static double[][] finiteDifferences(NetworkSpec spec, Parameters p, Batch batch,
      double[][][] frozen) {
    double[][] fd = new double[p.groupCount()][];
    for (int g = 0; g < p.groupCount(); g++) {
      double[] w = p.get(g);
      fd[g] = new double[w.length];
      for (int i = 0; i < w.length; i++) {
        double saved = w[i];
        w[i] = saved + STEP;
        double plus = ReferenceModel.loss(spec, p, batch, frozen, null);
        w[i] = saved - STEP;
        double minus = ReferenceModel.loss(spec, p, batch, frozen, null);
        w[i] = saved;
        fd[g][i] = (plus - minus) / (2 * STEP);
      }
    }
    return fd;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("smoothCases")
  void sameSeedGivesBitIdenticalGradientsAndAnotherSeedDiffers(Case c) {
    double[] a = gradient(c, 3);
    double[] b = gradient(c, 3);
    double[] other = gradient(c, 4);
    assertArrayEquals(a, b);
    boolean differs = false;
    for (int i = 0; i < a.length; i++) {
      differs |= a[i] != other[i];
    }
    assertFalse(!differs, "another seed must give another gradient");
    assertEquals(a.length, new Network(c.spec()).newParameters().size());
  }

  private static double[] gradient(Case c, long seed) {
    return RuleFixture.of(c.spec(), seed, 2, 9).bptt().flatten();
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
