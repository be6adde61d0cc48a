package org.bpttlab.results.train;

/** A loss or a gradient became NaN or infinite; the message names the rule and the iteration. */
public final class TrainingDivergedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String rule;
  private final int iteration;

  public TrainingDivergedException(String rule, int iteration, String what) {
    super("rule " + rule + " diverged at iteration " + iteration + ": " + what
        + " (try a smaller learning rate or gradient clipping)");
    this.rule = rule;
    this.iteration = iteration;
  }

  public String rule() {
    return rule;
  }

  public int iteration() {
    return iteration;
  }
}
