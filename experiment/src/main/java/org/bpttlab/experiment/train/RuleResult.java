package org.bpttlab.experiment.train;

import java.util.List;
import org.bpttlab.core.Parameters;

/**
 * One rule's training run on one seed.
 *
 * @param rule the rule, as its spec is written
 * @param seed the run seed
 * @param rows the metrics rows, by iteration (up to the divergence, if it diverged)
 * @param alignment the alignment rows, by iteration and group
 * @param heldOut the trained network on the held-out batches ({@link Evaluation#none()} if it
 *     diverged)
 * @param parameters the trained parameters
 * @param seconds wall-clock seconds of training (without the held-out evaluation and the alignment)
 * @param divergence why the run stopped early, or null if it trained to the end
 */
public record RuleResult(
    String rule, long seed, List<MetricsRow> rows, List<AlignmentRow> alignment,
    Evaluation heldOut, Parameters parameters, double seconds,
    TrainingDivergedException divergence) {

  public RuleResult {
    rows = List.copyOf(rows);
    alignment = List.copyOf(alignment);
  }

  /** True if the run stopped on a non-finite loss, gradient or parameter. */
  public boolean diverged() {
    return divergence != null;
  }

  /** The last metrics row (throws if there is none). */
  public MetricsRow last() {
    return rows.get(rows.size() - 1);
  }
}
