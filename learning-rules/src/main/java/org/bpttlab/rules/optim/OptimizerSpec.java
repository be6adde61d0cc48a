package org.bpttlab.rules.optim;

import java.util.List;
import org.bpttlab.core.Parameters;

/**
 * An optimizer and its hyperparameters: one record per kind, each with its own fields, the
 * learning rate η and the clipping all kinds share. A field of another kind cannot be set, so two
 * specs that train alike are equal.
 *
 * <p>Clipping applies to every kind, in this order: the gradient is first rescaled to global norm
 * at most {@code clipNorm}, then each entry is clipped to [−clipValue, clipValue] (see
 * {@link Clipping#apply}). Neither changes a sign, so neither changes what Rprop does.
 */
public sealed interface OptimizerSpec {
  /** The kinds there are, as {@link #kind} names them. */
  List<String> KINDS = List.of("sgd", "momentum", "adam", "rprop");

  double DEFAULT_BETA1 = 0.9;
  double DEFAULT_BETA2 = 0.999;
  double DEFAULT_EPSILON = 1e-8;
  double DEFAULT_MOMENTUM = 0.9;
  double DEFAULT_STEP_DECREASE = 0.5;
  double DEFAULT_STEP_INCREASE = 1.2;
  double DEFAULT_MIN_STEP = 1e-6;
  double DEFAULT_MAX_STEP = 50;

  /** One of {@link #KINDS}. */
  String kind();

  /** η, &gt; 0 and finite; for Rprop the initial step size, in [minStep, maxStep]. */
  double learningRate();

  /** The clipping. */
  Clip clip();

  /** A copy with learning rate {@code lr}. */
  OptimizerSpec withLearningRate(double lr);

  /** A copy with clipping {@code c}. */
  OptimizerSpec withClip(Clip c);

  /** A fresh optimizer (its own state) for parameters of {@code layout}'s layout. */
  Optimizer create(Parameters layout);

  /** The global-norm clipping threshold, 0 for none. */
  default double clipNorm() {
    return clip().norm();
  }

  /** The per-entry clipping bound, 0 for none. */
  default double clipValue() {
    return clip().value();
  }

  default OptimizerSpec withClipNorm(double c) {
    return withClip(new Clip(c, clipValue()));
  }

  default OptimizerSpec withClipValue(double c) {
    return withClip(new Clip(clipNorm(), c));
  }

  /** Plain gradient descent, no clipping. */
  static SgdSpec sgd(double learningRate) {
    return new SgdSpec(learningRate, Clip.NONE);
  }

  /** Heavy-ball momentum μ (not Nesterov), no clipping. */
  static MomentumSpec momentum(double learningRate, double momentum) {
    return new MomentumSpec(learningRate, momentum, false, Clip.NONE);
  }

  /** Adam with the paper's defaults β1 = 0.9, β2 = 0.999, ε = 1e-8, no clipping. */
  static AdamSpec adam(double learningRate) {
    return new AdamSpec(learningRate, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPSILON, Clip.NONE);
  }

  /**
   * Rprop with initial step size {@code learningRate}, η− = 0.5, η+ = 1.2, steps in [1e-6, 50], no
   * clipping.
   */
  static RpropSpec rprop(double learningRate) {
    return new RpropSpec(learningRate, DEFAULT_STEP_DECREASE, DEFAULT_STEP_INCREASE,
        DEFAULT_MIN_STEP, DEFAULT_MAX_STEP, Clip.NONE);
  }

  /**
   * Gradient clipping, shared by every kind.
   *
   * @param norm the global-norm clipping threshold, &gt; 0, or 0 for none
   * @param value the per-entry clipping bound, &gt; 0, or 0 for none
   */
  record Clip(double norm, double value) {
    /** No clipping. */
    public static final Clip NONE = new Clip(0, 0);

    public Clip {
      require(norm >= 0 && Double.isFinite(norm), "clipNorm", "> 0 and finite, or 0 for none",
          norm);
      require(value >= 0 && Double.isFinite(value), "clipValue",
          "> 0 and finite, or 0 for none", value);
    }
  }

  /**
   * Gradient descent ({@link Sgd}).
   *
   * @param learningRate η, &gt; 0 and finite
   * @param clip the clipping
   */
  record SgdSpec(double learningRate, Clip clip) implements OptimizerSpec {
    public SgdSpec {
      requireLearningRate(learningRate, clip);
    }

    @Override
    public String kind() {
      return "sgd";
    }

    @Override
    public SgdSpec withLearningRate(double lr) {
      return new SgdSpec(lr, clip);
    }

    @Override
    public SgdSpec withClip(Clip c) {
      return new SgdSpec(learningRate, c);
    }

    @Override
    public Optimizer create(Parameters layout) {
      return new Sgd(this, layout);
    }
  }

  /**
   * Gradient descent with momentum ({@link Momentum}).
   *
   * @param learningRate η, &gt; 0 and finite
   * @param momentum the momentum coefficient μ, in [0, 1); default 0.9
   * @param nesterov Nesterov's variant; default false
   * @param clip the clipping
   */
  record MomentumSpec(double learningRate, double momentum, boolean nesterov, Clip clip)
      implements OptimizerSpec {
    public MomentumSpec {
      requireLearningRate(learningRate, clip);
      require(momentum >= 0 && momentum < 1, "momentum", "in [0, 1)", momentum);
    }

    @Override
    public String kind() {
      return "momentum";
    }

    @Override
    public MomentumSpec withLearningRate(double lr) {
      return new MomentumSpec(lr, momentum, nesterov, clip);
    }

    @Override
    public MomentumSpec withClip(Clip c) {
      return new MomentumSpec(learningRate, momentum, nesterov, c);
    }

    public MomentumSpec withMomentum(double mu) {
      return new MomentumSpec(learningRate, mu, nesterov, clip);
    }

    public MomentumSpec withNesterov(boolean on) {
      return new MomentumSpec(learningRate, momentum, on, clip);
    }

    @Override
    public Optimizer create(Parameters layout) {
      return new Momentum(this, layout);
    }
  }

  /**
   * Adam ({@link Adam}).
   *
   * @param learningRate η, &gt; 0 and finite
   * @param beta1 the first-moment decay β1, in [0, 1); default 0.9
   * @param beta2 the second-moment decay β2, in [0, 1); default 0.999
   * @param epsilon ε, &gt; 0 and finite; default 1e-8
   * @param clip the clipping
   */
  record AdamSpec(double learningRate, double beta1, double beta2, double epsilon, Clip clip)
      implements OptimizerSpec {
    public AdamSpec {
      requireLearningRate(learningRate, clip);
      require(beta1 >= 0 && beta1 < 1, "beta1", "in [0, 1)", beta1);
      require(beta2 >= 0 && beta2 < 1, "beta2", "in [0, 1)", beta2);
      require(epsilon > 0 && Double.isFinite(epsilon), "epsilon", "> 0 and finite", epsilon);
    }

    @Override
    public String kind() {
      return "adam";
    }

    @Override
    public AdamSpec withLearningRate(double lr) {
      return new AdamSpec(lr, beta1, beta2, epsilon, clip);
    }

    @Override
    public AdamSpec withClip(Clip c) {
      return new AdamSpec(learningRate, beta1, beta2, epsilon, c);
    }

    public AdamSpec withBetas(double b1, double b2) {
      return new AdamSpec(learningRate, b1, b2, epsilon, clip);
    }

    public AdamSpec withEpsilon(double eps) {
      return new AdamSpec(learningRate, beta1, beta2, eps, clip);
    }

    @Override
    public Optimizer create(Parameters layout) {
      return new Adam(this, layout);
    }
  }

  /**
   * Rprop ({@link Rprop}).
   *
   * @param learningRate the initial step size, in [minStep, maxStep]
   * @param stepDecrease η−, the step-size factor after a sign change, in (0, 1); default 0.5
   * @param stepIncrease η+, the step-size factor otherwise, &gt; 1 and finite; default 1.2
   * @param minStep the smallest step size, &gt; 0 and finite; default 1e-6
   * @param maxStep the largest step size, ≥ minStep and finite; default 50
   * @param clip the clipping
   */
  record RpropSpec(double learningRate, double stepDecrease, double stepIncrease, double minStep,
      double maxStep, Clip clip) implements OptimizerSpec {
    public RpropSpec {
      requireLearningRate(learningRate, clip);
      require(stepDecrease > 0 && stepDecrease < 1, "stepDecrease", "in (0, 1)", stepDecrease);
      require(stepIncrease > 1 && Double.isFinite(stepIncrease), "stepIncrease",
          "> 1 and finite", stepIncrease);
      require(minStep > 0 && Double.isFinite(minStep), "minStep", "> 0 and finite", minStep);
      require(maxStep >= minStep && Double.isFinite(maxStep), "maxStep",
          ">= minStep (" + minStep + ") and finite", maxStep);
      if (!(learningRate >= minStep && learningRate <= maxStep)) {
        throw new IllegalArgumentException("learningRate (Rprop's initial step size) must be in"
            + " [minStep, maxStep] = [" + minStep + ", " + maxStep + "], was " + learningRate);
      }
    }

    @Override
    public String kind() {
      return "rprop";
    }

    @Override
    public RpropSpec withLearningRate(double lr) {
      return new RpropSpec(lr, stepDecrease, stepIncrease, minStep, maxStep, clip);
    }

    @Override
    public RpropSpec withClip(Clip c) {
      return new RpropSpec(learningRate, stepDecrease, stepIncrease, minStep, maxStep, c);
    }

    /** η− and η+. */
    public RpropSpec withStepFactors(double decrease, double increase) {
      return new RpropSpec(learningRate, decrease, increase, minStep, maxStep, clip);
    }

    /** The step-size bounds. */
    public RpropSpec withStepBounds(double min, double max) {
      return new RpropSpec(learningRate, stepDecrease, stepIncrease, min, max, clip);
    }

    @Override
    public Optimizer create(Parameters layout) {
      return new Rprop(this, layout);
    }
  }

  /** Every kind's check of η and of the clipping's presence. */
  private static void requireLearningRate(double learningRate, Clip clip) {
    require(learningRate > 0 && Double.isFinite(learningRate), "learningRate", "> 0 and finite",
        learningRate);
    if (clip == null) {
      throw new IllegalArgumentException("clip must be given (Clip.NONE: none)");
    }
  }

  /** Throws "{field} must be {allowed}, was {value}" unless {@code ok} (false for NaN). */
  private static void require(boolean ok, String field, String allowed, double value) {
    if (!ok) {
      throw new IllegalArgumentException(field + " must be " + allowed + ", was " + value);
    }
  }
}
