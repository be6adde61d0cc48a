package org.bpttlab.core.loss;

import org.bpttlab.core.Loss;

/** ℓ(y, y*) = ½ ‖y − y*‖², ∂ℓ/∂y = y − y*. */
public final class MeanSquaredError implements Loss {
  private final int outputs;

  public MeanSquaredError(int outputs) {
    this.outputs = outputs;
  }

  @Override
  public double sequenceTerm(double[] y, double[] target, int b, double m, double[] grad) {
    double sum = 0;
    for (int k = 0; k < outputs; k++) {
      int i = b * outputs + k;
      double e = y[i] - target[i];
      sum += e * e;
      grad[i] = m * e;
    }
    return 0.5 * m * sum;
  }
}
