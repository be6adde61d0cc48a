package org.bpttlab.core.loss;

import org.bpttlab.core.Loss;

/** ℓ(y, y*) = ½ ‖y − y*‖², ∂ℓ/∂y = y − y*. */
public final class MeanSquaredError implements Loss {
  private final int outputs;

  public MeanSquaredError(int outputs) {
    this.outputs = outputs;
  }

  @Override
  public double lossAndGradient(
      int batch, double[] y, double[] target, double[] mask, double scale, double[] grad,
      double[] perSequence) {
    double total = 0;
    for (int b = 0; b < batch; b++) {
      double m = mask[b] * scale;
      double sum = 0;
      for (int k = 0; k < outputs; k++) {
        int i = b * outputs + k;
        double e = y[i] - target[i];
        sum += e * e;
        grad[i] = m * e;
      }
      double term = 0.5 * m * sum;
      total += term;
      if (perSequence != null) {
        perSequence[b] += term;
      }
    }
    return total;
  }
}
