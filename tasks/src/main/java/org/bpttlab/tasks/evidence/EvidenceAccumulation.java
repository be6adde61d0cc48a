package org.bpttlab.tasks.evidence;

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
 * Evidence accumulation ({@code evidence}), Bellec et al. 2020 (Nat. Commun. 11:3625, Fig. 3), as
 * in the authors' reference code (IGITUGraz/eligibility_propagation,
 * {@code generate_click_task_data}). Steps are 1 ms. 40 input channels in 4 groups of 10: left cue
 * (0–9), right cue (10–19), recall cue (20–29), noise (30–39).
 *
 * <ul>
 *   <li>each sequence draws a favoured side (left or right, ½ each); each of the C = 7 cues (option
 *       {@code cues}, odd) independently comes from the favoured side with probability 0.7 (the
 *       code's {@code p_group} = 0.3 for the other side);
 *   <li>cue i (0-based) lasts 100 ms, steps 50 + 150 i + 1 .. 150 i + 150: a silence of 50 ms
 *       before each cue, so consecutive cues start 150 ms apart and the last ends at 150 C ms; its
 *       side's 10 channels fire at 40 Hz;
 *   <li>the recall cue's channels fire at 40 Hz during the last 150 ms, the recall window;
 *   <li>the noise channels fire at 10 Hz throughout;
 *   <li>the length is T = 150 C + 1200 ms (2250 for 7 cues, option {@code steps} ≥ 150 C + 150:
 *       the delay between the last cue and the recall window is T − 150 C − 150 ms);
 *   <li>label: 1 (right) if more cues came from the right, else 0 (left); 2 outputs, softmax
 *       cross-entropy on every step of the recall window with mask 1/150 each, so the loss is the
 *       mean cross-entropy over the window as in the reference code.
 * </ul>
 *
 * <p>Encodings (option {@code encoding}): {@code spiking} (default) draws each channel's spikes
 * with probability rate·dt per step ({@link PoissonEncoder}); {@code rate} gives the channels' spike
 * probabilities themselves (0.04 in a cue, 0.01 noise), the noise-free intensity of the same trial.
 *
 * <p>Metric {@code error}: the fraction of sequences whose class argmax of the mean readout over the
 * recall window is wrong (the reference classifies by the mean logits over the window). Baseline:
 * the label is a fair coin, so a memoryless predictor is right half the time: 0.5. Success: error at
 * most 7%, the paper's stopping criterion. A quick variant: {@code evidence:cues=3,steps=750}.
 */
public final class EvidenceAccumulation implements Task {
  /** The options the task takes. */
  public static final List<String> OPTIONS = List.of("cues", "steps", "encoding");

  /** Neurons per input group. */
  public static final int GROUP = 10;
  /** Cue duration and spacing between cue onsets, ms. */
  public static final int CUE_MS = 100;
  public static final int SPACING_MS = 150;
  /** The recall window, ms. */
  public static final int RECALL_MS = 150;
  /** Cue and recall rate, noise rate, Hz. */
  public static final double CUE_HZ = 40;
  public static final double NOISE_HZ = 10;
  /** The probability that a cue comes from the side not favoured by the trial. */
  public static final double MINORITY_PROBABILITY = 0.3;

  private final Config config;

  /**
   * The task's setup.
   *
   * @param cues C ≥ 1, odd (so that there is a majority)
   * @param steps T ≥ 150 C + 150 (ms)
   * @param spiking whether inputs are spikes or their probabilities
   */
  public record Config(int cues, int steps, boolean spiking) {
    public Config {
      if (cues < 1 || cues % 2 == 0) {
        throw new IllegalArgumentException("cues must be odd and >= 1, was " + cues);
      }
      if (steps < SPACING_MS * cues + RECALL_MS) {
        throw new IllegalArgumentException("steps must be >= " + (SPACING_MS * cues + RECALL_MS)
            + " (150 ms per cue + the 150 ms recall window) for " + cues + " cues, was " + steps);
      }
    }

    /** The paper's setup for C cues: T = 150 C + 1200 ms, spiking. */
    public static Config of(int cues) {
      return new Config(cues, SPACING_MS * cues + 1200, true);
    }
  }

  public EvidenceAccumulation(Config config) {
    this.config = config;
  }

  /** The task a spec's options describe. */
  public static EvidenceAccumulation create(TaskOptions o) {
    int cues = o.integer("cues", 7);
    return new EvidenceAccumulation(new Config(cues, o.integer("steps", SPACING_MS * cues + 1200),
        o.choice("encoding", "spiking", List.of("rate", "spiking")).equals("spiking")));
  }

  public Config config() {
    return config;
  }

  /** {@code left} or {@code right}: the side most cues came from (the label). */
  @Override
  public String condition(Batch batch, int b) {
    return Task.super.condition(batch, b).equals("class 1") ? "right" : "left";
  }

  @Override
  public String name() {
    return "evidence";
  }

  @Override
  public TaskSpec spec() {
    return TaskSpec.of(name()).with("cues", config.cues()).with("steps", config.steps())
        .with("encoding", config.spiking() ? "spiking" : "rate");
  }

  @Override
  public int inputs() {
    return 4 * GROUP;
  }

  @Override
  public int outputs() {
    return 2;
  }

  @Override
  public int steps() {
    return config.steps();
  }

  @Override
  public LossKind loss() {
    return LossKind.CROSS_ENTROPY;
  }

  /** The first step (1-based) of the recall window. */
  public int recallStart() {
    return config.steps() - RECALL_MS + 1;
  }

  /** The first step (1-based) of cue i (0-based). */
  public static int cueStart(int i) {
    return SPACING_MS - CUE_MS + SPACING_MS * i + 1;
  }

  @Override
  public Batch sample(int size, Seeds seeds, BatchBuffers buffers) {
    int steps = config.steps();
    int inputs = inputs();
    Batch batch = buffers.zeros(size, steps, inputs, 2);
    UniformRandomProvider rng = seeds.rng();
    double cue = PoissonEncoder.probability(CUE_HZ);
    double noise = PoissonEncoder.probability(NOISE_HZ);
    for (int b = 0; b < size; b++) {
      double leftProbability = rng.nextBoolean() ? 1 - MINORITY_PROBABILITY : MINORITY_PROBABILITY;
      int right = 0;
      for (int i = 0; i < config.cues(); i++) {
        int side = rng.nextDouble() < leftProbability ? 0 : 1;
        right += side;
        fill(batch, b, cueStart(i), cueStart(i) + CUE_MS - 1, side * GROUP, cue);
      }
      fill(batch, b, recallStart(), steps, 2 * GROUP, cue);
      fill(batch, b, 1, steps, 3 * GROUP, noise);
      int label = 2 * right > config.cues() ? 1 : 0;
      for (int t = recallStart(); t <= steps; t++) {
        batch.targetAt(t)[2 * b + label] = 1;
        batch.maskAt(t)[b] = 1.0 / RECALL_MS;
      }
    }
    if (config.spiking()) {
      UniformRandomProvider spikes = seeds.derive("spikes").rng();
      for (double[] x : batch.x()) {
        PoissonEncoder.sample(x, spikes, x);
      }
    }
    return batch;
  }

  /** Sets the probability of channels first..first+GROUP−1 of sequence b over steps from..to. */
  private static void fill(Batch batch, int b, int from, int to, int first, double p) {
    int inputs = batch.inputs();
    for (int t = from; t <= to; t++) {
      Arrays.fill(batch.input(t), b * inputs + first, b * inputs + first + GROUP, p);
    }
  }

  @Override
  public String metricName() {
    return "error";
  }

  @Override
  public double metric(Trajectory tr) {
    return Scoring.classificationError(tr, new int[][] {{recallStart(), config.steps()}});
  }

  @Override
  public double baseline() {
    return 0.5;
  }

  @Override
  public double successThreshold() {
    return 0.07;
  }

  @Override
  public String citation() {
    return "Bellec, Scherr, Subramoney, Hajek, Salaj, Legenstein & Maass 2020, A solution to the"
        + " learning dilemma for recurrent networks of spiking neurons (Nat. Commun. 11:3625),"
        + " Fig. 3; after Morcos & Harvey 2016";
  }
}
