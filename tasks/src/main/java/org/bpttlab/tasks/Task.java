package org.bpttlab.tasks;

import org.bpttlab.core.Batch;
import org.bpttlab.core.BatchBuffers;
import org.bpttlab.core.LossKind;
import org.bpttlab.core.Seeds;
import org.bpttlab.core.Trajectory;

/**
 * A benchmark task: batches {@code (x, y*, m)} generated from an explicit seed, the loss to train
 * with, a metric with its success criterion, and the metric a memoryless predictor scores (DESIGN
 * §5).
 */
public interface Task {
  /** The task's name on the command line. */
  String name();

  /**
   * The spec that builds this task again through {@link Tasks#create(TaskSpec)}, with every option
   * written out (for a run's config).
   */
  default TaskSpec spec() {
    return TaskSpec.of(name());
  }

  /** n_in. */
  int inputs();

  /** n_out. */
  int outputs();

  /** Sequence length T. */
  int steps();

  /** The loss the task is trained with. */
  LossKind loss();

  /**
   * A batch of {@code size} sequences drawn from {@code seeds} alone (the same seeds give the same
   * batch), in new arrays.
   */
  default Batch sample(int size, Seeds seeds) {
    return sample(size, seeds, BatchBuffers.fresh());
  }

  /**
   * The batch of {@link #sample(int, Seeds)}, the same bits, written into {@code buffers}' arrays
   * (after {@link BatchBuffers#next()}): valid until the buffers' next batch.
   */
  Batch sample(int size, Seeds seeds, BatchBuffers buffers);

  /** The metric's name in outputs (e.g. {@code mse}). */
  String metricName();

  /** The metric over the masked steps of a computed trajectory of this task's batch. */
  double metric(Trajectory trajectory);

  /** The metric a memoryless predictor scores (the chance-level baseline). */
  double baseline();

  /** A trained network succeeds when its metric is at most this. */
  double successThreshold();

  /** Where the task and its baseline come from. */
  String citation();

  /**
   * The condition of sequence {@code b} of a batch of this task, a short label by which analysis
   * figures colour its trajectory (docs/figures.md). By default it is read from the target at the
   * sequence's last masked step: for a classification task the class ({@code class 2}); for a
   * regression task whose targets there are all −1, 0 or 1 (and at most 4 outputs) their signs
   * ({@code target +-+} for 1, −1, 1; 0 for 0); otherwise {@code all}. Tasks with named conditions override it.
   */
  default String condition(Batch batch, int b) {
    int t = lastMaskedStep(batch, b);
    if (t == 0) {
      return "all";
    }
    int k = batch.outputs();
    double[] y = batch.targetAt(t);
    if (loss() == LossKind.CROSS_ENTROPY) {
      int best = 0;
      for (int i = 1; i < k; i++) {
        if (y[b * k + i] > y[b * k + best]) {
          best = i;
        }
      }
      return "class " + best;
    }
    if (k > 4) {
      return "all";
    }
    StringBuilder label = new StringBuilder("target ");
    for (int i = 0; i < k; i++) {
      double v = y[b * k + i];
      if (v != -1 && v != 0 && v != 1) {
        return "all";
      }
      label.append(v > 0 ? '+' : v < 0 ? '-' : '0');
    }
    return label.toString();
  }

  /** The last step t (1..T) at which sequence {@code b}'s mask is positive, or 0 if none is. */
  static int lastMaskedStep(Batch batch, int b) {
    for (int t = batch.steps(); t >= 1; t--) {
      if (batch.maskAt(t)[b] > 0) {
        return t;
      }
    }
    return 0;
  }
}
