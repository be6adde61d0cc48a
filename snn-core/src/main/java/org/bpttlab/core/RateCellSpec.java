package org.bpttlab.core;

/**
 * The rate cell (Elman RNN, leaky tanh RNN):
 *
 * <pre>
 * a_t = W_rec h_{t-1} + W_in x_t + b
 * h_t = (1 - α) h_{t-1} + α tanh(a_t)
 * </pre>
 *
 * α = 1 is the vanilla (Elman 1990) RNN; α = dt/τ &lt; 1 the leaky one (Murray 2019). Every
 * sequence starts from h_0 = {@code initialState} in every neuron (0 by default; Murray's RFLO code
 * starts from 0.1).
 *
 * @param hidden number of neurons n, &gt; 0
 * @param alpha leak α in (0, 1]
 * @param stopRecurrentGradient stop the gradient through {@code W_rec h_{t-1}} (the leak path is kept)
 * @param initialState h_0's value in every neuron, finite
 */
public record RateCellSpec(int hidden, double alpha, boolean stopRecurrentGradient,
    double initialState) implements CellSpec {
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
  }

  /** A cell that starts from h_0 = 0. */
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
    return new RateCellSpec(n, alpha, stopRecurrentGradient, initialState);
  }

  @Override
  public RateCellSpec withStopRecurrentGradient(boolean stop) {
    return new RateCellSpec(hidden, alpha, stop, initialState);
  }

  /** The recurrent input's gradient stopped: a rate neuron has no other path from h_{t-1}. */
  @Override
  public RateCellSpec eligibilityGraph() {
    return withStopRecurrentGradient(true);
  }

  public RateCellSpec withAlpha(double a) {
    return new RateCellSpec(hidden, a, stopRecurrentGradient, initialState);
  }

  /** A copy that starts from h_0 = {@code value} in every neuron. */
  public RateCellSpec withInitialState(double value) {
    return new RateCellSpec(hidden, alpha, stopRecurrentGradient, value);
  }
}
