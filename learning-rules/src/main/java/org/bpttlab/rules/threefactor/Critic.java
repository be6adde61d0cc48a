package org.bpttlab.rules.threefactor;

import org.bpttlab.core.ParameterShape;
import org.bpttlab.rules.optim.OptimizerSpec;
import org.bpttlab.rules.optim.SessionWeights;

/**
 * A linear critic for a temporal-difference modulator (Sutton &amp; Barto 2018, ch. 13; the critic of
 * Bellec et al. 2020's reward-based e-prop): the value of step t of sequence b is read from the
 * network's filtered output, {@code V_b^t = Σ_j w_j ō_b,j^t + w_0}, the TD error of step t is
 * {@code δ_b^t = r_b^t + γ V_b^{t+1} − V_b^t} (V^{T+1} = 0), and w learns by TD(0),
 * gradient {@code −(1/B) Σ_{b,t} δ_b^t ∂V_b^t/∂w}, with an optimizer of the run's own spec (no
 * clipping), once per sequence. The weights start at zero.
 */
final class Critic {
  private final int n;
  private final int batch;
  private final double gamma;
  private final SessionWeights weights;
  private final double[] previousValue;
  private final double[] previousReward;
  private final double[] previousInput;
  private final double[] delta;
  private boolean hasPrevious;

  Critic(int hidden, int batch, double gamma, OptimizerSpec optimizer) {
    if (!(gamma >= 0 && gamma <= 1)) {
      throw new IllegalArgumentException("gamma must be in [0, 1], was " + gamma);
    }
    this.n = hidden;
    this.batch = batch;
    this.gamma = gamma;
    weights = new SessionWeights(new ParameterShape("w_value", 1, hidden + 1), optimizer);
    previousValue = new double[batch];
    previousReward = new double[batch];
    previousInput = new double[batch * hidden];
    delta = new double[batch];
  }

  /** A new sequence: no previous step. */
  void reset() {
    hasPrevious = false;
  }

  /**
   * Step t's values V^t from ō^t; if there was a step t − 1, writes its TD error
   * δ^{t-1} = r^{t-1} + γ V^t − V^{t-1} into {@link #delta()}, adds its term to the critic's
   * gradient and returns true. Then remembers step t (its reward {@code rewards}).
   *
   * @param filtered ō^t, B×n, Not modified
   * @param rewards r^t, length B, Not modified
   */
  boolean step(double[] filtered, double[] rewards) {
    double[] w = weights.values();
    boolean had = hasPrevious;
    for (int b = 0; b < batch; b++) {
      double v = w[n];
      for (int j = 0; j < n; j++) {
        v += w[j] * filtered[b * n + j];
      }
      if (had) {
        delta[b] = previousReward[b] + gamma * v - previousValue[b];
      }
      previousValue[b] = v;
    }
    if (had) {
      learn();
    }
    System.arraycopy(filtered, 0, previousInput, 0, previousInput.length);
    System.arraycopy(rewards, 0, previousReward, 0, batch);
    hasPrevious = true;
    return had;
  }

  /** After the last step T: δ^T = r^T − V^T (the episode ends) into {@link #delta()}. */
  void finish() {
    for (int b = 0; b < batch; b++) {
      delta[b] = previousReward[b] - previousValue[b];
    }
    learn();
  }

  /** Adds −(1/B) Σ_b δ_b ∂V_b/∂w of the remembered step to the gradient. */
  private void learn() {
    double[] g = weights.gradient();
    for (int b = 0; b < batch; b++) {
      double s = -delta[b] / batch;
      for (int j = 0; j < n; j++) {
        g[j] += s * previousInput[b * n + j];
      }
      g[n] += s;
    }
  }

  /** δ of the step the last {@link #step} or {@link #finish} scored, length B (live). */
  double[] delta() {
    return delta;
  }

  /** Applies the sequence's gradient and clears it. */
  void update() {
    weights.update();
  }

  /** The weights w_1..w_n, w_0 (live). */
  double[] weights() {
    return weights.values();
  }

  /** The weights and their optimizer's state ({@link SessionWeights#state}). */
  double[] state() {
    return weights.state();
  }

  /** Reinstates a {@link #state()} from {@code state[offset..]}; returns the offset after it. */
  int restore(double[] state, int offset) {
    return weights.restore(state, offset);
  }

  long storedDoubles() {
    return weights.storedDoubles() + previousValue.length + previousReward.length
        + previousInput.length + delta.length;
  }
}
