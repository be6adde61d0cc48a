package org.bpttlab.tasks.periodic;

import java.util.List;
import org.bpttlab.core.Batch;
import org.bpttlab.core.BatchBuffers;
import org.bpttlab.core.LossKind;
import org.bpttlab.core.Seeds;
import org.bpttlab.core.Trajectory;
import org.bpttlab.tasks.Scoring;
import org.bpttlab.tasks.Task;
import org.bpttlab.tasks.TaskOptions;
import org.bpttlab.tasks.TaskSpec;

/**
 * The periodic target of Murray 2019 (eLife 8:e43299, "Local online learning in recurrent networks
 * with random feedback", RFLO), {@code periodic}: a network without input produces over a
 * trial of T = 100 steps (option {@code steps}) the target
 *
 * <pre>
 *   y*_t = sin(2πt/P) + 0.5 sin(4πt/P) + 0.25 sin(8πt/P),   t = 1..T,  P = 100 (option period)
 * </pre>
 *
 * scored with the squared error on every step (mask 1). The same trial every time: {@link #sample}
 * ignores its seeds.
 *
 * <p>No input: the network core requires n_in ≥ 1 ({@code NetworkSpec}, the cells' kernels), so the
 * task has one input channel that is always 0. Through it nothing reaches the network, and every
 * rule's gradient of W_in is exactly 0 (∂a_t/∂W_in = x_tᵀ = 0): W_in stays at its initial value
 * whatever its learning rate — Murray's learning rate 0 for W_in, and his network without input.
 *
 * <p>Metric {@code half_mse}: ½ · the mean over steps (and sequences) of the squared error,
 * Murray's loss ½ mean(err²). Baseline: the output 0 scores ½ mean(y*²) = ½ (1 + 0.25 + 0.0625)/2 =
 * 0.328125 over whole periods. Success: at most 1e-3 (Murray's trained networks reach about 2e-4).
 */
public final class PeriodicTarget implements Task {
  /** The options the task takes. */
  public static final List<String> OPTIONS = List.of("steps", "period");

  private final Config config;
  private final double[] target;

  /**
   * The task's setup.
   *
   * @param steps T ≥ 1, steps per trial
   * @param period P ≥ 2, the period of the slowest sine, in steps
   */
  public record Config(int steps, int period) {
    public Config {
      if (steps < 1) {
        throw new IllegalArgumentException("steps must be >= 1, was " + steps);
      }
      if (period < 2) {
        throw new IllegalArgumentException("period must be >= 2, was " + period);
      }
    }

    /** Murray's trial: T = P = 100. */
    public static Config murray() {
      return new Config(100, 100);
    }
  }

  public PeriodicTarget(Config config) {
    this.config = config;
    target = new double[config.steps()];
    for (int t = 1; t <= config.steps(); t++) {
      target[t - 1] = value(t, config.period());
    }
  }

  /** The task a spec's options describe. */
  public static PeriodicTarget create(TaskOptions o) {
    return new PeriodicTarget(new Config(o.integer("steps", 100), o.integer("period", 100)));
  }

  /** y*_t = sin(2πt/P) + 0.5 sin(4πt/P) + 0.25 sin(8πt/P). */
  public static double value(int t, int period) {
    double phase = 2 * Math.PI * t / period;
    return Math.sin(phase) + 0.5 * Math.sin(2 * phase) + 0.25 * Math.sin(4 * phase);
  }

  public Config config() {
    return config;
  }

  @Override
  public String name() {
    return "periodic";
  }

  @Override
  public TaskSpec spec() {
    return TaskSpec.of(name()).with("steps", config.steps()).with("period", config.period());
  }

  /** One channel, always 0 (see the class comment). */
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
    return config.steps();
  }

  @Override
  public LossKind loss() {
    return LossKind.MSE;
  }

  @Override
  public Batch sample(int size, Seeds seeds, BatchBuffers buffers) {
    Batch batch = buffers.zeros(size, config.steps(), 1, 1);
    for (int t = 1; t <= config.steps(); t++) {
      for (int b = 0; b < size; b++) {
        batch.targetAt(t)[b] = target[t - 1];
        batch.maskAt(t)[b] = 1;
      }
    }
    return batch;
  }

  @Override
  public String metricName() {
    return "half_mse";
  }

  /** ½ mean(err²) over the masked steps. */
  @Override
  public double metric(Trajectory tr) {
    return 0.5 * Scoring.meanSquaredError(tr);
  }

  /** ½ mean(y*²) of the output 0 over the trial. */
  @Override
  public double baseline() {
    double sum = 0;
    for (double y : target) {
      sum += y * y;
    }
    return 0.5 * sum / target.length;
  }

  @Override
  public double successThreshold() {
    return 1e-3;
  }

  @Override
  public String citation() {
    return "Murray 2019, Local online learning in recurrent networks with random feedback"
        + " (eLife 8:e43299), periodic target";
  }
}
