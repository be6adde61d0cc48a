package org.bpttlab.rules.tbptt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.bpttlab.core.Batch;
import org.bpttlab.core.LossKind;
import org.bpttlab.core.NetworkSpec;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.RateCellSpec;
import org.bpttlab.core.Trajectory;
import org.bpttlab.core.net.Network;
import org.bpttlab.core.testing.TestNetworks;
import org.bpttlab.core.testing.TestNetworks.Case;
import org.bpttlab.rules.ExactGradients;
import org.bpttlab.rules.RuleFixture;
import org.junit.jupiter.api.Test;

/**
 * Truncation: BPTT(1, 1) is the one-step gradient written out by hand, and randomized truncation
 * (ARTBP) is unbiased: its mean over many draws approaches the full gradient. (Contract T1, k2 ≥ T
 * giving BPTT, and the online windows are cases of {@code RuleContractTest}.)
 */
class TruncatedBpttTest {
  @Test
  void oneStepTruncationIsTheHandWrittenOneStepGradient() {
    // rate cell, α = 1, MSE, linear readout: for every t, with e_t = m_t (y_t − y*_t) / B,
    // δa_t = (1 − h_t²) ⊙ W_outᵀ e_t; ∂W_rec = Σ δa_t h_{t−1}ᵀ, ∂W_in = Σ δa_t x_tᵀ, ∂b = Σ δa_t,
    // ∂W_out = Σ e_t h_tᵀ, ∂b_out = Σ e_t
    NetworkSpec spec = NetworkSpec.of(3, new RateCellSpec(5, 1.0, false), 2, LossKind.MSE);
    RuleFixture f = RuleFixture.of(spec, 42, 2, 9);
    Network net = f.net();
    Parameters p = f.params();
    Batch batch = f.batch();
    Parameters rule = f.gradient(TruncatedBptt.fixed(1, 1, false));

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
      RuleFixture f = RuleFixture.of(c.spec(), 43, 2, TestNetworks.STEPS);
      Parameters exact = f.bptt();
      Parameters mean = f.mean(f.begin(TruncatedBptt.randomized(0.25, 7, false)), 20_000);
      ExactGradients.assertClose(exact, mean, 0.03, 1e-12, c.name() + " ARTBP mean");
      Parameters fixed = f.gradient(TruncatedBptt.fixed(4, 4, false));
      assertTrue(relative(exact.flatten(), fixed.flatten()) > 0.03, c.name() + " fixed bias");
    }
  }

  @Test
  void optionsAreChecked() {
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
