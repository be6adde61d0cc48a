package org.bpttlab.tasks.flipflop;

import java.util.Arrays;
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
 * The K-bit flip-flop task of Sussillo &amp; Barak 2013 (Neural Computation 25(3), "Opening the
 * black box: low-dimensional dynamics in high-dimensional recurrent neural networks") in the form
 * of Marschall, Cho &amp; Savin's reference code ({@code gen_data/Flip_Flop_Task.py} of
 * vanilla-rtrl), {@code flip-flop}. K independent channels (option {@code bits}, default 3); at
 * every step n of one endless stream each input channel k carries
 *
 * <pre>
 *   x_n^k = −1 with probability p/2,  +1 with probability p/2,  0 otherwise   (p: option pulse)
 *   y*_n^k = x_m^k  for the last m ≤ n with x_m^k ≠ 0,   0 if there is none      (1)
 * </pre>
 *
 * so each output holds the sign of its channel's last pulse, takes it at the pulse's own step, and
 * is 0 until the channel's first pulse, as the reference computes it (its doubling scan of
 * sign(y_n + y_{n−2^j}/2) over the stream). Default p = 0.05, the reference's setting. Loss MSE
 * against an identity readout, mask 1 at every step and channel; K outputs.
 *
 * <p><b>A stream</b> ({@link StreamTask}), as the reference trains it (one series of steps,
 * online): {@link #chunk chunk(B, stream, i)} holds global steps i·T + 1 .. (i + 1)·T (T = option
 * {@code steps}) of B parallel streams that all start at global step 1 (chunk 0). The pulses of
 * chunk c come from {@code stream.derive("chunk", c)}; the targets of chunk i start from the last pulse of each
 * channel in chunks i − 1, i − 2, …, 0, found by drawing those chunks again (usually one: a channel
 * is silent for a whole chunk with probability (1 − p)^T, 0.006 at the defaults). {@link #sample}
 * is chunk 0 of its seeds' stream: per-sequence training sees fresh streams from their start.
 *
 * <p>Metric {@code mse}: Σ m (y − y*)² / Σ m·K. Baseline: with no memory the best prediction is
 * the current input, y = x_n (E[y* | x_n = 0] = 0 by the symmetry of the pulses); it errs by 1 at
 * the steps of no pulse after a channel's first one, so at global step n its expected squared
 * error is (1 − p)(1 − (1 − p)^{n−1}), and over chunk i
 *
 * <pre>
 *   B_i = (1 − p)·(1 − (1 − p)^{iT}·(1 − (1 − p)^T)/(pT))                                   (2)
 * </pre>
 *
 * {@link #baseline} is B_0, what the held-out batches of {@link #sample} score (0.7611 at the
 * defaults); on a stream B_i rises to 1 − p from chunk 1 on (0.9489 and 0.95 at the defaults).
 * Success: mse ≤ 0.01, our threshold (the same cut, test loss ½·mean err² below 0.005, picks the
 * good runs in a flip-flop sweep script written on vanilla-rtrl, one not in its repository). A
 * network that follows the pulses one step late scores about 4·p/2 = 0.1: success asks for the
 * flip at the pulse's step.
 *
 * <p>Not taken from the reference: its stretch {@code tau_task}, random input magnitudes, context
 * channel and dimension masks (all off by default there), and its second copy of the channel when
 * K = 1 (here K = 1 is one input and one output).
 *
 * <p>Spiking ({@link InputEncoding}): each step lasts {@code stepms} ms and each channel is an ON
 * and an OFF population (a pulse of +1 fires the ON population, −1 the OFF one); the spikes of chunk i
 * come from {@code stream.derive("spikes", i)}.
 */
public final class FlipFlop implements StreamTask {
  /** The options the task takes. */
  public static final List<String> OPTIONS = InputEncoding.optionsWith("steps", "bits", "pulse");

  private final Config config;

  /**
   * The task's setup.
   *
   * @param steps T ≥ 1: task steps per chunk
   * @param bits K ≥ 1 channels
   * @param pulse p ∈ (0, 1]: the probability of a pulse per step and channel
   * @param encoding how inputs are presented
   */
  public record Config(int steps, int bits, double pulse, InputEncoding encoding) {
    public Config {
      if (steps < 1) {
        throw new IllegalArgumentException("steps must be >= 1, was " + steps);
      }
      if (bits < 1) {
        throw new IllegalArgumentException("bits must be >= 1, was " + bits);
      }
      if (!(pulse > 0 && pulse <= 1)) {
        throw new IllegalArgumentException("pulse must be in (0, 1], was " + pulse);
      }
      if (encoding == null) {
        throw new IllegalArgumentException("encoding must be given");
      }
    }

    /** The reference's 3 bits at p = 0.05, rate-coded, chunks of T steps. */
    public static Config of(int steps) {
      return new Config(steps, 3, 0.05, InputEncoding.rate());
    }
  }

  public FlipFlop(Config config) {
    this.config = config;
  }

  /** The task a spec's options describe. */
  public static FlipFlop create(TaskOptions o) {
    return new FlipFlop(new Config(o.integer("steps", 100), o.integer("bits", 3),
        o.number("pulse", 0.05), InputEncoding.from(o, "rate")));
  }

  public Config config() {
    return config;
  }

  @Override
  public String name() {
    return "flip-flop";
  }

  @Override
  public TaskSpec spec() {
    return config.encoding().addTo(TaskSpec.of(name()).with("steps", config.steps())
        .with("bits", config.bits()).with("pulse", config.pulse()));
  }

  @Override
  public int inputs() {
    return config.encoding().networkInputs(config.bits(), true);
  }

  @Override
  public int outputs() {
    return config.bits();
  }

  @Override
  public int steps() {
    return config.encoding().networkSteps(config.steps());
  }

  @Override
  public LossKind loss() {
    return LossKind.MSE;
  }

  /**
   * Chunk {@code index} ≥ 0 of B parallel streams drawn from {@code stream}: global steps
   * index·T + 1 .. (index + 1)·T, continuing chunk index − 1.
   */
  @Override
  public Batch chunk(int size, Seeds stream, long index, BatchBuffers buffers) {
    if (index < 0) {
      throw new IllegalArgumentException("flip-flop streams start at chunk 0, was " + index);
    }
    int bits = config.bits();
    double[] held = new double[size * bits];
    lastPulsesBefore(size, stream, index, held);
    Batch batch = buffers.zeros(size, config.steps(), bits, bits);
    UniformRandomProvider rng = stream.derive("chunk", index).rng();
    for (int t = 1; t <= config.steps(); t++) {
      double[] x = batch.input(t);
      for (int i = 0; i < size * bits; i++) {
        x[i] = pulse(rng);
        if (x[i] != 0) {
          held[i] = x[i];
        }
      }
      System.arraycopy(held, 0, batch.targetAt(t), 0, size * bits);
      Arrays.fill(batch.maskAt(t), 1.0);
    }
    return PoissonEncoder.encode(batch, config.encoding(), true,
        stream.derive("spikes", index).rng(), buffers);
  }

  /**
   * Sets {@code held[b·K + k]} to the last pulse of channel k of stream b before chunk {@code
   * index}, or 0 if there is none, drawing chunks index − 1, index − 2, … again until every channel
   * has one or chunk 0 is done.
   */
  private void lastPulsesBefore(int size, Seeds stream, long index, double[] held) {
    int n = held.length;
    boolean[] found = new boolean[n];
    double[] last = new double[n];
    int missing = n;
    for (long c = index - 1; c >= 0 && missing > 0; c--) {
      Arrays.fill(last, 0.0);
      UniformRandomProvider rng = stream.derive("chunk", c).rng();
      for (int t = 0; t < config.steps() * n; t++) {
        double x = pulse(rng);
        if (x != 0) {
          last[t % n] = x;
        }
      }
      for (int i = 0; i < n; i++) {
        if (!found[i] && last[i] != 0) {
          held[i] = last[i];
          found[i] = true;
          missing--;
        }
      }
    }
  }

  /** One draw of x: −1 or +1 with probability p/2 each, else 0. */
  private double pulse(UniformRandomProvider rng) {
    double u = rng.nextDouble();
    return u < config.pulse() / 2 ? -1 : u < config.pulse() ? 1 : 0;
  }

  @Override
  public String metricName() {
    return "mse";
  }

  @Override
  public double metric(Trajectory tr) {
    return Scoring.meanSquaredError(tr);
  }

  /**
   * B_i of equation (2): the expected mse over chunk {@code index} of the best predictor without
   * memory, y = x_n.
   */
  public static double memorylessMse(double pulse, int steps, long index) {
    double silent = 1 - pulse;
    return silent * (1 - Math.pow(silent, (double) index * steps)
        * (1 - Math.pow(silent, steps)) / (pulse * steps));
  }

  /** B_0: the memoryless mse over chunk 0, the batches of {@link #sample}. */
  @Override
  public double baseline() {
    return memorylessMse(config.pulse(), config.steps(), 0);
  }

  @Override
  public double successThreshold() {
    return 0.01;
  }

  @Override
  public String citation() {
    return "Sussillo & Barak 2013, Opening the black box: low-dimensional dynamics in"
        + " high-dimensional recurrent neural networks (Neural Computation 25(3)), 3-bit flip-flop;"
        + " the form of Marschall, Cho & Savin's vanilla-rtrl (gen_data/Flip_Flop_Task.py)";
  }
}
