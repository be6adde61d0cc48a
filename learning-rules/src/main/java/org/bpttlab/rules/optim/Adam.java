package org.bpttlab.rules.optim;

import org.bpttlab.core.Parameters;

/**
 * Adam (Kingma &amp; Ba 2015, Algorithm 1): m ← β1 m + (1−β1) g; v ← β2 v + (1−β2) g²;
 * θ ← θ − η m̂ / (√v̂ + ε) with m̂ = m/(1−β1^k), v̂ = v/(1−β2^k) at update k.
 */
public final class Adam implements Optimizer {
  private final OptimizerSpec spec;
  private final Parameters m;
  private final Parameters v;
  private long steps;

  public Adam(OptimizerSpec spec, Parameters layout) {
    this.spec = spec;
    this.m = layout.zerosLike();
    this.v = layout.zerosLike();
  }

  @Override
  public void update(Parameters params, Parameters grad) {
    if (spec.clipNorm() > 0) {
      Clipping.byGlobalNorm(grad, spec.clipNorm());
    }
    steps++;
    double b1 = spec.beta1();
    double b2 = spec.beta2();
    double c1 = 1 - Math.pow(b1, steps);
    double c2 = 1 - Math.pow(b2, steps);
    double lr = spec.learningRate();
    double eps = spec.epsilon();
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
