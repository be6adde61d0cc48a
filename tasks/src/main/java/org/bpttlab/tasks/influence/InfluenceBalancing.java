package org.bpttlab.tasks.influence;

import java.util.Arrays;
import java.util.List;
import org.bpttlab.core.Batch;
import org.bpttlab.core.BatchBuffers;
import org.bpttlab.core.LossKind;
import org.bpttlab.core.Seeds;
import org.bpttlab.core.Trajectory;
import org.bpttlab.tasks.Scoring;
import org.bpttlab.tasks.StreamTask;
import org.bpttlab.tasks.TaskOptions;
import org.bpttlab.tasks.TaskSpec;

/**
 * The data of the influence balancing experiment of Tallec &amp; Ollivier 2018 (ICLR, "Unbiased
 * online recurrent optimization", section 6), {@code influence-balancing}: an endless stream whose
 * input is the constant 1 and whose target is 1, scored by ½ (y_t − 1)² at every step (mask 1).
 *
 * <p>The task is trivial for a free network (a constant output solves it); what makes the
 * experiment is its model, a linear state s_{t+1} = A s_t + θ σ with one parameter θ tied across
 * the units with the signs σ = (+1 × p, −1 × (n − p)), which the {@code influence-balancing}
 * reproduction builds on the linear rate cell (docs/reproductions.md). The constant input is what
 * W_in = θ σ multiplies.
 *
 * <p>Metric {@code half_mse}: ½ · the mean over steps of (y_t − 1)², the paper's loss per step.
 * Baseline: the output 0 scores ½. Success: at most 1e-4 (ours; the paper states none).
 * Chunks ({@link StreamTask}) are all alike, so {@link #chunk} ignores its seeds and index.
 */
public final class InfluenceBalancing implements StreamTask {
  /** The options the task takes. */
  public static final List<String> OPTIONS = List.of("steps");

  private final int steps;

  /** @param steps T ≥ 1, steps per chunk */
  public InfluenceBalancing(int steps) {
    if (steps < 1) {
      throw new IllegalArgumentException("steps must be >= 1, was " + steps);
    }
    this.steps = steps;
  }

  /** The task a spec's options describe. */
  public static InfluenceBalancing create(TaskOptions o) {
    return new InfluenceBalancing(o.integer("steps", 100));
  }

  @Override
  public String name() {
    return "influence-balancing";
  }

  @Override
  public TaskSpec spec() {
    return TaskSpec.of(name()).with("steps", steps);
  }

  @Override
  public int inputs() {
    return 1;
  }

  @Override
  public int outputs() {
    return 1;
  }

  @Override
  public int steps() {
    return steps;
  }

  @Override
  public LossKind loss() {
    return LossKind.MSE;
  }

  /** x_t = 1, y*_t = 1, m_t = 1 at every step of every sequence. */
  @Override
  public Batch chunk(int size, Seeds stream, long index, BatchBuffers buffers) {
    Batch batch = buffers.zeros(size, steps, 1, 1);
    for (int t = 1; t <= steps; t++) {
      Arrays.fill(batch.input(t), 0, size, 1.0);
      Arrays.fill(batch.targetAt(t), 0, size, 1.0);
      Arrays.fill(batch.maskAt(t), 0, size, 1.0);
    }
    return batch;
  }

  @Override
  public String metricName() {
    return "half_mse";
  }

  /** ½ mean((y − 1)²) over the masked steps. */
  @Override
  public double metric(Trajectory tr) {
    return 0.5 * Scoring.meanSquaredError(tr);
  }

  /** The output 0: ½ (0 − 1)². */
  @Override
  public double baseline() {
    return 0.5;
  }

  @Override
  public double successThreshold() {
    return 1e-4;
  }

  @Override
  public String citation() {
    return "Tallec & Ollivier 2018, Unbiased online recurrent optimization (ICLR), section 6,"
        + " influence balancing";
  }
}
