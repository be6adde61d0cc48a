package org.bpttlab.tasks.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.bpttlab.core.Batch;
import org.bpttlab.core.LossKind;
import org.bpttlab.core.NetworkSpec;
import org.bpttlab.core.RateCellSpec;
import org.bpttlab.core.Seeds;
import org.bpttlab.core.Trajectory;
import org.bpttlab.core.net.Network;
import org.bpttlab.tasks.Task;
import org.bpttlab.tasks.Tasks;

/** Helpers for the task tests: predictors written straight into a trajectory, batch comparisons. */
public final class TaskChecks {
  private TaskChecks() {}

  /** Writes the readout y_t of sequence b into {@code y[offset..offset+n_out−1]}. */
  @FunctionalInterface
  public interface Predictor {
    void predict(int t, int b, Batch batch, double[] y, int offset);
  }

  /** A trajectory over {@code batch} whose readouts are the predictor's (no network is run). */
  public static Trajectory predict(Task task, Batch batch, Predictor predictor) {
    Network net = new Network(
        NetworkSpec.of(batch.inputs(), RateCellSpec.vanilla(1), batch.outputs(), task.loss()));
    Trajectory tr = net.newTrajectory(batch);
    for (int t = 1; t <= batch.steps(); t++) {
      for (int b = 0; b < batch.size(); b++) {
        predictor.predict(t, b, batch, tr.readout(t), b * batch.outputs());
      }
    }
    return tr;
  }

  /** A trajectory whose readout is the same vector {@code y} at every step. */
  public static Trajectory constant(Task task, Batch batch, double... y) {
    return predict(task, batch, (t, b, x, out, o) -> System.arraycopy(y, 0, out, o, y.length));
  }

  /** A trajectory whose readout is the target itself (log-probabilities for cross-entropy). */
  public static Trajectory perfect(Task task, Batch batch) {
    return predict(task, batch, (t, b, x, out, o) -> {
      for (int k = 0; k < batch.outputs(); k++) {
        double target = x.targetAt(t)[o + k];
        out[o + k] = task.loss() == LossKind.MSE ? target
            : Math.log(Math.max(target, 1e-300));
      }
    });
  }

  public static void assertSameBatch(Batch a, Batch b) {
    assertEquals(a.steps(), b.steps());
    for (int t = 1; t <= a.steps(); t++) {
      assertArrayEquals(a.input(t), b.input(t), "input at step " + t);
      assertArrayEquals(a.targetAt(t), b.targetAt(t), "target at step " + t);
      assertArrayEquals(a.maskAt(t), b.maskAt(t), "mask at step " + t);
    }
  }

  /**
   * The same seeds give the identical batch, and another index of the same label (the next
   * training batch) another.
   */
  public static void assertDeterministic(Task task, int size) {
    Seeds seeds = new Seeds(5);
    assertSameBatch(task.sample(size, seeds.derive("task", 1)),
        task.sample(size, seeds.derive("task", 1)));
    assertTrue(differ(task.sample(size, seeds.derive("task", 1)),
        task.sample(size, seeds.derive("task", 2))), task.name() + ": another index, another batch");
  }

  /** Whether the inputs or targets of two equally shaped batches differ anywhere. */
  public static boolean differ(Batch a, Batch b) {
    for (int t = 1; t <= a.steps(); t++) {
      if (!Arrays.equals(a.input(t), b.input(t))
          || !Arrays.equals(a.targetAt(t), b.targetAt(t))) {
        return true;
      }
    }
    return false;
  }

  /** Asserts that building {@code spec} fails with a message containing every fragment. */
  public static void assertRejected(String spec, String... fragments) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Tasks.create(spec), spec);
    for (String f : fragments) {
      assertTrue(e.getMessage().contains(f), spec + ": '" + e.getMessage() + "' lacks '" + f + "'");
    }
  }

  /**
   * The binomial tolerance of a count of n Bernoulli(p) draws: five standard deviations,
   * 5·sqrt(n p (1 − p)); a fixed seed gives a fixed count, and a correct generator lands outside
   * with probability below 10⁻⁶.
   */
  public static double fiveSigma(double n, double p) {
    return 5 * Math.sqrt(n * p * (1 - p));
  }
}
