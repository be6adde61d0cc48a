package org.bpttlab.rules.optim;

import org.bpttlab.core.Parameters;

/** Gradient descent: θ ← θ − η g. No state but the step count. */
public final class Sgd extends AbstractOptimizer {
  private final double lr;

  public Sgd(OptimizerSpec.SgdSpec spec, Parameters layout) {
    super(spec, layout);
    this.lr = spec.learningRate();
  }

  @Override
  void apply(Parameters params, Parameters grad, long step) {
    params.addScaled(-lr, grad);
  }
}
