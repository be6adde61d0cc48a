package org.bpttlab.core;

/**
 * The rate cell (Elman RNN, leaky tanh RNN):
 *
 * <pre>
 * a_t = W_rec h_{t-1} + W_in x_t + b
 * h_t = (1 - α) h_{t-1} + α φ(a_t)          φ = tanh (default) or the identity
 * </pre>
 *
 * α = 1 is the vanilla (Elman 1990) RNN; α = dt/τ &lt; 1 the leaky one (Murray 2019). Every
 * sequence starts from h_0 = {@code initialState} in every neuron (0 by default; Murray's RFLO code
 * starts from 0.1). The identity φ makes the cell a linear dynamical system, h_t = A h_{t-1} + B x_t
 * + b with A = (1 − α) I + α W_rec: the model of Tallec &amp; Ollivier 2018's influence balancing.
 *
 * @param hidden number of neurons n, &gt; 0
 * @param alpha leak α in (0, 1]
 * @param stopRecurrentGradient stop the gradient through {@code W_rec h_{t-1}} (the leak path is kept)
 * @param initialState h_0's value in every neuron, finite
 * @param activation φ, tanh or linear (the identity)
 */
public record RateCellSpec(int hidden, double alpha, boolean stopRecurrentGradient,
    double initialState, Activation activation) implements CellSpec {
  /** The rate cell's nonlinearity φ. */
  public enum Activation {
    /** φ = tanh, φ′ = 1 − tanh². */
    TANH("tanh"),
    /** φ(a) = a, φ′ = 1: a linear cell. */
    LINEAR("linear");

    private final String label;

    Activation(String label) {
      this.label = label;
    }

    /** The name in configs and on the command line. */
    public String label() {
      return label;
    }

    /** The activation of this label; an {@link IllegalArgumentException} lists the allowed ones. */
    public static Activation fromLabel(String label) {
      for (Activation a : values()) {
        if (a.label.equals(label)) {
          return a;
        }
      }
      throw new IllegalArgumentException(
          "activation must be one of tanh, linear, was \"" + label + "\"");
    }
  }

  public RateCellSpec {
    if (hidden <= 0) {
      throw new IllegalArgumentException("hidden must be > 0, was " + hidden);
    }
    if (!(alpha > 0 && alpha <= 1)) {
      throw new IllegalArgumentException("alpha must be in (0, 1], was " + alpha);
    }
    if (!Double.isFinite(initialState)) {
      throw new IllegalArgumentException("initialState must be finite, was " + initialState);
    }
    if (activation == null) {
      throw new IllegalArgumentException("activation must be tanh or linear, was null");
    }
  }

  /** A tanh cell. */
  public RateCellSpec(int hidden, double alpha, boolean stopRecurrentGradient,
      double initialState) {
    this(hidden, alpha, stopRecurrentGradient, initialState, Activation.TANH);
  }

  /** A tanh cell that starts from h_0 = 0. */
  public RateCellSpec(int hidden, double alpha, boolean stopRecurrentGradient) {
    this(hidden, alpha, stopRecurrentGradient, 0.0);
  }

  /** A vanilla RNN (α = 1) with n neurons. */
  public static RateCellSpec vanilla(int hidden) {
    return new RateCellSpec(hidden, 1.0, false);
  }

  @Override
  public String kind() {
    return "rate";
  }

  @Override
  public RateCellSpec withHidden(int n) {
    return new RateCellSpec(n, alpha, stopRecurrentGradient, initialState, activation);
  }

  @Override
  public RateCellSpec withStopRecurrentGradient(boolean stop) {
    return new RateCellSpec(hidden, alpha, stop, initialState, activation);
  }

  /** The recurrent input's gradient stopped: a rate neuron has no other path from h_{t-1}. */
  @Override
  public RateCellSpec eligibilityGraph() {
    return withStopRecurrentGradient(true);
  }

  public RateCellSpec withAlpha(double a) {
    return new RateCellSpec(hidden, a, stopRecurrentGradient, initialState, activation);
  }

  /** A copy that starts from h_0 = {@code value} in every neuron. */
  public RateCellSpec withInitialState(double value) {
    return new RateCellSpec(hidden, alpha, stopRecurrentGradient, value, activation);
  }

  /** A copy with the nonlinearity φ = {@code a}. */
  public RateCellSpec withActivation(Activation a) {
    return new RateCellSpec(hidden, alpha, stopRecurrentGradient, initialState, a);
  }
}
