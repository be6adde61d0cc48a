package org.bpttlab.core;

/**
 * The pseudo-derivative ψ that stands in for the Heaviside's derivative in every backward or
 * forward-mode pass, as a function of the scaled distance to threshold {@code u = (v - A) / v_th}.
 * γ is the dampening factor.
 */
public enum Surrogate {
  /**
   * ψ = (γ / v_th) max(0, 1 - |u|), Bellec et al. 2018 (LSNN) and 2020 (e-prop). The default.
   */
  PIECEWISE_LINEAR("piecewise-linear"),
  /** ψ = (γ / v_th) / (1 + |u|)², the fast sigmoid's derivative (Zenke &amp; Ganguli 2018, SuperSpike). */
  FAST_SIGMOID("fast-sigmoid"),
  /**
   * Not a spiking model: the spike itself is the logistic function z = σ(4u), and ψ = dz/dv its
   * true derivative, so that finite differences check the gradient code (contract B1). γ is unused.
   * Refractoriness still starts when v ≥ A.
   */
  SMOOTH_TEST("smooth-test");

  private final String label;

  Surrogate(String label) {
    this.label = label;
  }

  /** The name on the command line and in outputs. */
  public String label() {
    return label;
  }

  /** The surrogate with this label; throws naming the allowed values. */
  public static Surrogate fromLabel(String label) {
    for (Surrogate s : values()) {
      if (s.label.equals(label)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "surrogate must be one of piecewise-linear, fast-sigmoid, smooth-test, was " + label);
  }

  /**
   * The spike value for scaled distance {@code u}: the Heaviside H(u) (with H(0) = 1), or σ(4u) for
   * {@link #SMOOTH_TEST}.
   */
  public double spike(double u) {
    if (this == SMOOTH_TEST) {
      return 1.0 / (1.0 + Math.exp(-4.0 * u));
    }
    return u >= 0 ? 1.0 : 0.0;
  }

  /** ψ = dz/dv for scaled distance {@code u}, threshold {@code vTh} and dampening {@code gamma}. */
  public double derivative(double u, double vTh, double gamma) {
    switch (this) {
      case PIECEWISE_LINEAR:
        return gamma / vTh * Math.max(0.0, 1.0 - Math.abs(u));
      case FAST_SIGMOID:
        {
          double d = 1.0 + Math.abs(u);
          return gamma / vTh / (d * d);
        }
      case SMOOTH_TEST:
        {
          double s = 1.0 / (1.0 + Math.exp(-4.0 * u));
          return 4.0 / vTh * s * (1.0 - s);
        }
      default:
        throw new AssertionError(this);
    }
  }
}
