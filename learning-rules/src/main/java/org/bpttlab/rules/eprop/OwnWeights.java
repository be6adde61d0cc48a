package org.bpttlab.rules.eprop;

import org.bpttlab.core.Parameters;
import org.bpttlab.core.net.Network;
import org.bpttlab.rules.LearningRule;
import org.bpttlab.rules.Session;
import org.bpttlab.rules.optim.OptimizerSpec;

/**
 * A rule with weights of its own (adaptive e-prop's feedback B, reward e-prop's critic), which
 * learn with an optimizer of the training run's spec; begun without one, with
 * {@link Feedback#DEFAULT_OPTIMIZER}.
 */
public interface OwnWeights extends LearningRule {
  @Override
  default Session begin(Network network, Parameters params, int batchSize) {
    return begin(network, params, batchSize, Feedback.DEFAULT_OPTIMIZER);
  }

  @Override
  Session begin(Network network, Parameters params, int batchSize, OptimizerSpec optimizer);
}
