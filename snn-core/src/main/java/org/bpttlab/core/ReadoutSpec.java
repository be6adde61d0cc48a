package org.bpttlab.core;

/**
 * The readout {@code y_t = κ y_{t-1} + g (W_out o_t + b_out)}, κ = exp(-dt/τ_out), where o_t is the
 * cell's output (h_t for rate cells, z_t for spiking cells) and g the filter's input gain: 1 (Bellec
 * et al. 2020, Methods), or with {@code unitGain} 1 − κ, a filter whose gain at rest is 1 (the e-prop
 * reference code's {@code exp_convolve}, {@code a·κ + (1 − κ)·x}). {@code tauOutMs = 0} gives κ = 0
 * and g = 1: the linear readout {@code y_t = W_out h_t + b_out} of rate networks.
 *
 * @param tauOutMs the readout's time constant τ_out, ≥ 0 (0: linear)
 * @param dtMs the time step, &gt; 0
 * @param unitGain whether g = 1 − κ rather than 1
 */
public record ReadoutSpec(double tauOutMs, double dtMs, boolean unitGain) {
  public ReadoutSpec {
    if (!(tauOutMs >= 0) || Double.isInfinite(tauOutMs)) {
      throw new IllegalArgumentException("tauOutMs must be >= 0 and finite, was " + tauOutMs);
    }
    CellSpec.requirePositive("dtMs", dtMs);
  }

  /** A readout with g = 1. */
  public ReadoutSpec(double tauOutMs, double dtMs) {
    this(tauOutMs, dtMs, false);
  }

  /** The linear readout (κ = 0). */
  public static ReadoutSpec linear() {
    return new ReadoutSpec(0, 1);
  }

  /** A leaky readout with time constant τ_out (dt = 1 ms). */
  public static ReadoutSpec leaky(double tauOutMs) {
    return new ReadoutSpec(tauOutMs, 1);
  }

  /** κ = exp(-dt/τ_out), 0 for the linear readout. */
  public double kappa() {
    return tauOutMs == 0 ? 0.0 : Math.exp(-dtMs / tauOutMs);
  }

  /** g: 1, or 1 − κ with {@link #unitGain}. */
  public double inputGain() {
    return unitGain ? 1 - kappa() : 1.0;
  }

  /** A copy with g = 1 − κ, or 1. */
  public ReadoutSpec withUnitGain(boolean on) {
    return new ReadoutSpec(tauOutMs, dtMs, on);
  }
}
