package org.bpttlab.results.train;

import java.util.List;
import org.bpttlab.core.Parameters;

/**
 * One rule's training run.
 *
 * @param rule the rule, as its spec is written
 * @param rows the metrics rows, by iteration
 * @param heldOut the trained network on the held-out batches
 * @param parameters the trained parameters
 * @param seconds wall-clock seconds of training (without the held-out evaluation)
 */
public record RuleResult(
    String rule, List<MetricsRow> rows, Evaluation heldOut, Parameters parameters,
    double seconds) {

  public RuleResult {
    rows = List.copyOf(rows);
  }

  /** The last metrics row. */
  public MetricsRow last() {
    return rows.get(rows.size() - 1);
  }
}
