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

  /**
   * Runs the network over the trajectory's batch with every session observing; returns the loss.
   * Gradients are then read with {@link Session#gradient}.
   */
  public static double run(
      Network network, Parameters params, Trajectory trajectory, List<Session> sessions) {
    int count = sessions.size();
    for (int i = 0; i < count; i++) {
      sessions.get(i).startSequence(trajectory);
    }
    int steps = trajectory.steps();
    for (int t = 1; t <= steps; t++) {
      network.step(params, trajectory, t);
      // indexed, not for-each: no iterator allocated per step
      for (int i = 0; i < count; i++) {
        sessions.get(i).observe(trajectory, t);
      }
    }
    network.finish(trajectory);
    return trajectory.loss();
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
