package org.bpttlab.tasks.recall;

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
 * Delayed recall ({@code recall}), the store-recall task of Bellec et al. 2018 (NeurIPS, "Long
 * short-term memory and learning-to-learn in networks of spiking neurons") in a one-store form: in a
 * sequence of T steps (option {@code steps}) a value is presented together with a store cue at step
 * t_s, and must be reported at a recall cue at step t_r = t_s + d:
 *
 * <pre>
 *   d ~ U{d_min..d_max}  (option delay=MIN-MAX, or delay=D; default ⌈T/2⌉..T−1)
 *   t_s ~ U{1..T − d},  t_r = t_s + d
 * </pre>
 *
 * The value is one of k symbols, one-hot ({@code code=onehot}, option {@code k} ≥ 2, default 2), or
 * a vector of independent bits ({@code code=bits}, option {@code bits} ≥ 1, default 1). With
 * {@code distractors=true} (default, as Bellec et al.) a fresh random value is shown at every step,
 * so only the store cue says which one to keep; with {@code false} the value channels are silent
 * except at t_s. Inputs: the value channels, then the store cue, then the recall cue. The target,
 * at t_r only (mask 1), is the stored value: one-hot with softmax cross-entropy, or bits with MSE.
 *
 * <p>Metric: {@code error} (one-hot), the fraction of recalls whose argmax class is wrong, or
 * {@code bit_error} (bits), the fraction of recalled bits on the wrong side of 0.5. Baseline: always
 * predicting the prior (uniform over the k symbols, 0.5 per bit) scores (k − 1)/k, or 0.5. Success:
 * at most 5% wrong.
 *
 * <p>Spiking ({@link InputEncoding}): the value channels and both cues are populations, each task
 * step lasts {@code stepms} ms, and a recall is scored on the mean readout over its milliseconds.
 */
public final class DelayedRecall implements Task {
  /** The options the task takes. */
  public static final List<String> OPTIONS =
      InputEncoding.optionsWith("steps", "delay", "code", "k", "bits", "distractors");

  private final Config config;

  /**
   * The task's setup.
   *
   * @param steps T ≥ 2
   * @param minDelay d_min ≥ 1
   * @param maxDelay d_max, d_min ≤ d_max ≤ T − 1
   * @param bits whether the value is a bit vector ({@code code=bits}) or one of k symbols
   * @param size k ≥ 2 symbols (one-hot) or the number of bits ≥ 1
   * @param distractors whether a random value is shown at every step
   * @param encoding how inputs are presented
   */
  public record Config(int steps, int minDelay, int maxDelay, boolean bits, int size,
      boolean distractors, InputEncoding encoding) {
    public Config {
      if (steps < 2) {
        throw new IllegalArgumentException("steps must be >= 2, was " + steps);
      }
      if (minDelay < 1 || maxDelay < minDelay || maxDelay > steps - 1) {
        throw new IllegalArgumentException("delay must be a range MIN-MAX with 1 <= MIN <= MAX <= "
            + (steps - 1) + " (steps - 1), was " + minDelay + "-" + maxDelay);
      }
      if (size < (bits ? 1 : 2)) {
        throw new IllegalArgumentException(bits ? "bits must be >= 1, was " + size
            : "k must be >= 2, was " + size);
      }
      if (encoding == null) {
        throw new IllegalArgumentException("encoding must be given");
      }
    }

    /** A one-hot recall of k symbols with distractors, delays ⌈T/2⌉..T−1, rate-coded. */
    public static Config of(int steps, int k) {
      return new Config(steps, Math.max(1, (steps + 1) / 2), steps - 1, false, k, true,
          InputEncoding.rate());
    }
  }

  public DelayedRecall(Config config) {
    this.config = config;
  }

  /** The task a spec's options describe. */
  public static DelayedRecall create(TaskOptions o) {
    int steps = o.integer("steps", 20);
    int[] delay = o.range("delay", new int[] {Math.max(1, (steps + 1) / 2), steps - 1});
    boolean bits = o.choice("code", "onehot", List.of("onehot", "bits")).equals("bits");
    if (o.has(bits ? "k" : "bits")) {
      throw new IllegalArgumentException("option " + (bits ? "k applies to code=onehot"
          : "bits applies to code=bits") + " only");
    }
    int size = bits ? o.integer("bits", 1) : o.integer("k", 2);
    boolean distractors =
        o.choice("distractors", "true", List.of("true", "false")).equals("true");
    return new DelayedRecall(new Config(steps, delay[0], delay[1], bits, size, distractors,
        InputEncoding.from(o, "rate")));
  }

  public Config config() {
    return config;
  }

  @Override
  public String name() {
    return "recall";
  }

  @Override
  public TaskSpec spec() {
    TaskSpec s = TaskSpec.of(name()).with("steps", config.steps())
        .with("delay", config.minDelay() + "-" + config.maxDelay())
        .with("code", config.bits() ? "bits" : "onehot")
        .with(config.bits() ? "bits" : "k", config.size())
        .with("distractors", config.distractors());
    return config.encoding().addTo(s);
  }

  @Override
  public int inputs() {
    return config.encoding().networkInputs(config.size() + 2, false);
  }

  @Override
  public int outputs() {
    return config.size();
  }

  @Override
  public int steps() {
    return config.encoding().networkSteps(config.steps());
  }

  @Override
  public LossKind loss() {
    return config.bits() ? LossKind.MSE : LossKind.CROSS_ENTROPY;
  }

  @Override
  public Batch sample(int size, Seeds seeds, BatchBuffers buffers) {
    int steps = config.steps();
    int values = config.size();
    int channels = values + 2;
    Batch batch = buffers.zeros(size, steps, channels, values);
    UniformRandomProvider rng = seeds.rng();
    for (int b = 0; b < size; b++) {
      int delay = config.minDelay() + rng.nextInt(config.maxDelay() - config.minDelay() + 1);
      int store = 1 + rng.nextInt(steps - delay);
      int recall = store + delay;
      for (int t = 1; t <= steps; t++) {
        if (config.distractors() || t == store) {
          drawValue(rng, batch.input(t), b * channels);
        }
      }
      batch.input(store)[b * channels + values] = 1;
      batch.input(recall)[b * channels + values + 1] = 1;
      System.arraycopy(batch.input(store), b * channels, batch.targetAt(recall), b * values,
          values);
      batch.maskAt(recall)[b] = 1;
    }
    return PoissonEncoder.encode(batch, config.encoding(), false, seeds.derive("spikes").rng(),
        buffers);
  }

  /** Writes a random value (one-hot symbol or bits) into x[offset..offset+size−1]. */
  private void drawValue(UniformRandomProvider rng, double[] x, int offset) {
    if (config.bits()) {
      for (int i = 0; i < config.size(); i++) {
        x[offset + i] = rng.nextBoolean() ? 1 : 0;
      }
    } else {
      x[offset + rng.nextInt(config.size())] = 1;
    }
  }

  @Override
  public String metricName() {
    return config.bits() ? "bit_error" : "error";
  }

  @Override
  public double metric(Trajectory tr) {
    return config.bits() ? Scoring.outputError(tr, (y, target) -> (y > 0.5) != (target > 0.5))
        : Scoring.classificationError(tr, new int[][] {{1, tr.steps()}});
  }

  @Override
  public double baseline() {
    return config.bits() ? 0.5 : (config.size() - 1.0) / config.size();
  }

  @Override
  public double successThreshold() {
    return 0.05;
  }

  @Override
  public String citation() {
    return "Bellec, Salaj, Subramoney, Legenstein & Maass 2018, Long short-term memory and"
        + " learning-to-learn in networks of spiking neurons (NeurIPS), store-recall task";
  }
}
