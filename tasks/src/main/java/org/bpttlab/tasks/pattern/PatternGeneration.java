package org.bpttlab.tasks.pattern;

import java.util.Arrays;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.bpttlab.core.Batch;
import org.bpttlab.core.BatchBuffers;
import org.bpttlab.core.LossKind;
import org.bpttlab.core.Seeds;
import org.bpttlab.core.Trajectory;
import org.bpttlab.tasks.Scoring;
import org.bpttlab.tasks.Task;
import org.bpttlab.tasks.TaskOptions;
import org.bpttlab.tasks.TaskSpec;
import org.bpttlab.tasks.encoding.PoissonEncoder;

/**
 * Pattern generation ({@code pattern}), Bellec et al. 2020 (Nat. Commun. 11:3625, Fig. S7), as in
 * the authors' reference code ({@code tutorial_pattern_generation.py}, {@code sum_of_sines_target}).
 * Steps are 1 ms; T = 1000 (option {@code steps} ≥ 200).
 *
 * <ul>
 *   <li>input: 100 channels (option {@code inputs}) of frozen Poisson spikes at 50 Hz (option
 *       {@code rate}): drawn once from the task seed (option {@code seed}, stream
 *       {@code new Seeds(seed).derive("pattern-input")}), the same in every batch;
 *   <li>target: f(t) = Σ_i a_i sin(φ_i + 2π c_i (t − 1)/(T − 1)), t = 1..T, with periods P_i =
 *       1000, 500, 333, 200 ms, c_i = ⌊T/P_i⌋ whole cycles over the sequence (the reference's
 *       {@code linspace(φ, 2π·(T // P) + φ, T)}; for T = 1000: 1, 2, 3, 5 cycles), amplitudes a_i ~
 *       U[0.5, 2] and phases φ_i ~ U[0, 2π) from {@code derive("pattern-target")}; scaled to
 *       [−1, 1] as the reference does: g = (f − f(1)) / max_t |f(t) − f(1)|;
 *   <li>loss MSE on every step (mask 1), ½ Σ_t (y_t − g_t)², the reference's loss.
 * </ul>
 *
 * <p>Metric {@code nmse}: the mean squared error over the steps divided by the variance of g over
 * them. Baseline: predicting g's mean scores 1. Success: at most 0.1 (the paper's fits lie well
 * below).
 *
 * <p>Encodings (option {@code encoding}): {@code spiking} (default) is the frozen raster z_t. A
 * rate encoding of a constant-rate Poisson input would be a constant and carry no timing, so
 * {@code rate} gives instead the frozen raster's synaptic trace x̄_t = κ x̄_{t−1} + z_t with κ =
 * exp(−1/30) (τ = 30 ms, the paper's membrane time constant): a smooth frozen input with the same
 * timing for rate networks.
 *
 * <p>{@link #sample} ignores its seeds: every batch holds B copies of the one frozen sequence.
 */
public final class PatternGeneration implements Task {
  /** The options the task takes. */
  public static final List<String> OPTIONS =
      List.of("steps", "inputs", "rate", "seed", "encoding");

  /** The sines' periods, ms. */
  public static final int[] PERIODS_MS = {1000, 500, 333, 200};
  /** The rate encoding's trace time constant, ms. */
  public static final double TRACE_TAU_MS = 30;

  private final Config config;
  private final double[][] input;
  private final double[] target;

  /**
   * The task's setup.
   *
   * @param steps T ≥ 200 (ms), so that at least one sine has a whole cycle
   * @param inputs input channels ≥ 1
   * @param rateHz their rate, in (0, 1000] Hz
   * @param seed the task seed the frozen input and target come from
   * @param spiking whether the input is the raster or its trace
   */
  public record Config(int steps, int inputs, double rateHz, long seed, boolean spiking) {
    public Config {
      if (steps < 200) {
        throw new IllegalArgumentException("steps must be >= 200 (the shortest period), was "
            + steps);
      }
      if (inputs < 1) {
        throw new IllegalArgumentException("inputs must be >= 1, was " + inputs);
      }
      if (!(rateHz > 0 && rateHz <= 1000)) {
        throw new IllegalArgumentException("rate must be in (0, 1000] Hz, was " + rateHz);
      }
    }

    /** The paper's setup with task seed {@code seed}: T = 1000, 100 inputs at 50 Hz, spiking. */
    public static Config of(long seed) {
      return new Config(1000, 100, 50, seed, true);
    }
  }

  public PatternGeneration(Config config) {
    this.config = config;
    Seeds task = new Seeds(config.seed());
    input = frozenInput(config, task.derive("pattern-input").rng());
    target = sumOfSines(config.steps(), task.derive("pattern-target").rng());
  }

  /** The task a spec's options describe. */
  public static PatternGeneration create(TaskOptions o) {
    return new PatternGeneration(new Config(o.integer("steps", 1000), o.integer("inputs", 100),
        o.number("rate", 50), o.longInteger("seed", 1),
        o.choice("encoding", "spiking", List.of("rate", "spiking")).equals("spiking")));
  }

  private static double[][] frozenInput(Config c, UniformRandomProvider rng) {
    double p = PoissonEncoder.probability(c.rateHz());
    double[][] x = new double[c.steps()][c.inputs()];
    for (double[] row : x) {
      Arrays.fill(row, p);
      PoissonEncoder.sample(row, rng, row);
    }
    if (!c.spiking()) {
      double kappa = Math.exp(-PoissonEncoder.DT_MS / TRACE_TAU_MS);
      for (int t = 1; t < c.steps(); t++) {
        for (int i = 0; i < c.inputs(); i++) {
          x[t][i] += kappa * x[t - 1][i];
        }
      }
    }
    return x;
  }

  /** The normalised sum of sines g_1..g_T (index t − 1), amplitudes then phases drawn from rng. */
  static double[] sumOfSines(int steps, UniformRandomProvider rng) {
    double[] amplitude = new double[PERIODS_MS.length];
    double[] phase = new double[PERIODS_MS.length];
    for (int i = 0; i < PERIODS_MS.length; i++) {
      amplitude[i] = 0.5 + 1.5 * rng.nextDouble();
    }
    for (int i = 0; i < PERIODS_MS.length; i++) {
      phase[i] = 2 * Math.PI * rng.nextDouble();
    }
    double[] f = new double[steps];
    for (int t = 0; t < steps; t++) {
      for (int i = 0; i < PERIODS_MS.length; i++) {
        int cycles = steps / PERIODS_MS[i];
        f[t] += amplitude[i] * Math.sin(phase[i] + 2 * Math.PI * cycles * t / (steps - 1));
      }
    }
    double first = f[0];
    double scale = 0;
    for (int t = 0; t < steps; t++) {
      f[t] -= first;
      scale = Math.max(scale, Math.abs(f[t]));
    }
    for (int t = 0; t < steps; t++) {
      f[t] /= Math.max(scale, 1e-6);
    }
    return f;
  }

  public Config config() {
    return config;
  }

  @Override
  public String name() {
    return "pattern";
  }

  @Override
  public TaskSpec spec() {
    return TaskSpec.of(name()).with("steps", config.steps()).with("inputs", config.inputs())
        .with("rate", config.rateHz()).with("seed", config.seed())
        .with("encoding", config.spiking() ? "spiking" : "rate");
  }

  @Override
  public int inputs() {
    return config.inputs();
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
    int inputs = config.inputs();
    Batch batch = buffers.zeros(size, config.steps(), inputs, 1);
    for (int t = 1; t <= config.steps(); t++) {
      for (int b = 0; b < size; b++) {
        System.arraycopy(input[t - 1], 0, batch.input(t), b * inputs, inputs);
        batch.targetAt(t)[b] = target[t - 1];
        batch.maskAt(t)[b] = 1;
      }
    }
    return batch;
  }

  @Override
  public String metricName() {
    return "nmse";
  }

  @Override
  public double metric(Trajectory tr) {
    return Scoring.meanSquaredError(tr) / Scoring.targetVariance(tr.batch());
  }

  @Override
  public double baseline() {
    return 1;
  }

  @Override
  public double successThreshold() {
    return 0.1;
  }

  @Override
  public String citation() {
    return "Bellec, Scherr, Subramoney, Hajek, Salaj, Legenstein & Maass 2020, A solution to the"
        + " learning dilemma for recurrent networks of spiking neurons (Nat. Commun. 11:3625),"
        + " Fig. S7 (pattern generation)";
  }
}
