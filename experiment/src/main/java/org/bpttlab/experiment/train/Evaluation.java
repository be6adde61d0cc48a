package org.bpttlab.experiment.train;

/**
 * A network scored on held-out batches: the means over the batches.
 *
 * @param loss the mean total loss
 * @param metric the mean task metric
 * @param sequences how many sequences were scored (0: no evaluation, loss and metric NaN)
 */
public record Evaluation(double loss, double metric, int sequences) {
  /** No held-out evaluation. */
  public static Evaluation none() {
    return new Evaluation(Double.NaN, Double.NaN, 0);
  }
}
