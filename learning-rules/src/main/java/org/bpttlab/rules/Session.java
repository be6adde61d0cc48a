package org.bpttlab.rules;

import org.bpttlab.core.Parameters;
import org.bpttlab.core.Trajectory;

/**
 * One run of a rule. For each sequence, the {@link SequenceRunner} calls {@link #startSequence},
 * then {@link #observe} after the network computed each step t = 1..T, and at the end
 * {@link #gradient}, which yields the rule's gradient estimate in the parameters' layout.
 *
 * <p>Online rules may also hand out a gradient in the middle of a sequence ({@link
 * #onlineGradient}); the trainer applies it at once, so the following steps run on the new weights.
 * A rule that reads only the last few steps says so ({@link #window()}), and may then run on a
 * trajectory whose memory does not grow with T.
 */
public interface Session {
  /**
   * A new sequence begins on {@code trajectory} (whose steps are not computed yet). If the
   * trajectory {@link Trajectory#continuesPrevious continues the previous sequence} (one stream in
   * chunks, the network's state carried), a forward-mode session (RTRL, e-prop, RFLO, the readout's
   * trace) keeps its traces, so that chunks of T steps compute what one sequence of their total
   * length would; a reverse-mode session (BPTT, truncated BPTT) restarts, its backward pass stopping
   * at step 0 (the carried state taken as given).
   */
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

  /**
   * Online updates: called after {@link #observe} of step t. Returns true if the rule updates the
   * weights now, having written into {@code out} its estimate for the steps since its last update;
   * {@link #gradient} then covers only the steps after the last online update. The default, per
   * sequence, never updates online.
   *
   * @param out Modified (overwritten) when true is returned
   */
  default boolean onlineGradient(Trajectory trajectory, int t, Parameters out) {
    return false;
  }

  /**
   * The schedule of a rule that updates every {@code every} steps ({@code online=k}): true after
   * step t if {@code every} &gt; 0, at least that many steps were observed since the last update,
   * and t is not the sequence's last step (whose gradient {@link #gradient} hands out).
   */
  static boolean onlineUpdateDue(int every, int sinceUpdate, Trajectory trajectory, int t) {
    return every > 0 && sinceUpdate >= every && t != trajectory.steps();
  }

  /**
   * A rule's option {@code online=k}, checked: k updates every k steps, 0 once per sequence.
   *
   * @throws IllegalArgumentException if {@code every} &lt; 0
   */
  static int onlineEvery(int every) {
    if (every < 0) {
      throw new IllegalArgumentException("online must be >= 0 (0: per sequence), was " + every);
    }
    return every;
  }

  /**
   * How many of the most recent steps of the trajectory (counting step t − 1, which step t reads)
   * this session reads, at least 2; {@link Integer#MAX_VALUE} (the default) means all of them.
   */
  default int window() {
    return Integer.MAX_VALUE;
  }

  /** Memory and work of the last sequence (see {@link RuleCost}). */
  RuleCost cost();

  /**
   * What the session carries from one sequence to the next — adaptive feedback weights, a running
   * baseline, a noise counter — as doubles, for checkpoints; empty (the default) for a session that
   * begins every sequence afresh. A session restored with {@link #restoreCarriedState} from this
   * continues exactly as this one would.
   */
  default double[] carriedState() {
    return new double[0];
  }

  /**
   * Reinstates a {@link #carriedState()} of a session of the same rule and network; throws
   * {@link IllegalArgumentException} if its length does not fit.
   *
   * @param state Not modified
   */
  default void restoreCarriedState(double[] state) {
    if (state.length != 0) {
      throw new IllegalArgumentException(
          "this rule carries no state between sequences, was given " + state.length + " values");
    }
  }
}
