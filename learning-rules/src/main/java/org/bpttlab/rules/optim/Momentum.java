package org.bpttlab.rules.optim;

import org.bpttlab.core.Parameters;

/**
 * Gradient descent with heavy-ball momentum (Polyak 1964), in the form of Sutskever et al. 2013 and
 * PyTorch's {@code SGD(momentum=μ)} (no dampening), with the velocity v starting at 0:
 *
 * <pre>
 * v ← μ v + g                         (1)
 * θ ← θ − η v                         (2)
 * θ ← θ − η (g + μ v)                 (2') Nesterov variant, v from (1)
 * </pre>
 *
 * With μ = 0 this is {@link Sgd}. State: {@code velocity}.
 */
public final class Momentum extends AbstractOptimizer {
  private final double lr;
  private final double mu;
  private final boolean nesterov;
  private final Parameters velocity;

  public Momentum(OptimizerSpec.MomentumSpec spec, Parameters layout) {
    super(spec, layout);
    this.lr = spec.learningRate();
    this.mu = spec.momentum();
    this.nesterov = spec.nesterov();
    this.velocity = buffer("velocity");
  }

  @Override
  void apply(Parameters params, Parameters grad, long step) {
    for (int g = 0; g < params.groupCount(); g++) {
      double[] p = params.get(g);
      double[] d = grad.get(g);
      double[] v = velocity.get(g);
      for (int i = 0; i < p.length; i++) {
        v[i] = mu * v[i] + d[i];
        p[i] -= lr * (nesterov ? d[i] + mu * v[i] : v[i]);
      }
    }
  }
}
