package org.bpttlab.experiment.train;

/**
 * A loss, a gradient or the parameters became NaN or infinite; the message names the rule, the
 * iteration and, where one is to blame, the parameter group.
 */
public final class TrainingDivergedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String rule;
  private final int iteration;
  private final String group;

  public TrainingDivergedException(String rule, int iteration, String what) {
    this(rule, iteration, null, what);
  }

  /**
   * @param group the parameter group with a non-finite entry, or null
   * @param what what is not finite, naming the group if there is one
   */
  public TrainingDivergedException(String rule, int iteration, String group, String what) {
    super("rule " + rule + " diverged at iteration " + iteration + ": " + what
        + " (try a smaller learning rate or gradient clipping)");
    this.rule = rule;
    this.iteration = iteration;
    this.group = group;
  }

  public String rule() {
    return rule;
  }

  public int iteration() {
    return iteration;
  }

  /** The parameter group with a non-finite entry, or null if none is to blame (a loss). */
  public String group() {
    return group;
  }
}
