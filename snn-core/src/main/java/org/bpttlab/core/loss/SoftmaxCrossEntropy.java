package org.bpttlab.core.loss;

import org.bpttlab.core.Loss;

/**
 * ℓ(y, y*) = −Σ_k y*_k log softmax(y)_k, computed with the log-sum-exp shift; ∂ℓ/∂y_k =
 * (Σ_c y*_c) softmax(y)_k − y*_k (= p − y* for one-hot or probability targets).
 */
public final class SoftmaxCrossEntropy implements Loss {
  private final int outputs;

  public SoftmaxCrossEntropy(int outputs) {
    this.outputs = outputs;
  }

  @Override
  public double sequenceTerm(double[] y, double[] target, int b, double m, double[] grad) {
    int o = b * outputs;
    double max = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < outputs; k++) {
      max = Math.max(max, y[o + k]);
    }
    double sumExp = 0;
    for (int k = 0; k < outputs; k++) {
      sumExp += Math.exp(y[o + k] - max);
    }
    double logZ = max + Math.log(sumExp);
    double mass = 0;
    double loss = 0;
    for (int k = 0; k < outputs; k++) {
      mass += target[o + k];
      loss -= target[o + k] * (y[o + k] - logZ);
    }
    for (int k = 0; k < outputs; k++) {
      grad[o + k] = m * (mass * Math.exp(y[o + k] - logZ) - target[o + k]);
    }
    return m * loss;
  }
}
