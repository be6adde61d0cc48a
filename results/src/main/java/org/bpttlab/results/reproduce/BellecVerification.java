package org.bpttlab.results.reproduce;

import java.util.Arrays;
import org.apache.commons.rng.UniformRandomProvider;
import org.bpttlab.core.Batch;
import org.bpttlab.core.InitSpec;
import org.bpttlab.core.LossKind;
import org.bpttlab.core.NetworkSpec;
import org.bpttlab.core.RateRegularizerSpec;
import org.bpttlab.core.ReadoutSpec;
import org.bpttlab.core.Seeds;
import org.bpttlab.core.SpikingCellSpec;
import org.bpttlab.core.Surrogate;

/**
 * The setup of Bellec et al. 2020's numerical check of their eq. 1
 * (numerical_verification_eprop_factorization_vs_BPTT.py of their code): 3 Poisson inputs at 100 Hz,
 * 4 LIF and 4 ALIF neurons, T = 50 ms, τ_v = 20 ms, τ_a = 500 ms, v_th = 0.62, β = 0.07, n_ref = 2,
 * γ = 0.3 (piecewise-linear pseudo-derivative), dt = 1 ms, Gaussian weights /√fan-in, the reset
 * differentiated (their check builds its cell with {@code stop_z_gradients=False}), and their loss
 * on the firing rates toward 100 Hz (our firing-rate regulariser); optionally a leaky readout
 * (τ_out = 20 ms) with an MSE loss beside it, so that the learning signal also comes through the
 * readout. Their refractory counter, {@code clip(r + n_ref z − 1, 0, n_ref)}, silences a neuron
 * for n_ref − 1 steps after a spike: ours for 1.
 */
public final class BellecVerification {
  /** Time steps (ms). */
  public static final int STEPS = 50;

  private BellecVerification() {}

  /**
   * The network: their rate loss (strength 1, target 100 Hz), and with {@code readoutLoss} an MSE
   * on two readout units too (otherwise the readout's mask is 0).
   */
  public static NetworkSpec network() {
    SpikingCellSpec cell = new SpikingCellSpec(8, 4, 20, 500, 0.62, 0.07, 0.3, 1,
        Surrogate.PIECEWISE_LINEAR, 1.0, false, false);
    return new NetworkSpec(3, cell, 2, ReadoutSpec.leaky(20), LossKind.MSE,
        new RateRegularizerSpec(1.0, 100), new InitSpec(InitSpec.RecurrentInit.GAUSSIAN, 1, 1));
  }

  /**
   * {@code size} sequences of 3 Poisson inputs at 100 Hz (probability 0.1 per 1 ms step) and, with
   * {@code readoutLoss}, uniform targets in [−0.5, 0.5] with mask 1; without, mask 0 (the rate loss
   * alone, as in the paper).
   */
  public static Batch batch(int size, boolean readoutLoss, Seeds seeds) {
    Batch batch = Batch.zeros(size, STEPS, 3, 2);
    UniformRandomProvider rng = seeds.derive("poisson").rng();
    for (int t = 0; t < STEPS; t++) {
      for (int i = 0; i < batch.x()[t].length; i++) {
        batch.x()[t][i] = rng.nextDouble() < 0.1 ? 1 : 0;
      }
      for (int i = 0; i < batch.target()[t].length; i++) {
        batch.target()[t][i] = rng.nextDouble() - 0.5;
      }
      Arrays.fill(batch.mask()[t], readoutLoss ? 1.0 : 0.0);
    }
    return batch;
  }
}
