package org.bpttlab.results.perf;

import java.util.List;
import org.bpttlab.core.Batch;
import org.bpttlab.core.NetworkSpec;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.Seeds;
import org.bpttlab.core.Trajectory;
import org.bpttlab.kernels.ProductTeam;
import org.bpttlab.core.net.Network;
import org.bpttlab.rules.LearningRule;
import org.bpttlab.rules.RuleCost;
import org.bpttlab.rules.SequenceRunner;
import org.bpttlab.rules.Session;

/**
 * One rule's session over a network, run pass after pass on one trajectory: Gaussian inputs and
 * targets from {@code new Seeds(2)} (every step scored), parameters from {@code new Seeds(1)}. {@link #run} is the forward
 * pass with the session observing (online gradients are taken and dropped, so the weights and
 * every pass stay the same) and then its gradient; {@link #forward} the network alone: what the JMH
 * benchmarks of {@code results/bench} and {@code bpttlab bench} time. Everything
 * is allocated here, nothing per pass.
 */
public final class RulePass {
  private final Network net;
  private final Parameters params;
  private final Parameters grad;
  private final Parameters online;
  private final Trajectory trajectory;
  private final Session session;
  private final List<Session> sessions;
  private final SequenceRunner.OnlineUpdates drop = (index, t, gradient) -> { };

  /** A pass of {@code steps} steps on batches of {@code batchSize} sequences. */
  public RulePass(NetworkSpec spec, LearningRule rule, int batchSize, int steps) {
    this(spec, rule, batchSize, steps, ProductTeam.solo());
  }

  /** A pass as above whose network splits its large products over {@code team}'s threads. */
  public RulePass(NetworkSpec spec, LearningRule rule, int batchSize, int steps,
      ProductTeam team) {
    net = new Network(spec, team);
    params = net.initialize(new Seeds(1));
    grad = net.newParameters();
    online = net.newParameters();
    session = rule.begin(net, params, batchSize);
    sessions = List.of(session);
    trajectory = net.newTrajectory(
        Batch.gaussian(batchSize, steps, spec.inputs(), spec.outputs(), false, new Seeds(2)),
        SequenceRunner.slots(sessions, steps));
  }

  /** The forward pass with the session observing, then its gradient. */
  public Parameters run() {
    SequenceRunner.run(net, params, trajectory, sessions, online, drop);
    session.gradient(trajectory, grad);
    return grad;
  }

  /** The network alone on the same trajectory; returns the loss. */
  public double forward() {
    return net.forward(params, trajectory);
  }

  /** The session's stored doubles and work per step, as it reports them. */
  public RuleCost cost() {
    return session.cost();
  }
}
