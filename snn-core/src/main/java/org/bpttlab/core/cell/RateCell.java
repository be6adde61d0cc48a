package org.bpttlab.core.cell;

import java.util.Arrays;
import org.bpttlab.core.LocalDynamics;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.RateCellSpec;
import org.bpttlab.core.Trajectory;
import org.bpttlab.kernels.Elementwise;
import org.bpttlab.kernels.MatrixProducts;
import org.bpttlab.kernels.Products;

/**
 * The rate cell (Elman 1990; leaky form as in Murray 2019):
 *
 * <pre>
 * (1) a_t = W_rec h_{t-1} + W_in x_t + b
 * (2) h_t = (1 - α) h_{t-1} + α φ(a_t)          φ = tanh, or the identity (linear)
 * </pre>
 *
 * State and output are h (S = n). Recorded aux: d_t = φ′(a_t), 1 - tanh²(a_t) or 1. Every backward
 * and forward-mode piece reads φ′ from d_t alone, so the linear cell differs only in its step. Its
 * vector-Jacobian product,
 * with δa = α d_t ⊙ δh_t: δh_{t-1} = (1 - α) δh_t + W_recᵀ δa (the second term dropped when the
 * recurrent gradient is stopped), ∂L/∂W_rec += δa h_{t-1}ᵀ, ∂L/∂W_in += δa x_tᵀ, ∂L/∂b += δa.
 */
public final class RateCell extends SynapticCell<RateCellSpec> {
  private final double alpha;
  private final boolean linear;

  /** A rate cell with double-precision products. */
  public RateCell(RateCellSpec spec, int inputs) {
    this(spec, inputs, Products.FLOAT64);
  }

  public RateCell(RateCellSpec spec, int inputs, MatrixProducts products) {
    super(spec, inputs, products, true, 6);
    this.alpha = spec.alpha();
    this.linear = spec.activation() == RateCellSpec.Activation.LINEAR;
  }

  @Override
  public int stateSize() {
    return n;
  }

  @Override
  public int auxSize() {
    return n;
  }

  @Override
  public boolean outputIsState() {
    return true;
  }

  @Override
  public void step(Parameters params, Trajectory tr, int t) {
    int batch = tr.batchSize();
    double[] hPrev = tr.state(t - 1);
    double[] h = tr.state(t);
    double[] d = tr.aux(t);
    double[] b = params.read(BIAS);
    synapticCurrent(params, tr, t, h);
    for (int r = 0; r < batch; r++) {
      int o = r * n;
      for (int j = 0; j < n; j++) {
        h[o + j] += b[j];
      }
    }
    perturb(tr, t, h);
    int len = batch * n;
    if (linear) {
      for (int k = 0; k < len; k++) {
        h[k] = (1 - alpha) * hPrev[k] + alpha * h[k];
        d[k] = 1;
      }
      return;
    }
    // d holds tanh(a_t) for a moment, then its derivative
    Elementwise.tanh(len, h, d);
    for (int k = 0; k < len; k++) {
      double th = d[k];
      h[k] = (1 - alpha) * hPrev[k] + alpha * th;
      d[k] = 1 - th * th;
    }
  }

  @Override
  public void backpropOutput(Trajectory tr, int t, double[] dOutput, double[] dState) {
    int len = tr.batchSize() * n;
    for (int i = 0; i < len; i++) {
      dState[i] += dOutput[i];
    }
  }

  @Override
  public void backpropStep(
      Parameters params,
      Trajectory tr,
      int t,
      double[] dState,
      double[] dPrevState,
      double[] dDrive,
      double[] scratch) {
    int batch = tr.batchSize();
    int len = batch * n;
    double[] d = tr.aux(t);
    double[] da = dDrive;
    double leak = 1 - alpha;
    for (int i = 0; i < len; i++) {
      da[i] = alpha * d[i] * dState[i];
      dPrevState[i] += leak * dState[i];
    }
    if (!spec.stopRecurrentGradient()) {
      products.multAdd(batch, n, n, da, params.matrix(W_REC), dPrevState);
    }
  }

  @Override
  public void stateJacobian(Parameters params, Trajectory tr, int t, int b, double[] jacobian) {
    Arrays.fill(jacobian, 0, n * n, 0.0);
    double[] w = params.read(W_REC);
    double[] d = tr.aux(t);
    for (int j = 0; j < n; j++) {
      // ∂h_j/∂h_i = (1-α) δ_ji + α d_j W_rec[j][i]
      double g = alpha * d[b * n + j];
      if (!spec.stopRecurrentGradient()) {
        for (int i = 0; i < n; i++) {
          jacobian[j * n + i] = g * w[j * n + i];
        }
      }
      jacobian[j * n + j] += 1 - alpha;
    }
  }

  @Override
  public void immediateInfluence(
      Parameters params, Trajectory tr, int t, int b, double[] influence) {
    int p = parameterCount();
    Arrays.fill(influence, 0, n * p, 0.0);
    double[] x = tr.input(t);
    double[] hPrev = tr.state(t - 1);
    double[] d = tr.aux(t);
    int recOffset = n * inputs;
    int biasOffset = recOffset + n * n;
    for (int j = 0; j < n; j++) {
      // ∂h_j/∂W_in[j][i] = α d_j x_i; ∂h_j/∂W_rec[j][i] = α d_j h_{t-1,i}; ∂h_j/∂b_j = α d_j
      double g = alpha * d[b * n + j];
      int row = j * p;
      for (int i = 0; i < inputs; i++) {
        influence[row + j * inputs + i] = g * x[b * inputs + i];
      }
      for (int i = 0; i < n; i++) {
        influence[row + recOffset + j * n + i] = g * hPrev[b * n + i];
      }
      influence[row + biasOffset + j] = g;
    }
  }

  @Override
  public void outputJacobian(Trajectory tr, int t, int b, double[] jacobian) {
    Arrays.fill(jacobian, 0, n * n, 0.0);
    for (int j = 0; j < n; j++) {
      jacobian[j * n + j] = 1;
    }
  }

  @Override
  public LocalDynamics newLocalDynamics(int batch) {
    return new LocalDynamics(1, batch, n, new boolean[] {false});
  }

  /** D = 1 − α (the leak), q = α d_t (d = φ′(a_t)), ψ = 1: RFLO's trace (Murray 2019). */
  @Override
  public void localDynamics(Parameters params, Trajectory tr, int t, LocalDynamics out) {
    double[] d = tr.aux(t);
    double[] decay = out.decay();
    double[] drive = out.drive();
    double[] psi = out.pseudoDerivative();
    int len = tr.batchSize() * n;
    for (int k = 0; k < len; k++) {
      decay[k] = 1 - alpha;
      drive[k] = alpha * d[k];
      psi[k] = 1;
    }
  }

  /** Through the recurrent input, unless its gradient is stopped. */
  @Override
  public void backpropLearningSignal(
      Parameters params, Trajectory tr, int t, double[] dState, double[] dPrevOutput,
      double[] scratch) {
    if (spec.stopRecurrentGradient()) {
      return;
    }
    int batch = tr.batchSize();
    int len = batch * n;
    double[] d = tr.aux(t);
    for (int i = 0; i < len; i++) {
      scratch[i] = alpha * d[i] * dState[i];
    }
    products.multAdd(batch, n, n, scratch, params.matrix(W_REC), dPrevOutput);
  }
}
