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
 * The adding problem in its modern form (Le, Jaitly &amp; Hinton 2015; Arjovsky, Shah &amp; Bengio
 * 2016), after Hochreiter &amp; Schmidhuber 1997: at each of T steps the input is a pair (value,
 * marker) with value ~ U[0, 1]; exactly two markers are 1, one at a uniformly drawn step of the first
 * half (steps 1..⌊T/2⌋) and one in the second half (⌊T/2⌋+1..T); the target, scored at the last step
 * only (mask 1 at t = T, 0 elsewhere), is the sum of the two marked values.
 *
 * <p>Metric: the mean squared error E[(y_T − y*)²] (the training loss is half of it). Baseline:
 * always predicting 1, the target's mean, scores Var(U1 + U2) = 2/12 = 1/6 ≈ 0.167. Success: MSE at
 * most 0.01, 6% of the baseline.
 *
 * <p>Options: {@code steps} (T ≥ 2, default 20) and the {@link InputEncoding} options; spiking, both
 * channels (value, marker) are rate-coded populations and the MSE is taken over the last task
 * step's milliseconds. The values and markers come from {@code seeds.rng()}, the spikes from
 * {@code seeds.derive("spikes")}, so both encodings of the same seeds carry the same sequences.
 */
public final class AddingProblem implements Task {
  /** The options the task takes. */
  public static final List<String> OPTIONS = InputEncoding.optionsWith("steps");

  private final int steps;
  private final InputEncoding encoding;

  /** @param steps T ≥ 2 */
  public AddingProblem(int steps) {
    this(steps, InputEncoding.rate());
  }

  /** @param steps T ≥ 2 */
  public AddingProblem(int steps, InputEncoding encoding) {
    if (steps < 2) {
      throw new IllegalArgumentException("steps must be >= 2 for the adding problem, was " + steps);
    }
    this.steps = steps;
    this.encoding = encoding;
  }

  /** The task a spec's options describe. */
  public static AddingProblem create(TaskOptions o) {
    return new AddingProblem(o.integer("steps", 20), InputEncoding.from(o, "rate"));
  }

  @Override
  public String name() {
    return "adding";
  }

  @Override
  public TaskSpec spec() {
    return encoding.addTo(TaskSpec.of(name()).with("steps", steps));
  }

  @Override
  public int inputs() {
    return encoding.networkInputs(2, false);
  }

  @Override
  public int outputs() {
    return 1;
  }

  @Override
  public int steps() {
    return encoding.networkSteps(steps);
  }

  @Override
  public LossKind loss() {
    return LossKind.MSE;
  }

  @Override
  public Batch sample(int size, Seeds seeds, BatchBuffers buffers) {
    Batch batch = buffers.zeros(size, steps, 2, 1);
    UniformRandomProvider rng = seeds.rng();
    int half = steps / 2;
    for (int b = 0; b < size; b++) {
      int first = rng.nextInt(half);
      int second = half + rng.nextInt(steps - half);
      double sum = 0;
      for (int t = 0; t < steps; t++) {
        double value = rng.nextDouble();
        batch.x()[t][2 * b] = value;
        if (t == first || t == second) {
          batch.x()[t][2 * b + 1] = 1;
          sum += value;
        }
      }
      batch.target()[steps - 1][b] = sum;
      batch.mask()[steps - 1][b] = 1;
    }
    return PoissonEncoder.encode(batch, encoding, false, seeds.derive("spikes").rng(),
        buffers);
  }

  @Override
  public String metricName() {
    return "mse";
  }

  @Override
  public double metric(Trajectory tr) {
    return Scoring.meanSquaredError(tr);
  }

  @Override
  public double baseline() {
    return 1.0 / 6.0;
  }

  @Override
  public double successThreshold() {
    return 0.01;
  }

  @Override
  public String citation() {
    return "Hochreiter & Schmidhuber 1997 (Neural Comput. 9:1735); modern form: Le, Jaitly & Hinton"
        + " 2015 (arXiv:1504.00941), Arjovsky, Shah & Bengio 2016 (ICML)";
  }
}
