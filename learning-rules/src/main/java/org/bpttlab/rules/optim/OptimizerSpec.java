package org.bpttlab.rules.optim;

/**
 * An optimizer and its hyperparameters.
 *
 * @param kind {@code sgd} or {@code adam}
 * @param learningRate η, &gt; 0
 * @param beta1 Adam's first-moment decay, in [0, 1)
 * @param beta2 Adam's second-moment decay, in [0, 1)
 * @param epsilon Adam's ε, &gt; 0
 * @param clipNorm the global-norm clipping threshold, &gt; 0, or 0 for none
 */
public record OptimizerSpec(
    String kind, double learningRate, double beta1, double beta2, double epsilon,
    double clipNorm) {
  public OptimizerSpec {
    if (!"sgd".equals(kind) && !"adam".equals(kind)) {
      throw new IllegalArgumentException("optimizer must be one of sgd, adam, was " + kind);
    }
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException("learningRate must be > 0 and finite, was " + learningRate);
    }
    if (!(beta1 >= 0 && beta1 < 1)) {
      throw new IllegalArgumentException("beta1 must be in [0, 1), was " + beta1);
    }
    if (!(beta2 >= 0 && beta2 < 1)) {
      throw new IllegalArgumentException("beta2 must be in [0, 1), was " + beta2);
    }
    if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
      throw new IllegalArgumentException("epsilon must be > 0 and finite, was " + epsilon);
    }
    if (!(clipNorm >= 0) || Double.isInfinite(clipNorm)) {
      throw new IllegalArgumentException("clipNorm must be >= 0 and finite, was " + clipNorm);
    }
  }

  /** Adam with the paper's defaults β1 = 0.9, β2 = 0.999, ε = 1e-8, no clipping. */
  public static OptimizerSpec adam(double learningRate) {
    return new OptimizerSpec("adam", learningRate, 0.9, 0.999, 1e-8, 0);
  }

  /** Plain gradient descent, no clipping. */
  public static OptimizerSpec sgd(double learningRate) {
    return new OptimizerSpec("sgd", learningRate, 0.9, 0.999, 1e-8, 0);
  }

  public OptimizerSpec withClipNorm(double c) {
    return new OptimizerSpec(kind, learningRate, beta1, beta2, epsilon, c);
  }

  public OptimizerSpec withLearningRate(double lr) {
    return new OptimizerSpec(kind, lr, beta1, beta2, epsilon, clipNorm);
  }

  /** A fresh optimizer (its own state) for parameters of {@code params}' layout. */
  public Optimizer create(org.bpttlab.core.Parameters params) {
    return "sgd".equals(kind) ? new Sgd(this) : new Adam(this, params);
  }
}
