package org.bpttlab.rules;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.bpttlab.core.Batch;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.Trajectory;
import org.bpttlab.core.net.Network;
import org.bpttlab.rules.bptt.Bptt;

/** Gradients of rules on one batch, and their comparison with BPTT's, for the exactness tests. */
public final class ExactGradients {
  private ExactGradients() {}

  /** BPTT's gradient over a full trajectory. */
  public static Parameters bptt(Network net, Parameters params, Batch batch) {
    return of(new Bptt(), net, params, batch);
  }

  /**
   * The rule's gradient, run on a trajectory that holds only the steps its session says it reads
   * (so a rule that reads more than it declares fails).
   */
  public static Parameters of(LearningRule rule, Network net, Parameters params, Batch batch) {
    Session session = rule.begin(net, params, batch.size());
    List<Session> sessions = List.of(session);
    Trajectory tr = net.newTrajectory(batch, SequenceRunner.slots(sessions, batch.steps()));
    SequenceRunner.run(net, params, tr, sessions);
    Parameters out = net.newParameters();
    session.gradient(tr, out);
    return out;
  }

  /**
   * Asserts ‖actual − expected‖ ≤ tolerance · max(‖expected‖, floor) for every parameter group.
   */
  public static void assertClose(
      Parameters expected, Parameters actual, double tolerance, double floor, String label) {
    for (int g = 0; g < expected.groupCount(); g++) {
      double[] e = expected.get(g);
      double[] a = actual.get(g);
      double diff = 0;
      double norm = 0;
      for (int i = 0; i < e.length; i++) {
        diff += (a[i] - e[i]) * (a[i] - e[i]);
        norm += e[i] * e[i];
      }
      double error = Math.sqrt(diff) / Math.max(Math.sqrt(norm), floor);
      assertTrue(error <= tolerance, label + " " + expected.shape(g).name()
          + ": relative difference " + error + " > " + tolerance + " (|g| = " + Math.sqrt(norm)
          + ")");
    }
  }

  /** The cosine ⟨a, b⟩ / (‖a‖ ‖b‖). */
  public static double cosine(double[] a, double[] b) {
    double ab = 0;
    double aa = 0;
    double bb = 0;
    for (int i = 0; i < a.length; i++) {
      ab += a[i] * b[i];
      aa += a[i] * a[i];
      bb += b[i] * b[i];
    }
    return ab / Math.sqrt(aa * bb);
  }

  /**
   * The mean of {@code draws} gradients of one session on the same batch and parameters (a
   * stochastic rule's estimate averaged over its draws).
   */
  public static Parameters mean(Session session, Network net, Parameters params, Batch batch,
      int draws) {
    Trajectory tr = net.newTrajectory(batch, SequenceRunner.slots(List.of(session), batch.steps()));
    Parameters g = net.newParameters();
    Parameters sum = net.newParameters();
    for (int d = 0; d < draws; d++) {
      SequenceRunner.run(net, params, tr, List.of(session));
      session.gradient(tr, g);
      sum.addScaled(1.0 / draws, g);
    }
    return sum;
  }
}
