package org.bpttlab.rules.tbptt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.bpttlab.core.Batch;
import org.bpttlab.core.LossKind;
import org.bpttlab.core.NetworkSpec;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.RateCellSpec;
import org.bpttlab.core.Seeds;
import org.bpttlab.core.Trajectory;
import org.bpttlab.core.net.Network;
import org.bpttlab.core.testing.TestNetworks;
import org.bpttlab.core.testing.TestNetworks.Case;
import org.bpttlab.rules.ExactGradients;
import org.bpttlab.rules.SequenceRunner;
import org.bpttlab.rules.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Contract T1 for truncation: with k2 ≥ T truncated BPTT is BPTT; BPTT(1, 1) is the one-step
 * gradient written out by hand; and randomized truncation (ARTBP) is unbiased: its mean over many
 * draws approaches the full gradient.
 */
class TruncatedBpttTest {
  static List<Case> cases() {
    return TestNetworks.allCases();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void fullDepthEqualsBptt(Case c) {
    Network net = new Network(c.spec());
    Seeds seeds = new Seeds(41);
    Parameters p = TestNetworks.parameters(net, seeds);
    int steps = TestNetworks.STEPS;
    Batch batch = TestNetworks.batch(c.spec(), TestNetworks.BATCH, steps, seeds);
    Parameters exact = ExactGradients.bptt(net, p, batch);
    // one window of depth T: the very operations of BPTT
    Parameters one = ExactGradients.of(TruncatedBptt.fixed(steps, steps, false), net, p, batch);
    for (int g = 0; g < p.groupCount(); g++) {
      assertArrayEquals(exact.get(g), one.get(g), c.name() + " " + p.shape(g).name());
    }
    if (!c.spec().regularizer().enabled()) {
      // windows every 5 steps, each backpropagated to step 1: BPTT's sum in another order
      Parameters windows =
          ExactGradients.of(TruncatedBptt.fixed(5, steps + 3, false), net, p, batch);
      ExactGradients.assertClose(exact, windows, 1e-12, 1e-12, c.name());
    }
  }

  @Test
  void oneStepTruncationIsTheHandWrittenOneStepGradient() {
    // rate cell, α = 1, MSE, linear readout: for every t, with e_t = m_t (y_t − y*_t) / B,
    // δa_t = (1 − h_t²) ⊙ W_outᵀ e_t; ∂W_rec = Σ δa_t h_{t−1}ᵀ, ∂W_in = Σ δa_t x_tᵀ, ∂b = Σ δa_t,
    // ∂W_out = Σ e_t h_tᵀ, ∂b_out = Σ e_t
    NetworkSpec spec = NetworkSpec.of(3, new RateCellSpec(5, 1.0, false), 2, LossKind.MSE);
    Network net = new Network(spec);
    Seeds seeds = new Seeds(42);
    Parameters p = TestNetworks.parameters(net, seeds);
    Batch batch = TestNetworks.batch(spec, 2, 9, seeds);
    Parameters rule = ExactGradients.of(TruncatedBptt.fixed(1, 1, false), net, p, batch);

    Trajectory tr = net.newTrajectory(batch);
    net.forward(p, tr);
    int n = 5;
    int nIn = 3;
    int nOut = 2;
    double[] wOut = p.get(Parameters.OUTPUT_WEIGHTS);
    Parameters hand = net.newParameters();
    for (int t = 1; t <= batch.steps(); t++) {
      for (int b = 0; b < batch.size(); b++) {
        double[] e = new double[nOut];
        for (int k = 0; k < nOut; k++) {
          e[k] = batch.maskAt(t)[b] * (tr.readout(t)[b * nOut + k] - batch.targetAt(t)[b * nOut + k])
              / batch.size();
          hand.get(Parameters.OUTPUT_BIAS)[k] += e[k];
        }
        for (int j = 0; j < n; j++) {
          double h = tr.state(t)[b * n + j];
          double da = 0;
          for (int k = 0; k < nOut; k++) {
            da += wOut[k * n + j] * e[k];
            hand.get(Parameters.OUTPUT_WEIGHTS)[k * n + j] += e[k] * h;
          }
          da *= 1 - h * h;
          hand.get(Parameters.BIAS)[j] += da;
          for (int i = 0; i < n; i++) {
            hand.get(Parameters.RECURRENT_WEIGHTS)[j * n + i] += da * tr.state(t - 1)[b * n + i];
          }
          for (int i = 0; i < nIn; i++) {
            hand.get(Parameters.INPUT_WEIGHTS)[j * nIn + i] += da * batch.input(t)[b * nIn + i];
          }
        }
      }
    }
    ExactGradients.assertClose(hand, rule, 1e-12, 1e-12, "BPTT(1,1)");
  }

  /**
   * ARTBP's mean over 20 000 draws (cut probability 0.25, T = 12, so weights up to 0.75^−11 ≈ 24)
   * is within 3% of the full gradient, in every group, for a leaky rate cell and an ALIF network
   * with a leaky readout; fixed truncation at the same mean window (k1 = k2 = 4) stays biased by
   * more than that.
   */
  @Test
  void randomizedTruncationIsUnbiased() {
    for (Case c : List.of(TestNetworks.smoothCases().get(4), TestNetworks.smoothCases().get(14))) {
      Network net = new Network(c.spec());
      Seeds seeds = new Seeds(43);
      Parameters p = TestNetworks.parameters(net, seeds);
      Batch batch = TestNetworks.batch(c.spec(), 2, TestNetworks.STEPS, seeds);
      Parameters exact = ExactGradients.bptt(net, p, batch);
      Session session = TruncatedBptt.randomized(0.25, 7, false).begin(net, p, 2);
      Trajectory tr = net.newTrajectory(batch);
      Parameters mean = net.newParameters();
      Parameters one = net.newParameters();
      int draws = 20_000;
      for (int i = 0; i < draws; i++) {
        SequenceRunner.run(net, p, tr, List.of(session));
        session.gradient(tr, one);
        mean.addScaled(1.0 / draws, one);
      }
      ExactGradients.assertClose(exact, mean, 0.03, 1e-12, c.name() + " ARTBP mean");
      Parameters fixed = ExactGradients.of(TruncatedBptt.fixed(4, 4, false), net, p, batch);
      assertTrue(relative(exact.flatten(), fixed.flatten()) > 0.03, c.name() + " fixed bias");
    }
  }

  /** Online mode hands out each window's gradient at its end; held weights, they sum to the total. */
  @Test
  void onlineWindowsSumToTheAccumulatedGradient() {
    Case c = TestNetworks.smoothCases().get(4);
    Network net = new Network(c.spec());
    Seeds seeds = new Seeds(45);
    Parameters p = TestNetworks.parameters(net, seeds);
    Batch batch = TestNetworks.batch(c.spec(), 2, TestNetworks.STEPS, seeds);
    Parameters accumulated = ExactGradients.of(TruncatedBptt.fixed(5, 7, false), net, p, batch);
    Session session = TruncatedBptt.fixed(5, 7, true).begin(net, p, 2);
    Trajectory tr = net.newTrajectory(batch, session.window());
    Parameters sum = net.newParameters();
    Parameters buffer = net.newParameters();
    List<Integer> at = new ArrayList<>();
    SequenceRunner.run(net, p, tr, List.of(session), buffer, (i, t, g) -> {
      at.add(t);
      sum.addScaled(1.0, g);
    });
    session.gradient(tr, buffer);
    sum.addScaled(1.0, buffer);
    assertEquals(List.of(5, 10), at, "updates after steps 5 and 10; the last window at T = 12");
    ExactGradients.assertClose(accumulated, sum, 1e-14, 1e-12, "online windows");
  }

  @Test
  void sameSeedSameDrawsAndOptionsAreChecked() {
    Case c = TestNetworks.smoothCases().get(0);
    Network net = new Network(c.spec());
    Seeds seeds = new Seeds(44);
    Parameters p = TestNetworks.parameters(net, seeds);
    Batch batch = TestNetworks.batch(c.spec(), 2, TestNetworks.STEPS, seeds);
    assertArrayEquals(
        ExactGradients.of(TruncatedBptt.randomized(0.3, 5, false), net, p, batch).flatten(),
        ExactGradients.of(TruncatedBptt.randomized(0.3, 5, false), net, p, batch).flatten());
    assertEquals("k2 must be >= k1 (4), was 3",
        assertThrows(IllegalArgumentException.class, () -> TruncatedBptt.fixed(4, 3, false))
            .getMessage());
    assertThrows(IllegalArgumentException.class, () -> TruncatedBptt.randomized(1.0, 1, false));
  }

  private static double relative(double[] expected, double[] actual) {
    double d = 0;
    double e = 0;
    for (int i = 0; i < expected.length; i++) {
      d += (actual[i] - expected[i]) * (actual[i] - expected[i]);
      e += expected[i] * expected[i];
    }
    return Math.sqrt(d / e);
  }
}
