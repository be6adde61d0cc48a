package org.bpttlab.rules.readout;

import java.util.Arrays;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.Trajectory;
import org.bpttlab.core.linalg.Kernels;
import org.bpttlab.core.net.Network;
import org.bpttlab.rules.LearningRule;
import org.bpttlab.rules.RuleCost;
import org.bpttlab.rules.Session;

/**
 * The readout-only baseline (the echo-state / reservoir setting, Jaeger 2001): the exact gradient for
 * W_out and b_out, zero for every other group, computed online. With the readout
 * y_t = κ y_{t-1} + W_out o_t + b_out, y_t = Σ_{t'≤t} κ^{t-t'} (W_out o_t' + b_out), so with the
 * forward-filtered traces ō_t = κ ō_{t-1} + o_t and c_t = κ c_{t-1} + 1:
 *
 * <pre>
 * ∂L/∂W_out = Σ_t (∂L/∂y_t) ō_tᵀ,   ∂L/∂b_out = Σ_t c_t ∂L/∂y_t
 * </pre>
 *
 * Memory O(B·n); cost per step O(B·n·n_out).
 */
public final class ReadoutOnly implements LearningRule {
  @Override
  public String name() {
    return "readout-only";
  }

  @Override
  public Session begin(Network network, Parameters params, int batchSize) {
    return new ReadoutSession(network, batchSize);
  }

  private static final class ReadoutSession implements Session {
    private final double kappa;
    private final int n;
    private final int outputs;
    private final double[] filtered;
    private final double[] weightGrad;
    private final double[] biasGrad;
    private double c;
    private long slotDoubles;

    ReadoutSession(Network network, int batch) {
      kappa = network.readout().kappa();
      n = network.cell().hidden();
      outputs = network.spec().outputs();
      filtered = new double[batch * n];
      weightGrad = new double[outputs * n];
      biasGrad = new double[outputs];
    }

    @Override
    public void startSequence(Trajectory trajectory) {
      Arrays.fill(filtered, 0.0);
      Arrays.fill(weightGrad, 0.0);
      Arrays.fill(biasGrad, 0.0);
      c = 0;
    }

    @Override
    public void observe(Trajectory tr, int t) {
      double[] o = tr.output(t);
      for (int i = 0; i < filtered.length; i++) {
        filtered[i] = kappa * filtered[i] + o[i];
      }
      c = kappa * c + 1;
      double[] g = tr.lossGradient(t);
      int batch = tr.batchSize();
      Kernels.multAddTransA(batch, outputs, n, g, filtered, weightGrad);
      for (int b = 0; b < batch; b++) {
        for (int k = 0; k < outputs; k++) {
          biasGrad[k] += c * g[b * outputs + k];
        }
      }
    }

    @Override
    public void gradient(Trajectory trajectory, Parameters out) {
      slotDoubles = trajectory.doublesPerSlot();
      out.fill(0.0);
      System.arraycopy(weightGrad, 0, out.get(Parameters.OUTPUT_WEIGHTS), 0, weightGrad.length);
      System.arraycopy(biasGrad, 0, out.get(Parameters.OUTPUT_BIAS), 0, biasGrad.length);
    }

    @Override
    public int window() {
      return 2;
    }

    @Override
    public RuleCost cost() {
      long own = filtered.length + weightGrad.length + biasGrad.length + 1;
      int batch = filtered.length / n;
      // the filter, the outer product, the bias sum
      double flops = 2.0 * batch * n + 2.0 * batch * outputs * n + 3.0 * batch * outputs;
      return new RuleCost(own + window() * slotDoubles, flops);
    }
  }
}
