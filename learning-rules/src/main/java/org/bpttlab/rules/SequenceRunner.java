package org.bpttlab.rules;

import java.util.List;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.Trajectory;
import org.bpttlab.core.net.Network;

/**
 * The one loop that drives every rule (vanilla-rtrl's shape): the network steps, and each session
 * observes each step, so several rules (one training, others passive) see the very same trajectory.
 */
public final class SequenceRunner {
  private SequenceRunner() {}

  /** Receives the gradients sessions hand out in the middle of a sequence. */
  @FunctionalInterface
  public interface OnlineUpdates {
    /**
     * Session {@code index} of the list produced {@code gradient} after step t; an updater changes
     * {@code params} in place before step t + 1.
     */
    void apply(int index, int t, Parameters gradient);
  }

  /**
   * Runs the network over the trajectory's batch with every session observing; returns the loss.
   * Gradients are then read with {@link Session#gradient}. Sessions are not asked for online
   * gradients, so each one's gradient covers the whole sequence (the weights do not change in it).
   */
  public static double run(
      Network network, Parameters params, Trajectory trajectory, List<Session> sessions) {
    return run(network, params, trajectory, sessions, null, null);
  }

  /**
   * Runs as {@link #run(Network, Parameters, Trajectory, List)}, and after each step asks every
   * session for an online gradient (written into {@code buffer}), handing it to {@code updates}.
   *
   * @param buffer Modified; null: do not ask for online gradients
   */
  public static double run(
      Network network, Parameters params, Trajectory trajectory, List<Session> sessions,
      Parameters buffer, OnlineUpdates updates) {
    int count = sessions.size();
    for (int i = 0; i < count; i++) {
      sessions.get(i).startSequence(trajectory);
    }
    int steps = trajectory.steps();
    for (int t = 1; t <= steps; t++) {
      network.step(params, trajectory, t);
      // indexed, not for-each: no iterator allocated per step
      for (int i = 0; i < count; i++) {
        Session s = sessions.get(i);
        s.observe(trajectory, t);
        if (buffer != null && s.onlineGradient(trajectory, t, buffer)) {
          updates.apply(i, t, buffer);
        }
      }
    }
    network.finish(trajectory);
    return trajectory.loss().total();
  }

  /**
   * The trajectory slots the sessions need for sequences of {@code steps} steps: the largest
   * {@link Session#window()}, at most T + 1.
   */
  public static int slots(List<Session> sessions, int steps) {
    long slots = 2;
    for (Session s : sessions) {
      slots = Math.max(slots, s.window());
    }
    return (int) Math.min(slots, steps + 1L);
  }

  /** Runs one session over the trajectory and writes its gradient into {@code out}; returns the loss. */
  public static double gradient(
      LearningRule rule, Network network, Parameters params, Trajectory trajectory,
      Parameters out) {
    Session s = rule.begin(network, params, trajectory.batchSize());
    double loss = run(network, params, trajectory, List.of(s));
    s.gradient(trajectory, out);
    return loss;
  }
}
