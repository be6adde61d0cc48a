package org.bpttlab.rules.optim;

import org.bpttlab.core.Parameters;

/** Gradient descent: θ ← θ − η g. */
public final class Sgd implements Optimizer {
  private final OptimizerSpec spec;

  public Sgd(OptimizerSpec spec) {
    this.spec = spec;
  }

  @Override
  public void update(Parameters params, Parameters grad) {
    if (spec.clipNorm() > 0) {
      Clipping.byGlobalNorm(grad, spec.clipNorm());
    }
    params.addScaled(-spec.learningRate(), grad);
  }
}
