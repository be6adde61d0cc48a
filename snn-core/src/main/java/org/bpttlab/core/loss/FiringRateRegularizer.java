package org.bpttlab.core.loss;

import java.util.Arrays;
import org.bpttlab.core.RateRegularizerSpec;
import org.bpttlab.core.Trajectory;

/**
 * {@code L_reg = (c/2) Σ_j (f_j − f_target)²} with f_j = (1/(B T dt)) Σ_{b,t} z_t[b][j] in spikes per
 * ms and f_target = targetHz / 1000 (Bellec et al. 2020, Methods, "Firing rate regularization"). Its
 * gradient with respect to every z_t[b][j] is {@code c (f_j − f_target) / (B T dt)}.
 */
public final class FiringRateRegularizer {
  private final RateRegularizerSpec spec;
  private final double dtMs;

  public FiringRateRegularizer(RateRegularizerSpec spec, double dtMs) {
    this.spec = spec;
    this.dtMs = dtMs;
  }

  /** Adds step t's outputs to the trajectory's running spike counts (nothing when off). */
  public void count(Trajectory tr, int t) {
    if (!spec.enabled()) {
      return;
    }
    double[] count = tr.loss().spikeCount();
    double[] z = tr.output(t);
    int n = count.length;
    int batch = tr.batchSize();
    for (int b = 0; b < batch; b++) {
      for (int j = 0; j < n; j++) {
        count[j] += z[b * n + j];
      }
    }
  }

  /**
   * The regulariser's gradient with respect to each z_t[b][j] as an online rule can know it after
   * step t: with the rate estimated from the steps so far, f̂_j = (1/(B t dt)) Σ_{b,t'≤t} z_t'[b][j],
   * {@code c (f̂_j − f_target) / (B T dt)}; at t = T it is the exact gradient {@link #apply} stores.
   *
   * @param out length n, Modified (overwritten; zeros when off)
   */
  public void runningGradient(Trajectory tr, int t, double[] out) {
    if (!spec.enabled()) {
      Arrays.fill(out, 0.0);
      return;
    }
    double[] count = tr.loss().spikeCount();
    int batch = tr.batchSize();
    double soFar = 1.0 / (batch * (double) t * dtMs);
    double norm = 1.0 / (batch * (double) tr.steps() * dtMs);
    double target = spec.targetHz() / 1000.0;
    for (int j = 0; j < out.length; j++) {
      out[j] = spec.strength() * (count[j] * soFar - target) * norm;
    }
  }

  /**
   * After the last step: computes the regulariser from the trajectory's spike counts (see
   * {@link #count}) and stores its value and per-neuron gradient in it (zero when off).
   */
  public void apply(Trajectory tr) {
    double[] grad = tr.loss().rateGradient();
    int n = tr.hidden();
    if (!spec.enabled()) {
      Arrays.fill(grad, 0.0);
      tr.loss().setRegularizer(0);
      return;
    }
    int batch = tr.batchSize();
    int steps = tr.steps();
    double[] count = tr.loss().spikeCount();
    double norm = 1.0 / (batch * (double) steps * dtMs);
    double target = spec.targetHz() / 1000.0;
    double loss = 0;
    for (int j = 0; j < n; j++) {
      double e = count[j] * norm - target;
      loss += e * e;
      grad[j] = spec.strength() * e * norm;
    }
    tr.loss().setRegularizer(0.5 * spec.strength() * loss);
  }
}
