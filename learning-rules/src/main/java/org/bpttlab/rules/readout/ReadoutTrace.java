package org.bpttlab.rules.readout;

import java.util.Arrays;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.Trajectory;
import org.bpttlab.kernels.Kernels;
import org.bpttlab.core.net.Network;

/**
 * The exact gradient of the readout's parameters, computed online (shared by every rule that is not
 * reverse-mode). With y_t = κ y_{t-1} + g (W_out o_t + b_out), y_t = Σ_{t'≤t} κ^{t-t'} g (W_out o_t' +
 * b_out), so with the forward-filtered traces ō_t = κ ō_{t-1} + g o_t and c_t = κ c_{t-1} + g:
 *
 * <pre>
 * ∂L/∂W_out = Σ_t (∂L/∂y_t) ō_tᵀ,   ∂L/∂b_out = Σ_t c_t ∂L/∂y_t
 * </pre>
 *
 * Memory B·n + n_out·n + n_out; work per step 2·B·n + 2·B·n_out·n + 3·B·n_out.
 */
public final class ReadoutTrace {
  private final double kappa;
  private final double gain;
  private final int n;
  private final int outputs;
  private final double[] filtered;
  private final double[] weightGrad;
  private final double[] biasGrad;
  private double c;

  public ReadoutTrace(Network network, int batch) {
    kappa = network.readout().kappa();
    gain = network.readout().inputGain();
    n = network.cell().hidden();
    outputs = network.spec().outputs();
    filtered = new double[batch * n];
    weightGrad = new double[outputs * n];
    biasGrad = new double[outputs];
  }

  /** A new sequence: traces and gradient cleared. */
  public void reset() {
    Arrays.fill(filtered, 0.0);
    c = 0;
    clearGradient();
  }

  /** Clears the gradient accumulated so far (online updates); the traces carry on. */
  public void clearGradient() {
    Arrays.fill(weightGrad, 0.0);
    Arrays.fill(biasGrad, 0.0);
  }

  /** Adds step t's terms. */
  public void observe(Trajectory tr, int t) {
    double[] o = tr.output(t);
    for (int i = 0; i < filtered.length; i++) {
      filtered[i] = kappa * filtered[i] + gain * o[i];
    }
    c = kappa * c + gain;
    double[] g = tr.lossGradient(t);
    int batch = tr.batchSize();
    Kernels.multAddTransA(batch, outputs, n, g, filtered, weightGrad);
    for (int b = 0; b < batch; b++) {
      for (int k = 0; k < outputs; k++) {
        biasGrad[k] += c * g[b * outputs + k];
      }
    }
  }

  /**
   * Writes the accumulated W_out and b_out gradients into {@code out}.
   *
   * @param out Modified (W_out and b_out overwritten)
   */
  public void write(Parameters out) {
    System.arraycopy(weightGrad, 0, out.get(Parameters.OUTPUT_WEIGHTS), 0, weightGrad.length);
    System.arraycopy(biasGrad, 0, out.get(Parameters.OUTPUT_BIAS), 0, biasGrad.length);
  }

  public long storedDoubles() {
    return filtered.length + weightGrad.length + biasGrad.length + 1L;
  }

  public double flopsPerStep() {
    int batch = filtered.length / n;
    return 2.0 * batch * n + 2.0 * batch * outputs * n + 3.0 * batch * outputs;
  }
}
