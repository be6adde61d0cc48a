package org.bpttlab.rules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import org.bpttlab.core.Batch;
import org.bpttlab.core.NetworkSpec;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.Seeds;
import org.bpttlab.core.Trajectory;
import org.bpttlab.core.net.Network;
import org.bpttlab.core.testing.TestNetworks;
import org.bpttlab.core.testing.TestNetworks.Case;

/**
 * A network, its test parameters and a batch, from one seed ({@link TestNetworks}), with the runs
 * the rule tests repeat: a rule's gradient, BPTT's, the sum of online gradients, a session's cost.
 *
 * @param net the network
 * @param params its parameters (tests may change them before running a rule)
 * @param batch the batch
 */
public record RuleFixture(Network net, Parameters params, Batch batch) {
  /** The case's network, batch {@link TestNetworks#BATCH} of {@link TestNetworks#STEPS} steps. */
  public static RuleFixture of(Case c, long seed) {
    return of(c.spec(), seed, TestNetworks.BATCH, TestNetworks.STEPS);
  }

  /** The network of {@code spec}, parameters and a batch of the given shape from {@code seed}. */
  public static RuleFixture of(NetworkSpec spec, long seed, int batchSize, int steps) {
    Network net = new Network(spec);
    Seeds seeds = new Seeds(seed);
    return new RuleFixture(net, TestNetworks.parameters(net, seeds),
        TestNetworks.batch(spec, batchSize, steps, seeds));
  }

  /** BPTT's gradient. */
  public Parameters bptt() {
    return ExactGradients.bptt(net, params, batch);
  }

  /** The rule's gradient ({@link ExactGradients#of}). */
  public Parameters gradient(LearningRule rule) {
    return ExactGradients.of(rule, net, params, batch);
  }

  /** A new session of the rule on this network and batch size. */
  public Session begin(LearningRule rule) {
    return rule.begin(net, params, batch.size());
  }

  /** A trajectory holding the steps the session reads. */
  public Trajectory trajectory(Session session) {
    return net.newTrajectory(batch, SequenceRunner.slots(List.of(session), batch.steps()));
  }

  /**
   * One sequence of the session with online updates asked for and not applied: the sum of the
   * gradients it hands out and of its final one; the steps of the updates are added to {@code at}.
   */
  public Parameters onlineSum(Session session, List<Integer> at) {
    Trajectory tr = trajectory(session);
    Parameters sum = net.newParameters();
    Parameters buffer = net.newParameters();
    SequenceRunner.run(net, params, tr, List.of(session), buffer, (i, t, g) -> {
      at.add(t);
      sum.addScaled(1.0, g);
    });
    session.gradient(tr, buffer);
    sum.addScaled(1.0, buffer);
    return sum;
  }

  /** The session's gradient on one sequence. */
  public Parameters run(Session session) {
    Trajectory tr = trajectory(session);
    SequenceRunner.run(net, params, tr, List.of(session));
    Parameters out = net.newParameters();
    session.gradient(tr, out);
    return out;
  }

  /**
   * Runs both sessions on {@code sequences} sequences, asserting after each that their gradients
   * have the same bits.
   */
  public void assertSameSequences(Session a, Session b, int sequences, String what) {
    for (int i = 0; i < sequences; i++) {
      assertArrayEquals(run(a).flatten(), run(b).flatten(), 0.0, what + ", sequence " + i);
    }
  }

  /** The mean of {@code draws} gradients of one session (a stochastic rule's estimate). */
  public Parameters mean(Session session, int draws) {
    return ExactGradients.mean(session, net, params, batch, draws);
  }

  /** The session's cost after one sequence. */
  public RuleCost cost(Session session) {
    run(session);
    return session.cost();
  }
}
