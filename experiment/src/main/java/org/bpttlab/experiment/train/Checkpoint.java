package org.bpttlab.experiment.train;

import org.bpttlab.core.Parameters;
import org.bpttlab.rules.optim.OptimizerState;

/**
 * Everything a rule's training carries from one iteration to the next, after iteration
 * {@code iteration}: a {@link RuleTraining} restored from it continues bit for bit as the one it was
 * taken from. The random generators need no state of their own: iteration i's batch is drawn afresh
 * from {@code seeds.derive("task", i)}, the initial parameters and the held-out batches from their
 * own streams, and a rule's own random draws (ARTBP's cuts, a noise counter) are part of its
 * session's carried state.
 *
 * @param rule the rule, as its spec is written
 * @param seed the run seed
 * @param iteration iterations done, ≥ 0
 * @param seconds training seconds so far
 * @param parameters the parameters after iteration {@code iteration} (copied)
 * @param optimizer the optimizer's state
 * @param carriedState the session's {@link org.bpttlab.rules.Session#carriedState()} (copied)
 */
public record Checkpoint(
    String rule, long seed, int iteration, double seconds, Parameters parameters,
    OptimizerState optimizer, double[] carriedState) {

  public Checkpoint {
    if (rule == null || parameters == null || optimizer == null || carriedState == null) {
      throw new IllegalArgumentException(
          "rule, parameters, optimizer state and carried state must be given");
    }
    if (iteration < 0) {
      throw new IllegalArgumentException("iteration must be >= 0, was " + iteration);
    }
    parameters = parameters.copy();
    carriedState = carriedState.clone();
  }

  /** A copy of the parameters. */
  @Override
  public Parameters parameters() {
    return parameters.copy();
  }

  /** A copy of the carried state. */
  @Override
  public double[] carriedState() {
    return carriedState.clone();
  }
}
