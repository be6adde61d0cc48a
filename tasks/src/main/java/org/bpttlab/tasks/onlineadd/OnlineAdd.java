package org.bpttlab.tasks.onlineadd;

import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.bpttlab.core.Batch;
import org.bpttlab.core.BatchBuffers;
import org.bpttlab.core.LossKind;
import org.bpttlab.core.Seeds;
import org.bpttlab.core.Trajectory;
import org.bpttlab.tasks.Scoring;
import org.bpttlab.tasks.StreamTask;
import org.bpttlab.tasks.TaskOptions;
import org.bpttlab.tasks.TaskSpec;
import org.bpttlab.tasks.encoding.InputEncoding;
import org.bpttlab.tasks.encoding.PoissonEncoder;

/**
 * The "add" task of Marschall, Cho &amp; Savin 2020 (JMLR 21(135), "A unified framework of online
 * learning algorithms for training recurrent neural networks"; after Pitis 2016), {@code
 * online-add}. An endless stream of bits x_n ~ Bernoulli(0.5) with the target
 *
 * <pre>
 *   y_n = 0.5 + 0.5·x_{n−6} − 0.25·x_{n−10}          (lags: options lag1, lag2)
 * </pre>
 *
 * given as the probabilities (y_n, 1 − y_n) of a 2-way softmax and scored with cross-entropy at
 * every step (mask 1). As in the authors' code ({@code Add_Task}), the input has the redundant
 * complement: channels (x_n, 1 − x_n).
 *
 * <p>One stream, consecutive chunks: {@link #chunk chunk(B, stream, i)} holds global steps
 * i·T + 1 .. (i + 1)·T (T = option {@code steps}) of B parallel streams; the bits of global chunk c
 * come from {@code stream.derive("chunk", c)}, so chunk i continues chunk i − 1 exactly and the
 * targets of its first steps use the bits at the end of chunks i − 1, i − 2, … (chunk −1 and below
 * exist too, so every step of chunk 0 has its full history and its target). To train online, run
 * chunks 0, 1, 2, … of one stream and carry the network's state from one chunk to the next.
 * {@link #sample} gives chunk 0 of the stream {@code seeds}: an independent window per call.
 *
 * <p>Metric {@code ce}: the mean cross-entropy per step. Baselines (the expected cross-entropy of
 * the best predictor that knows no input, the first lag, or both; H is the binary entropy):
 * H(E y) = H(0.625) ≈ 0.6616, E_{x6} H(E[y | x6]) ≈ 0.5192, E H(y) ≈ 0.4544 (the paper's 0.66, 0.52,
 * 0.45); {@link #baseline} is the first. Success: below the first-lag baseline, i.e. the network
 * uses the second lag.
 *
 * <p>Spiking ({@link InputEncoding}): each bit lasts {@code stepms} ms, both channels are populations
 * (the complement's fires for x = 0); the spikes of chunk i come from
 * {@code stream.derive("spikes", i)}.
 */
public final class OnlineAdd implements StreamTask {
  /** The options the task takes. */
  public static final List<String> OPTIONS = InputEncoding.optionsWith("steps", "lag1", "lag2");

  private final Config config;

  /**
   * The task's setup.
   *
   * @param steps T ≥ 1: task steps per chunk
   * @param lag1 the first lag (weight 0.5), ≥ 1
   * @param lag2 the second lag (weight −0.25), ≥ 1 and ≠ lag1
   * @param encoding how inputs are presented
   */
  public record Config(int steps, int lag1, int lag2, InputEncoding encoding) {
    public Config {
      if (steps < 1) {
        throw new IllegalArgumentException("steps must be >= 1, was " + steps);
      }
      if (lag1 < 1) {
        throw new IllegalArgumentException("lag1 must be >= 1, was " + lag1);
      }
      if (lag2 < 1 || lag2 == lag1) {
        throw new IllegalArgumentException("lag2 must be >= 1 and differ from lag1 (" + lag1
            + "), was " + lag2);
      }
      if (encoding == null) {
        throw new IllegalArgumentException("encoding must be given");
      }
    }

    /** The paper's lags (6, 10), rate-coded, chunks of T steps. */
    public static Config of(int steps) {
      return new Config(steps, 6, 10, InputEncoding.rate());
    }
  }

  public OnlineAdd(Config config) {
    this.config = config;
  }

  /** The task a spec's options describe. */
  public static OnlineAdd create(TaskOptions o) {
    return new OnlineAdd(new Config(o.integer("steps", 100), o.integer("lag1", 6),
        o.integer("lag2", 10), InputEncoding.from(o, "rate")));
  }

  public Config config() {
    return config;
  }

  @Override
  public String name() {
    return "online-add";
  }

  @Override
  public TaskSpec spec() {
    return config.encoding().addTo(TaskSpec.of(name()).with("steps", config.steps())
        .with("lag1", config.lag1()).with("lag2", config.lag2()));
  }

  @Override
  public int inputs() {
    return config.encoding().networkInputs(2, false);
  }

  @Override
  public int outputs() {
    return 2;
  }

  @Override
  public int steps() {
    return config.encoding().networkSteps(config.steps());
  }

  @Override
  public LossKind loss() {
    return LossKind.CROSS_ENTROPY;
  }

  /**
   * Chunk {@code index} of B parallel streams drawn from {@code stream}: global steps index·T + 1 ..
   * (index + 1)·T, continuing chunk index − 1.
   */
  @Override
  public Batch chunk(int size, Seeds stream, long index, BatchBuffers buffers) {
    int steps = config.steps();
    int history = Math.max(config.lag1(), config.lag2());
    long firstPosition = index * steps + 1 - history;
    long firstChunk = Math.floorDiv(firstPosition - 1, steps);
    // bits[c - firstChunk][t][b]: bit of global step c·T + t + 1
    double[][][] bits = new double[(int) (index - firstChunk + 1)][][];
    for (long c = firstChunk; c <= index; c++) {
      bits[(int) (c - firstChunk)] = chunkBits(size, stream.derive("chunk", c));
    }
    Batch batch = buffers.zeros(size, steps, 2, 2);
    for (int t = 1; t <= steps; t++) {
      long n = index * steps + t;
      for (int b = 0; b < size; b++) {
        double x = bit(bits, firstChunk, n, b);
        double y = 0.5 + 0.5 * bit(bits, firstChunk, n - config.lag1(), b)
            - 0.25 * bit(bits, firstChunk, n - config.lag2(), b);
        batch.input(t)[2 * b] = x;
        batch.input(t)[2 * b + 1] = 1 - x;
        batch.targetAt(t)[2 * b] = y;
        batch.targetAt(t)[2 * b + 1] = 1 - y;
        batch.maskAt(t)[b] = 1;
      }
    }
    return PoissonEncoder.encode(batch, config.encoding(), false,
        stream.derive("spikes", index).rng(), buffers);
  }

  private double[][] chunkBits(int size, Seeds chunkSeeds) {
    UniformRandomProvider rng = chunkSeeds.rng();
    double[][] bits = new double[config.steps()][size];
    for (double[] row : bits) {
      for (int b = 0; b < size; b++) {
        row[b] = rng.nextBoolean() ? 1 : 0;
      }
    }
    return bits;
  }

  private double bit(double[][][] bits, long firstChunk, long n, int b) {
    long c = Math.floorDiv(n - 1, config.steps());
    return bits[(int) (c - firstChunk)][(int) (n - 1 - c * config.steps())][b];
  }

  @Override
  public String metricName() {
    return "ce";
  }

  @Override
  public double metric(Trajectory tr) {
    return Scoring.crossEntropySum(tr) / Scoring.maskSum(tr.batch());
  }

  /** H(E y): the cross-entropy of the best predictor without memory. */
  public static double noMemoryBaseline() {
    return entropy((y(0, 0) + y(0, 1) + y(1, 0) + y(1, 1)) / 4);
  }

  /** E_{x1} H(E[y | x1]): the best predictor that knows the first lag's bit. */
  public static double firstLagBaseline() {
    return (entropy((y(0, 0) + y(0, 1)) / 2) + entropy((y(1, 0) + y(1, 1)) / 2)) / 2;
  }

  /** E H(y): the best predictor that knows both lags' bits (the task's irreducible loss). */
  public static double bothLagsBaseline() {
    return (entropy(y(0, 0)) + entropy(y(0, 1)) + entropy(y(1, 0)) + entropy(y(1, 1))) / 4;
  }

  private static double y(int first, int second) {
    return 0.5 + 0.5 * first - 0.25 * second;
  }

  /** The binary entropy −p ln p − (1 − p) ln(1 − p), in nats (0 at p = 0 or 1). */
  private static double entropy(double p) {
    return (p > 0 ? -p * Math.log(p) : 0) + (p < 1 ? -(1 - p) * Math.log(1 - p) : 0);
  }

  @Override
  public double baseline() {
    return noMemoryBaseline();
  }

  @Override
  public double successThreshold() {
    return firstLagBaseline();
  }

  @Override
  public String citation() {
    return "Marschall, Cho & Savin 2020, A unified framework of online learning algorithms for"
        + " training recurrent neural networks (JMLR 21(135)), add task; after Pitis 2016";
  }
}
