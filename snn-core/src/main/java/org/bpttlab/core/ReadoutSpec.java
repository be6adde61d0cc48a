package org.bpttlab.core;

/**
 * The readout {@code y_t = κ y_{t-1} + W_out o_t + b_out}, κ = exp(-dt/τ_out), where o_t is the cell's
 * output (h_t for rate cells, z_t for spiking cells). {@code tauOutMs = 0} gives κ = 0: the linear
 * readout {@code y_t = W_out h_t + b_out} of rate networks.
 *
 * @param tauOutMs the readout's time constant τ_out, ≥ 0 (0: linear)
 * @param dtMs the time step, &gt; 0
 */
public record ReadoutSpec(double tauOutMs, double dtMs) {
  public ReadoutSpec {
    if (!(tauOutMs >= 0) || Double.isInfinite(tauOutMs)) {
      throw new IllegalArgumentException("tauOutMs must be >= 0 and finite, was " + tauOutMs);
    }
    CellSpec.requirePositive("dtMs", dtMs);
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
}
