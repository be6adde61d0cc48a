package org.bpttlab.core;

/** A per-step loss ℓ(y_t, y*_t) applied to a batch with a mask (DESIGN §3). */
public interface Loss {
  /**
   * Returns {@code scale · Σ_b m_b ℓ(y_b, y*_b)} and writes its gradient with respect to y.
   *
   * @param batch B
   * @param y B×n_out outputs, Not modified
   * @param target B×n_out targets, Not modified
   * @param mask B weights, Not modified
   * @param scale a factor (1/B for the batch mean)
   * @param grad B×n_out, Modified (overwritten) with {@code scale · m_b ∂ℓ/∂y_b}
   * @param perSequence B, Modified: {@code scale · m_b ℓ(y_b, y*_b)} added to entry b; or null
   */
  default double lossAndGradient(
      int batch, double[] y, double[] target, double[] mask, double scale, double[] grad,
      double[] perSequence) {
    double total = 0;
    for (int b = 0; b < batch; b++) {
      double term = sequenceTerm(y, target, b, mask[b] * scale, grad);
      total += term;
      if (perSequence != null) {
        perSequence[b] += term;
      }
    }
    return total;
  }

  /**
   * Sequence b's term {@code m ℓ(y_b, y*_b)}; writes {@code m ∂ℓ/∂y_b} into row b of {@code grad}
   * (the other rows are not touched).
   */
  double sequenceTerm(double[] y, double[] target, int b, double m, double[] grad);
}
