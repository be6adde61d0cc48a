package org.bpttlab.core;

/**
 * An additive perturbation of the neurons' input currents, for node perturbation and noise
 * injection: step t's input current I_t = W_rec o_{t-1} + W_in x_t (+ b for rate cells), B×n, becomes
 * I_t + ξ_t before the neurons' own dynamics (the tanh of a rate cell, the membrane of a spiking
 * cell), and the readout's input W_out o_t + b_out becomes W_out o_t + b_out + ζ_t, so y_t = κ y_{t-1}
 * + g (W_out o_t + b_out + ζ_t) ({@link org.bpttlab.core.readout.LeakyReadout}). Set on a
 * {@link Trajectory}; the network calls it once per step, in order, and again for a step that is
 * recomputed (checkpointed BPTT), so ξ_t and ζ_t must be functions of t alone within a sequence.
 */
@FunctionalInterface
public interface Perturbation {
  /**
   * Adds ξ_t to step t's input current.
   *
   * @param current B×n, Modified (added to)
   */
  void addTo(int t, double[] current);

  /**
   * Adds ζ_t to step t's readout input (nothing by default).
   *
   * @param readout B×n_out, Modified (added to)
   */
  default void addToReadout(int t, double[] readout) {}
}
