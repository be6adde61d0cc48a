package org.bpttlab.rules.optim;

import org.bpttlab.core.Parameters;

/**
 * Updates parameters from a gradient; holds its own state (moments, step sizes, the step count),
 * which {@link #state()} exports and {@link #restore} reinstates, so that a run resumed from a
 * checkpoint continues bit for bit.
 */
public interface Optimizer {
  /** The spec this optimizer was made from. */
  OptimizerSpec spec();

  /**
   * Applies one update and returns the gradient's global norm ‖g‖ before clipping. The gradient is
   * first clipped as the spec asks (by global norm, then by value: {@link Clipping#apply}).
   *
   * <p>A gradient whose norm is not finite (a NaN or infinite entry, or a norm that overflows) is
   * not applied: parameters, gradient and state are left as they are, the step count does not
   * advance, and the non-finite norm is returned for the caller to act on.
   *
   * @param params Modified
   * @param grad Modified (clipped in place)
   * @return ‖g‖ before clipping
   */
  double update(Parameters params, Parameters grad);

  /** The number of updates applied so far (Adam's k). */
  long steps();

  /** A copy of the state: the step count and every state array, named {@code <buffer>.<group>}. */
  OptimizerState state();

  /**
   * Replaces the state with a copy of {@code state}, which must come from an optimizer of the same
   * kind and parameter layout; throws {@link IllegalArgumentException} naming the mismatch.
   */
  void restore(OptimizerState state);
}
