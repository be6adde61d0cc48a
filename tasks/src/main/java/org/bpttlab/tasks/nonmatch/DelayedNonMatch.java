package org.bpttlab.tasks.nonmatch;

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
import org.bpttlab.tasks.Task;
import org.bpttlab.tasks.TaskOptions;
import org.bpttlab.tasks.TaskSpec;
import org.bpttlab.tasks.encoding.InputEncoding;
import org.bpttlab.tasks.encoding.PoissonEncoder;

/**
 * The delayed non-match task of Marschall, Cho &amp; Savin's reference code ({@code
 * gen_data/Delay_Nonmatch_Task.py} of vanilla-rtrl), {@code delayed-non-match}: two stimuli, each A
 * or B, a delay apart; the network reports whether they differ. One trial of T steps (1-based;
 * o, s, D, r the options {@code onset}, {@code stimulus}, {@code delay}, {@code report}, defaults
 * 1, 3, 10, 3 as the reference's):
 *
 * <pre>
 *   steps 1..o                       silent
 *   steps o+1..o+s                   first stimulus: channel 0 (A) or 1 (B) is 1
 *   next D steps                     delay, silent
 *   next s steps                     second stimulus, A or B
 *   next D steps                     delay, silent
 *   last r steps                     report: target (1, 0) if the stimuli match, (0, 1) if not
 *   T = o + 2s + 2D + r              (30 at the defaults)
 * </pre>
 *
 * The four trial types AA, AB, BA, BB are equally likely, so half the trials match. Targets are
 * (0, 0) outside the report window. Loss MSE against an identity readout with mask 1 in the report
 * window and {@code offweight} (default 0.1, the reference's {@code off_report_loss_factor})
 * elsewhere, so the network is also asked to stay at 0 off the report. The reference file names no
 * loss; MSE is the one its targets fit: with softmax cross-entropy a (0, 0) target has zero loss,
 * and the off-report weight would weigh nothing. The timing is that of the reference's later
 * version, whose report fills the trial's last r steps (an earlier one started it s steps before
 * the second delay ended).
 *
 * <p>Metric {@code error}: the fraction of trials whose decision, the argmax of the mean readout
 * over the report window, is not the target's. Baseline 0.5: the input is silent in the report
 * window, so a predictor without memory makes the same decision on every trial and is wrong on the
 * half of the other kind; remembering one stimulus alone is no better (match is the XOR of the
 * two). Success: error ≤ 0.05 (our threshold, as for {@code recall}; the reference sets none).
 *
 * <p>One trial per sequence, and a {@link StreamTask} of consecutive trials as the reference lays
 * them end to end: chunk i is trial i of the stream, drawn from {@code stream.derive("trial", i)},
 * so online training carries the network's state from one trial into the next (the reference's
 * default; its {@code reset_sigma} resets between trials, which per-sequence training does).
 * {@link #sample} is trial 0 of its seeds.
 *
 * <p>Spiking ({@link InputEncoding}): each step lasts {@code stepms} ms, each channel is a
 * population firing during its stimulus; the report is scored on the mean readout over its
 * milliseconds.
 */
public final class DelayedNonMatch implements StreamTask {
  /** The options the task takes. */
  public static final List<String> OPTIONS =
      InputEncoding.optionsWith("delay", "onset", "stimulus", "report", "offweight");

  private final Config config;

  /**
   * The task's setup.
   *
   * @param delay D ≥ 0: steps of each delay
   * @param onset o ≥ 0: silent steps before the first stimulus
   * @param stimulus s ≥ 1: steps of each stimulus
   * @param report r ≥ 1: steps of the report window
   * @param offReportWeight the mask weight outside the report window, in [0, 1]
   * @param encoding how inputs are presented
   */
  public record Config(int delay, int onset, int stimulus, int report, double offReportWeight,
      InputEncoding encoding) {
    public Config {
      if (delay < 0) {
        throw new IllegalArgumentException("delay must be >= 0, was " + delay);
      }
      if (onset < 0) {
        throw new IllegalArgumentException("onset must be >= 0, was " + onset);
      }
      if (stimulus < 1) {
        throw new IllegalArgumentException("stimulus must be >= 1, was " + stimulus);
      }
      if (report < 1) {
        throw new IllegalArgumentException("report must be >= 1, was " + report);
      }
      if (!(offReportWeight >= 0 && offReportWeight <= 1)) {
        throw new IllegalArgumentException("offweight must be in [0, 1], was " + offReportWeight);
      }
      if (encoding == null) {
        throw new IllegalArgumentException("encoding must be given");
      }
      long steps = (long) onset + 2L * stimulus + 2L * delay + report;
      if (steps > Integer.MAX_VALUE / encoding.stepMs()) {
        throw new IllegalArgumentException("a trial of " + steps + " steps is too long");
      }
    }

    /** The reference's timing (onset 1, stimuli 3, report 3, off-report weight 0.1), rate-coded. */
    public static Config of(int delay) {
      return new Config(delay, 1, 3, 3, 0.1, InputEncoding.rate());
    }

    /** T = o + 2s + 2D + r: task steps per trial. */
    public int trialSteps() {
      return onset + 2 * stimulus + 2 * delay + report;
    }

    /** The first step of the second stimulus, o + s + D + 1. */
    public int secondStimulus() {
      return onset + stimulus + delay + 1;
    }

    /** The first step of the report window, T − r + 1. */
    public int firstReportStep() {
      return trialSteps() - report + 1;
    }
  }

  public DelayedNonMatch(Config config) {
    this.config = config;
  }

  /** The task a spec's options describe. */
  public static DelayedNonMatch create(TaskOptions o) {
    return new DelayedNonMatch(new Config(o.integer("delay", 10), o.integer("onset", 1),
        o.integer("stimulus", 3), o.integer("report", 3), o.number("offweight", 0.1),
        InputEncoding.from(o, "rate")));
  }

  public Config config() {
    return config;
  }

  /** {@code match} or {@code non-match}: whether the two stimuli were the same. */
  @Override
  public String condition(Batch batch, int b) {
    int t = Task.lastMaskedStep(batch, b);
    return t > 0 && batch.targetAt(t)[2 * b] == 1 ? "match" : "non-match";
  }

  @Override
  public String name() {
    return "delayed-non-match";
  }

  @Override
  public TaskSpec spec() {
    return config.encoding().addTo(TaskSpec.of(name()).with("delay", config.delay())
        .with("onset", config.onset()).with("stimulus", config.stimulus())
        .with("report", config.report()).with("offweight", config.offReportWeight()));
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
    return config.encoding().networkSteps(config.trialSteps());
  }

  @Override
  public LossKind loss() {
    return LossKind.MSE;
  }

  /** Trial {@code index} of B parallel streams of trials drawn from {@code stream}. */
  @Override
  public Batch chunk(int size, Seeds stream, long index, BatchBuffers buffers) {
    int steps = config.trialSteps();
    int first = config.onset() + 1;
    int second = config.secondStimulus();
    int report = config.firstReportStep();
    Batch batch = buffers.zeros(size, steps, 2, 2);
    UniformRandomProvider rng = stream.derive("trial", index).rng();
    for (int b = 0; b < size; b++) {
      int type = rng.nextInt(4); // AA, AB, BA, BB
      int a = type / 2;
      int c = type % 2;
      for (int j = 0; j < config.stimulus(); j++) {
        batch.input(first + j)[2 * b + a] = 1;
        batch.input(second + j)[2 * b + c] = 1;
      }
      for (int t = report; t <= steps; t++) {
        batch.targetAt(t)[2 * b + (a == c ? 0 : 1)] = 1;
      }
    }
    for (int t = 1; t <= steps; t++) {
      Arrays.fill(batch.maskAt(t), t >= report ? 1.0 : config.offReportWeight());
    }
    return PoissonEncoder.encode(batch, config.encoding(), false,
        stream.derive("spikes", index).rng(), buffers);
  }

  @Override
  public String metricName() {
    return "error";
  }

  /** The fraction of trials decided wrong over the report window. */
  @Override
  public double metric(Trajectory tr) {
    int ms = config.encoding().stepMs();
    return Scoring.classificationError(tr,
        new int[][] {{(config.firstReportStep() - 1) * ms + 1, config.trialSteps() * ms}});
  }

  @Override
  public double baseline() {
    return 0.5;
  }

  @Override
  public double successThreshold() {
    return 0.05;
  }

  @Override
  public String citation() {
    return "Marschall, Cho & Savin's vanilla-rtrl (gen_data/Delay_Nonmatch_Task.py), delayed"
        + " non-match to sample";
  }
}
