package org.bpttlab.rules;

import org.bpttlab.core.Parameters;
import org.bpttlab.core.Trajectory;

/**
 * One run of a rule. For each sequence, the {@link SequenceRunner} calls {@link #startSequence},
 * then {@link #observe} after the network computed each step t = 1..T, and at the end
 * {@link #gradient}, which yields the rule's gradient estimate in the parameters' layout.
 */
public interface Session {
  /** A new sequence begins on {@code trajectory} (whose steps are not computed yet). */
  default void startSequence(Trajectory trajectory) {}

  /** Step t of the trajectory has just been computed (state, output, readout, ∂L/∂y_t). */
  void observe(Trajectory trajectory, int t);

  /**
   * After the last step and the network's {@code finish}: writes the estimate of ∂L/∂θ for the
   * sequence into {@code out}.
   *
   * @param out Modified (overwritten)
   */
  void gradient(Trajectory trajectory, Parameters out);
}
