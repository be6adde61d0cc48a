package org.bpttlab.tasks.adding;

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
 * The adding problem in its original form, Hochreiter &amp; Schmidhuber 1997 (Neural Comput.
 * 9:1735, experiment 4), {@code adding-1997}. Each element of a sequence is a pair (value, marker):
 *
 * <ul>
 *   <li>length: L drawn uniformly from the integers T..T + ⌊T/10⌋ (the paper: "a randomly chosen
 *       integer between T and T + T/10"; T is option {@code length}, ≥ 20);
 *   <li>values: X ~ U[−1, 1] at every pair;
 *   <li>markers: pair p1, uniform among the first 10 pairs, is marked 1 (its value is X1); then pair
 *       p2, uniform among the first ⌊T/2⌋ − 1 still unmarked pairs (pairs 1..⌊T/2⌋ without p1), is
 *       marked 1 (X2). The first and the final pair are marked −1 unless marked 1; all others 0. If
 *       p1 is the first pair, X1 is set to 0 (its input value too), as the paper says for X1;
 *   <li>target: y* = 0.5 + (X1 + X2)/4 at the sequence's last pair only; loss MSE;
 *   <li>success per sequence: |y_L − y*| &lt; 0.04.
 * </ul>
 *
 * <p>Variable length in a fixed-shape batch: every sequence starts at step 1 and the batch has T +
 * ⌊T/10⌋ steps; after a sequence's end its inputs are 0 and its mask 0, the target and the mask 1
 * standing at its own last step L. Since y_L depends only on inputs 1..L, the padding changes
 * nothing that is scored or differentiated.
 *
 * <p>Metric {@code error}: the fraction of sequences not processed correctly, |ȳ − y*| ≥ 0.04 (ȳ the
 * readout at step L; spiking, its mean over step L's milliseconds). Baseline: the best memoryless
 * output, the constant 0.5 (the mode of the symmetric target), is wrong unless |X1 + X2| &lt; 0.16,
 * which for two U[−1, 1] values has probability 0.16 − 0.16²/4 = 0.1536 and, when X1 = 0 (p = 1/10),
 * 0.16: error 1 − (0.9·0.1536 + 0.1·0.16) = 0.84576. Success: at most 1% of sequences wrong (the
 * paper stopped training when the 2000 most recent sequences were all correct and the mean training
 * error was below 0.01; the 1% allowance is ours).
 *
 * <p>Spiking ({@link InputEncoding}): both channels are signed, each becoming an ON and an OFF
 * population.
 */
public final class AddingProblem1997 implements Task {
  /** The options the task takes. */
  public static final List<String> OPTIONS = InputEncoding.optionsWith("length");

  /** The per-sequence tolerance of the paper. */
  public static final double TOLERANCE = 0.04;

  private final int length;
  private final InputEncoding encoding;

  /**
   * @param length the paper's minimal length T ≥ 20 (so that the first 10 pairs lie in the first
   *     half)
   */
  public AddingProblem1997(int length, InputEncoding encoding) {
    if (length < 20) {
      throw new IllegalArgumentException("length must be >= 20 for adding-1997, was " + length);
    }
    this.length = length;
    this.encoding = encoding;
  }

  /** The task a spec's options describe. */
  public static AddingProblem1997 create(TaskOptions o) {
    return new AddingProblem1997(o.integer("length", 100), InputEncoding.from(o, "rate"));
  }

  @Override
  public String name() {
    return "adding-1997";
  }

  @Override
  public TaskSpec spec() {
    return encoding.addTo(TaskSpec.of(name()).with("length", length));
  }

  /** The paper's T, the shortest sequence length. */
  public int minimumLength() {
    return length;
  }

  /** T + ⌊T/10⌋, the longest sequence length (the batch's task steps). */
  public int maximumLength() {
    return length + length / 10;
  }

  @Override
  public int inputs() {
    return encoding.networkInputs(2, true);
  }

  @Override
  public int outputs() {
    return 1;
  }

  @Override
  public int steps() {
    return encoding.networkSteps(maximumLength());
  }

  @Override
  public LossKind loss() {
    return LossKind.MSE;
  }

  @Override
  public Batch sample(int size, Seeds seeds, BatchBuffers buffers) {
    int width = maximumLength();
    int half = length / 2;
    Batch batch = buffers.zeros(size, width, 2, 1);
    UniformRandomProvider rng = seeds.rng();
    for (int b = 0; b < size; b++) {
      int last = length + rng.nextInt(length / 10 + 1) - 1;
      int p1 = rng.nextInt(10);
      int r = rng.nextInt(half - 1);
      int p2 = r < p1 ? r : r + 1;
      for (int t = 0; t <= last; t++) {
        batch.x()[t][2 * b] = 2 * rng.nextDouble() - 1;
      }
      if (p1 == 0) {
        batch.x()[0][2 * b] = 0;
      }
      batch.x()[0][2 * b + 1] = -1;
      batch.x()[last][2 * b + 1] = -1;
      batch.x()[p1][2 * b + 1] = 1;
      batch.x()[p2][2 * b + 1] = 1;
      batch.target()[last][b] = 0.5 + (batch.x()[p1][2 * b] + batch.x()[p2][2 * b]) / 4;
      batch.mask()[last][b] = 1;
    }
    return PoissonEncoder.encode(batch, encoding, true, seeds.derive("spikes").rng(),
        buffers);
  }

  @Override
  public String metricName() {
    return "error";
  }

  @Override
  public double metric(Trajectory tr) {
    return Scoring.outputError(tr, (y, target) -> !(Math.abs(y - target) < TOLERANCE));
  }

  @Override
  public double baseline() {
    double tau = 4 * TOLERANCE;
    return 1 - (0.9 * (tau - tau * tau / 4) + 0.1 * tau);
  }

  @Override
  public double successThreshold() {
    return 0.01;
  }

  @Override
  public String citation() {
    return "Hochreiter & Schmidhuber 1997, Long short-term memory (Neural Comput. 9:1735),"
        + " experiment 4 (adding problem)";
  }
}
