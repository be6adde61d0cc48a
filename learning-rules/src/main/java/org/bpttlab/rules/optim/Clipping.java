package org.bpttlab.rules.optim;

import org.bpttlab.core.Parameters;

/**
 * Gradient clipping: by global norm (Pascanu, Mikolov &amp; Bengio 2013) and by value (each entry
 * to [−v, v]; Mikolov 2012, the form of PyTorch's {@code clip_grad_value_}).
 */
public final class Clipping {
  private Clipping() {}

  /**
   * Rescales {@code grad} so that its global norm is at most {@code maxNorm}: g ← g · min(1,
   * maxNorm/‖g‖). Returns the norm before clipping.
   *
   * @param grad Modified
   */
  public static double byGlobalNorm(Parameters grad, double maxNorm) {
    double norm = grad.norm();
    if (norm > maxNorm) {
      grad.scale(maxNorm / norm);
    }
    return norm;
  }

  /**
   * Clips each entry of {@code grad} to [−maxValue, maxValue]: g_i ← max(−v, min(v, g_i)). A NaN
   * entry stays NaN.
   *
   * @param grad Modified
   * @param maxValue v, &gt; 0
   */
  public static void byValue(Parameters grad, double maxValue) {
    if (!(maxValue > 0)) {
      throw new IllegalArgumentException("maxValue must be > 0, was " + maxValue);
    }
    for (int g = 0; g < grad.groupCount(); g++) {
      double[] d = grad.get(g);
      for (int i = 0; i < d.length; i++) {
        if (d[i] > maxValue) {
          d[i] = maxValue;
        } else if (d[i] < -maxValue) {
          d[i] = -maxValue;
        }
      }
    }
  }

  /**
   * The clipping an {@link OptimizerSpec} asks for, in its order: first by global norm (if {@code
   * maxNorm} &gt; 0), then by value (if {@code maxValue} &gt; 0), so that no entry of the gradient
   * applied exceeds maxValue. Returns ‖g‖ before clipping; if that norm is not
   * finite, {@code grad} is left as it is.
   *
   * @param grad Modified
   */
  public static double apply(Parameters grad, double maxNorm, double maxValue) {
    double norm = grad.norm();
    if (!Double.isFinite(norm)) {
      return norm;
    }
    if (maxNorm > 0 && norm > maxNorm) {
      grad.scale(maxNorm / norm);
    }
    if (maxValue > 0) {
      byValue(grad, maxValue);
    }
    return norm;
  }
}
