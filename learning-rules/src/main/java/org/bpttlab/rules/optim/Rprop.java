package org.bpttlab.rules.optim;

import org.bpttlab.core.Parameters;

/**
 * Rprop (Riedmiller &amp; Braun 1993) without weight backtracking, the variant PyTorch's {@code
 * Rprop} implements (Rprop− in the naming of Igel &amp; Hüsken 2000). Each entry i has its own step
 * size Δ_i, starting at the learning rate; g⁻ is the gradient remembered from the previous update
 * (0 at first):
 *
 * <pre>
 * if g_i g⁻_i &gt; 0:  Δ_i ← min(Δ_i η+, Δ_max)               (1) same sign: grow
 * if g_i g⁻_i &lt; 0:  Δ_i ← max(Δ_i η−, Δ_min); g_i ← 0      (2) sign change: shrink, skip
 * θ_i ← θ_i − Δ_i sign(g_i)                                 (3)
 * g⁻_i ← g_i                                                (4)
 * </pre>
 *
 * After a sign change the entry does not move (the original paper's backtracking would undo the
 * previous step instead), and because g⁻_i is then 0, the next update neither grows nor shrinks
 * Δ_i. Defaults η− = 0.5, η+ = 1.2, [Δ_min, Δ_max] = [1e-6, 50], as in the paper and PyTorch. The
 * sign test compares signs, so it also holds where the product g_i g⁻_i would underflow to 0 (where
 * PyTorch's product test sees no sign at all).
 *
 * <p>Rprop is a full-batch method: it uses only the signs of successive gradients, so the noise of
 * mini-batch gradients flips signs at random and shrinks the steps. Use it with the whole training
 * set in each batch, or with large batches. Clipping changes no sign and so has no effect on it.
 *
 * <p>State: {@code step_size} (Δ) and {@code previous_gradient} (g⁻, PyTorch's {@code prev}).
 */
public final class Rprop extends AbstractOptimizer {
  private final double decrease;
  private final double increase;
  private final double minStep;
  private final double maxStep;
  private final Parameters stepSize;
  private final Parameters previous;

  public Rprop(OptimizerSpec.RpropSpec spec, Parameters layout) {
    super(spec, layout);
    this.decrease = spec.stepDecrease();
    this.increase = spec.stepIncrease();
    this.minStep = spec.minStep();
    this.maxStep = spec.maxStep();
    this.stepSize = buffer("step_size");
    this.previous = buffer("previous_gradient");
    stepSize.fill(spec.learningRate());
  }

  @Override
  void apply(Parameters params, Parameters grad, long step) {
    for (int g = 0; g < params.groupCount(); g++) {
      double[] p = params.get(g);
      double[] d = grad.get(g);
      double[] delta = stepSize.get(g);
      double[] prev = previous.get(g);
      for (int i = 0; i < p.length; i++) {
        double gi = d[i];
        double agreement = Math.signum(gi) * Math.signum(prev[i]);
        if (agreement > 0) {
          delta[i] = Math.min(delta[i] * increase, maxStep);
        } else if (agreement < 0) {
          delta[i] = Math.max(delta[i] * decrease, minStep);
          gi = 0;
        }
        p[i] -= delta[i] * Math.signum(gi);
        prev[i] = gi;
      }
    }
  }
}
