package org.bpttlab.tasks.copy;

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
import org.bpttlab.tasks.encoding.InputEncoding;
import org.bpttlab.tasks.encoding.PoissonEncoder;

/**
 * The copy task in the form of Arjovsky, Shah &amp; Bengio 2016 (ICML, "Unitary evolution recurrent
 * neural networks", §4.1), after Hochreiter &amp; Schmidhuber 1997. Categories a_0 (blank), a_1..a_8
 * (symbols) and a_9 (delimiter); with delay T (option {@code delay}), K = 10 (option
 * {@code length}) and alphabet A = 8 (option {@code alphabet}) a sequence has T + 2K steps:
 *
 * <pre>
 *   input   s_1 .. s_K   a_0 × (T − 1)   a_9   a_0 × K         s_i ~ U{a_1..a_A}
 *   target  a_0 × (T + K)                      s_1 .. s_K
 * </pre>
 *
 * Inputs are one-hot over A + 2 channels (channel 0 blank, 1..A the symbols, A + 1 the delimiter);
 * outputs are A + 1 classes as in the paper (class 0 blank, 1..A the symbols: the delimiter is never
 * a target). Loss: softmax cross-entropy.
 *
 * <p>Mask: each step weighs 1/(T + 2K), so the training loss (summed over steps) is the paper's
 * "average cross entropy of category predictions at each time step". Option {@code score=recall}
 * (default) scores the K recall steps only; {@code score=all} scores every step, blanks included, as
 * the paper trains.
 *
 * <p>Metric {@code ce_per_step}: Σ_t m_t CE_t per sequence, i.e. the mean cross-entropy per step
 * over all T + 2K steps with unscored steps counting 0. With {@code score=all} this is the paper's
 * figure exactly; with {@code score=recall} it is the paper's figure for a network that predicts the
 * blanks perfectly. Baseline (the paper's memoryless strategy: blanks for T + K steps, then uniform
 * guesses): K ln A / (T + 2K) = 10 ln 8 / (T + 20). Success: at most 0.1 nats per recalled symbol
 * (the correct symbol at probability ≈ 0.9), i.e. 0.1·K / (T + 2K), about 5% of the baseline.
 *
 * <p>Spiking ({@link InputEncoding}): each channel is a population, each task step lasts
 * {@code stepms} ms; the mask weight of a step is spread over its milliseconds, so the metric keeps
 * its meaning.
 *
 * @see <a href="https://arxiv.org/abs/1511.06464">arXiv:1511.06464</a>
 */
public final class CopyTask implements Task {
  /** The options the task takes. */
  public static final List<String> OPTIONS =
      InputEncoding.optionsWith("delay", "alphabet", "length", "score");

  private final Config config;

  /**
   * The task's setup.
   *
   * @param delay T ≥ 1: the delimiter stands T steps after the last symbol
   * @param alphabet A ≥ 2 symbols
   * @param length K ≥ 1 symbols to copy
   * @param scoreAll whether every step is scored ({@code score=all}) or the K recall steps only
   * @param encoding how inputs are presented
   */
  public record Config(int delay, int alphabet, int length, boolean scoreAll,
      InputEncoding encoding) {
    public Config {
      if (delay < 1) {
        throw new IllegalArgumentException("delay must be >= 1, was " + delay);
      }
      if (alphabet < 2) {
        throw new IllegalArgumentException("alphabet must be >= 2, was " + alphabet);
      }
      if (length < 1) {
        throw new IllegalArgumentException("length must be >= 1, was " + length);
      }
      if (encoding == null) {
        throw new IllegalArgumentException("encoding must be given");
      }
    }

    /** The paper's setup (A = 8, K = 10, recall steps scored) with delay T, rate-coded. */
    public static Config of(int delay) {
      return new Config(delay, 8, 10, false, InputEncoding.rate());
    }

    /** T + 2K. */
    public int taskSteps() {
      return delay + 2 * length;
    }
  }

  public CopyTask(Config config) {
    this.config = config;
  }

  /** The task a spec's options describe. */
  public static CopyTask create(TaskOptions o) {
    return new CopyTask(new Config(o.integer("delay", 100), o.integer("alphabet", 8),
        o.integer("length", 10), o.choice("score", "recall", List.of("recall", "all")).equals("all"),
        InputEncoding.from(o, "rate")));
  }

  public Config config() {
    return config;
  }

  @Override
  public String name() {
    return "copy";
  }

  @Override
  public TaskSpec spec() {
    return config.encoding().addTo(TaskSpec.of(name()).with("delay", config.delay())
        .with("alphabet", config.alphabet()).with("length", config.length())
        .with("score", config.scoreAll() ? "all" : "recall"));
  }

  @Override
  public int inputs() {
    return config.encoding().networkInputs(config.alphabet() + 2, false);
  }

  @Override
  public int outputs() {
    return config.alphabet() + 1;
  }

  @Override
  public int steps() {
    return config.encoding().networkSteps(config.taskSteps());
  }

  @Override
  public LossKind loss() {
    return LossKind.CROSS_ENTROPY;
  }

  @Override
  public Batch sample(int size, Seeds seeds, BatchBuffers buffers) {
    int k = config.length();
    int steps = config.taskSteps();
    int channels = config.alphabet() + 2;
    int classes = config.alphabet() + 1;
    double weight = 1.0 / steps;
    Batch batch = buffers.zeros(size, steps, channels, classes);
    UniformRandomProvider rng = seeds.rng();
    for (int b = 0; b < size; b++) {
      for (int t = 1; t <= steps; t++) {
        int symbol = 0;
        if (t <= k) {
          symbol = 1 + rng.nextInt(config.alphabet());
        } else if (t == k + config.delay()) {
          symbol = channels - 1;
        }
        batch.input(t)[b * channels + symbol] = 1;
        boolean recall = t > steps - k;
        int target = recall ? argmaxInput(batch, t - steps + k, b) : 0;
        batch.targetAt(t)[b * classes + target] = 1;
        batch.maskAt(t)[b] = recall || config.scoreAll() ? weight : 0;
      }
    }
    return PoissonEncoder.encode(batch, config.encoding(), false, seeds.derive("spikes").rng(),
        buffers);
  }

  private static int argmaxInput(Batch batch, int t, int b) {
    return Scoring.argmax(batch.input(t), b * batch.inputs(), batch.inputs());
  }

  @Override
  public String metricName() {
    return "ce_per_step";
  }

  @Override
  public double metric(Trajectory tr) {
    return Scoring.crossEntropySum(tr) / tr.batchSize();
  }

  @Override
  public double baseline() {
    return config.length() * Math.log(config.alphabet()) / config.taskSteps();
  }

  @Override
  public double successThreshold() {
    return 0.1 * config.length() / config.taskSteps();
  }

  @Override
  public String citation() {
    return "Arjovsky, Shah & Bengio 2016, Unitary evolution recurrent neural networks (ICML),"
        + " copying memory problem; after Hochreiter & Schmidhuber 1997 (Neural Comput. 9:1735)";
  }
}
