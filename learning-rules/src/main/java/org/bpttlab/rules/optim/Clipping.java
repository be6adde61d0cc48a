package org.bpttlab.rules.optim;

import org.bpttlab.core.Parameters;

/** Gradient clipping (Pascanu, Mikolov &amp; Bengio 2013). */
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
}
