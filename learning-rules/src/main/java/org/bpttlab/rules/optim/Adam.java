package org.bpttlab.rules.optim;

import org.bpttlab.core.Parameters;

/**
 * Adam (Kingma &amp; Ba 2015, Algorithm 1): m ← β1 m + (1−β1) g; v ← β2 v + (1−β2) g²;
 * θ ← θ − η m̂ / (√v̂ + ε) with m̂ = m/(1−β1^k), v̂ = v/(1−β2^k) at update k. State: {@code m},
 * {@code v} (the biased estimates) and k (the step count).
 */
public final class Adam extends AbstractOptimizer {
  private final double lr;
  private final double b1;
  private final double b2;
  private final double eps;
  private final Parameters m;
  private final Parameters v;

  public Adam(OptimizerSpec.AdamSpec spec, Parameters layout) {
    super(spec, layout);
    this.lr = spec.learningRate();
    this.b1 = spec.beta1();
    this.b2 = spec.beta2();
    this.eps = spec.epsilon();
    this.m = buffer("m");
    this.v = buffer("v");
  }

  @Override
  void apply(Parameters params, Parameters grad, long step) {
    double c1 = 1 - Math.pow(b1, step);
    double c2 = 1 - Math.pow(b2, step);
    for (int g = 0; g < params.groupCount(); g++) {
      double[] p = params.get(g);
      double[] d = grad.get(g);
      double[] mg = m.get(g);
      double[] vg = v.get(g);
      for (int i = 0; i < p.length; i++) {
        mg[i] = b1 * mg[i] + (1 - b1) * d[i];
        vg[i] = b2 * vg[i] + (1 - b2) * d[i] * d[i];
        p[i] -= lr * (mg[i] / c1) / (Math.sqrt(vg[i] / c2) + eps);
      }
    }
  }
}
