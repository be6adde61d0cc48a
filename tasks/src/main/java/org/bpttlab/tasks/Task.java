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
}
