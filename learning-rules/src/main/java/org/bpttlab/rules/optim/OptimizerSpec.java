package org.bpttlab.rules.optim;

import java.util.List;
import org.bpttlab.core.Parameters;

/**
 * An optimizer and its hyperparameters: one record for every kind, each field with a default. A
 * field that belongs to another kind must keep its default, so that two specs that train alike are
 * equal and the JSON form (which lists only the chosen kind's fields) loses nothing.
 *
 * <p>Clipping applies to every kind, in this order: the gradient is first rescaled to global norm
 * at most {@code clipNorm}, then each entry is clipped to [−clipValue, clipValue] (see
 * {@link Clipping#apply}). Neither changes a sign, so neither changes what Rprop does.
 *
 * @param kind one of {@link #KINDS}: {@code sgd} ({@link Sgd}), {@code momentum} ({@link
 *     Momentum}), {@code adam} ({@link Adam}), {@code rprop} ({@link Rprop})
 * @param learningRate η, &gt; 0 and finite; for Rprop the initial step size, in [minStep, maxStep]
 * @param beta1 Adam's first-moment decay β1, in [0, 1); default 0.9
 * @param beta2 Adam's second-moment decay β2, in [0, 1); default 0.999
 * @param epsilon Adam's ε, &gt; 0 and finite; default 1e-8
 * @param momentum the momentum coefficient μ, in [0, 1); default 0.9
 * @param nesterov momentum's Nesterov variant; default false
 * @param stepDecrease Rprop's η−, the step-size factor after a sign change, in (0, 1); default 0.5
 * @param stepIncrease Rprop's η+, the step-size factor otherwise, &gt; 1 and finite; default 1.2
 * @param minStep Rprop's smallest step size, &gt; 0 and finite; default 1e-6
 * @param maxStep Rprop's largest step size, ≥ minStep and finite; default 50
 * @param clipNorm the global-norm clipping threshold, &gt; 0, or 0 for none
 * @param clipValue the per-entry clipping bound, &gt; 0, or 0 for none
 */
public record OptimizerSpec(
    String kind,
    double learningRate,
    double beta1,
    double beta2,
    double epsilon,
    double momentum,
    boolean nesterov,
    double stepDecrease,
    double stepIncrease,
    double minStep,
    double maxStep,
    double clipNorm,
    double clipValue) {

  /** The kinds there are. */
  public static final List<String> KINDS = List.of("sgd", "momentum", "adam", "rprop");

  public static final double DEFAULT_BETA1 = 0.9;
  public static final double DEFAULT_BETA2 = 0.999;
  public static final double DEFAULT_EPSILON = 1e-8;
  public static final double DEFAULT_MOMENTUM = 0.9;
  public static final double DEFAULT_STEP_DECREASE = 0.5;
  public static final double DEFAULT_STEP_INCREASE = 1.2;
  public static final double DEFAULT_MIN_STEP = 1e-6;
  public static final double DEFAULT_MAX_STEP = 50;

  public OptimizerSpec {
    if (!KINDS.contains(kind)) {
      throw new IllegalArgumentException(
          "kind must be one of " + String.join(", ", KINDS) + ", was '" + kind + "'");
    }
    require(learningRate > 0 && Double.isFinite(learningRate), "learningRate",
        "> 0 and finite", learningRate);
    require(beta1 >= 0 && beta1 < 1, "beta1", "in [0, 1)", beta1);
    require(beta2 >= 0 && beta2 < 1, "beta2", "in [0, 1)", beta2);
    require(epsilon > 0 && Double.isFinite(epsilon), "epsilon", "> 0 and finite",
        epsilon);
    require(momentum >= 0 && momentum < 1, "momentum", "in [0, 1)", momentum);
    require(stepDecrease > 0 && stepDecrease < 1, "stepDecrease", "in (0, 1)", stepDecrease);
    require(stepIncrease > 1 && Double.isFinite(stepIncrease), "stepIncrease",
        "> 1 and finite", stepIncrease);
    require(minStep > 0 && Double.isFinite(minStep), "minStep", "> 0 and finite",
        minStep);
    require(maxStep >= minStep && Double.isFinite(maxStep), "maxStep",
        ">= minStep (" + minStep + ") and finite", maxStep);
    require(clipNorm >= 0 && Double.isFinite(clipNorm), "clipNorm",
        "> 0 and finite, or 0 for none", clipNorm);
    require(clipValue >= 0 && Double.isFinite(clipValue), "clipValue",
        "> 0 and finite, or 0 for none", clipValue);
    onlyFor("adam", kind, "beta1", beta1, DEFAULT_BETA1);
    onlyFor("adam", kind, "beta2", beta2, DEFAULT_BETA2);
    onlyFor("adam", kind, "epsilon", epsilon, DEFAULT_EPSILON);
    onlyFor("momentum", kind, "momentum", momentum, DEFAULT_MOMENTUM);
    if (nesterov && !"momentum".equals(kind)) {
      throw new IllegalArgumentException(
          "nesterov applies to kind momentum only and must be false for kind " + kind);
    }
    onlyFor("rprop", kind, "stepDecrease", stepDecrease, DEFAULT_STEP_DECREASE);
    onlyFor("rprop", kind, "stepIncrease", stepIncrease, DEFAULT_STEP_INCREASE);
    onlyFor("rprop", kind, "minStep", minStep, DEFAULT_MIN_STEP);
    onlyFor("rprop", kind, "maxStep", maxStep, DEFAULT_MAX_STEP);
    if ("rprop".equals(kind) && !(learningRate >= minStep && learningRate <= maxStep)) {
      throw new IllegalArgumentException("learningRate (Rprop's initial step size) must be in"
          + " [minStep, maxStep] = [" + minStep + ", " + maxStep + "], was " + learningRate);
    }
  }

  /** Throws "{field} must be {allowed}, was {value}" unless {@code ok} (false for NaN). */
  private static void require(boolean ok, String field, String allowed, double value) {
    if (!ok) {
      throw new IllegalArgumentException(field + " must be " + allowed + ", was " + value);
    }
  }

  private static void onlyFor(String owner, String kind, String field, double value,
      double defaultValue) {
    if (!owner.equals(kind) && value != defaultValue) {
      throw new IllegalArgumentException(field + " applies to kind " + owner + " only and must"
          + " keep its default " + defaultValue + " for kind " + kind + ", was " + value);
    }
  }

  /** {@code kind} with every other hyperparameter at its default and no clipping. */
  private static OptimizerSpec defaults(String kind, double learningRate) {
    return new OptimizerSpec(kind, learningRate, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPSILON,
        DEFAULT_MOMENTUM, false, DEFAULT_STEP_DECREASE, DEFAULT_STEP_INCREASE, DEFAULT_MIN_STEP,
        DEFAULT_MAX_STEP, 0, 0);
  }

  /** Plain gradient descent, no clipping. */
  public static OptimizerSpec sgd(double learningRate) {
    return defaults("sgd", learningRate);
  }

  /** Heavy-ball momentum μ (not Nesterov), no clipping. */
  public static OptimizerSpec momentum(double learningRate, double momentum) {
    return defaults("momentum", learningRate).withMomentum(momentum);
  }

  /** Adam with the paper's defaults β1 = 0.9, β2 = 0.999, ε = 1e-8, no clipping. */
  public static OptimizerSpec adam(double learningRate) {
    return defaults("adam", learningRate);
  }

  /**
   * Rprop with initial step size {@code learningRate}, η− = 0.5, η+ = 1.2, steps in [1e-6, 50], no
   * clipping.
   */
  public static OptimizerSpec rprop(double learningRate) {
    return defaults("rprop", learningRate);
  }

  public OptimizerSpec withLearningRate(double lr) {
    return new OptimizerSpec(kind, lr, beta1, beta2, epsilon, momentum, nesterov, stepDecrease,
        stepIncrease, minStep, maxStep, clipNorm, clipValue);
  }

  public OptimizerSpec withBetas(double b1, double b2) {
    return new OptimizerSpec(kind, learningRate, b1, b2, epsilon, momentum, nesterov, stepDecrease,
        stepIncrease, minStep, maxStep, clipNorm, clipValue);
  }

  public OptimizerSpec withEpsilon(double eps) {
    return new OptimizerSpec(kind, learningRate, beta1, beta2, eps, momentum, nesterov,
        stepDecrease, stepIncrease, minStep, maxStep, clipNorm, clipValue);
  }

  public OptimizerSpec withMomentum(double mu) {
    return new OptimizerSpec(kind, learningRate, beta1, beta2, epsilon, mu, nesterov, stepDecrease,
        stepIncrease, minStep, maxStep, clipNorm, clipValue);
  }

  public OptimizerSpec withNesterov(boolean on) {
    return new OptimizerSpec(kind, learningRate, beta1, beta2, epsilon, momentum, on, stepDecrease,
        stepIncrease, minStep, maxStep, clipNorm, clipValue);
  }

  /** Rprop's η− and η+. */
  public OptimizerSpec withStepFactors(double decrease, double increase) {
    return new OptimizerSpec(kind, learningRate, beta1, beta2, epsilon, momentum, nesterov,
        decrease, increase, minStep, maxStep, clipNorm, clipValue);
  }

  /** Rprop's step-size bounds. */
  public OptimizerSpec withStepBounds(double min, double max) {
    return new OptimizerSpec(kind, learningRate, beta1, beta2, epsilon, momentum, nesterov,
        stepDecrease, stepIncrease, min, max, clipNorm, clipValue);
  }

  public OptimizerSpec withClipNorm(double c) {
    return new OptimizerSpec(kind, learningRate, beta1, beta2, epsilon, momentum, nesterov,
        stepDecrease, stepIncrease, minStep, maxStep, c, clipValue);
  }

  public OptimizerSpec withClipValue(double c) {
    return new OptimizerSpec(kind, learningRate, beta1, beta2, epsilon, momentum, nesterov,
        stepDecrease, stepIncrease, minStep, maxStep, clipNorm, c);
  }

  /** A fresh optimizer (its own state) for parameters of {@code layout}'s layout. */
  public Optimizer create(Parameters layout) {
    return switch (kind) {
      case "sgd" -> new Sgd(this, layout);
      case "momentum" -> new Momentum(this, layout);
      case "adam" -> new Adam(this, layout);
      case "rprop" -> new Rprop(this, layout);
      default -> throw new IllegalStateException("unknown kind " + kind);
    };
  }
}
