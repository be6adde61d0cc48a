package org.bpttlab.rules.optim;

import org.bpttlab.core.Parameters;

/** Updates parameters from a gradient; holds its own state (moments, step count). */
public interface Optimizer {
  /**
   * Applies one update. The gradient is first clipped by global norm if the spec asks for it.
   *
   * @param params Modified
   * @param grad Modified (clipped in place)
   */
  void update(Parameters params, Parameters grad);
}
