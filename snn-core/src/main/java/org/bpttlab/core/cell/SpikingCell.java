package org.bpttlab.core.cell;

import java.util.Arrays;
import java.util.List;
import org.bpttlab.core.LocalDynamics;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.SpikingCellSpec;
import org.bpttlab.core.Surrogate;
import org.bpttlab.core.Trajectory;
import org.bpttlab.kernels.MatrixProducts;
import org.bpttlab.kernels.Products;
import org.bpttlab.kernels.WeightMatrix;

/**
 * LIF and adaptive LIF neurons (LSNN), alone or mixed, as in Bellec et al. 2020 (Nat. Commun.
 * 11:3625), Methods, with the equations of {@link SpikingCellSpec}:
 *
 * <pre>
 * (1) v_t = α v_{t-1} + Σ_{i≠j} W_rec[j][i] z_{t-1,i} + W_in x_t − v_th z_{t-1}
 * (2) a_t = ρ a_{t-1} + z_{t-1}                              (adaptive cells)
 * (3) z_t = H(v_t − v_th − β_j a_t), 0 for n_ref steps after a spike
 * (4) ψ_t = surrogate((v_t − v_th − β_j a_t) / v_th), 0 while refractory
 * </pre>
 *
 * State: v (lif) or v then a (alif), component-major. Output: z. Aux: ψ_t, then the refractory
 * counter r_t (steps of refractoriness left). The diagonal of W_rec is ignored by the step and gets
 * zero gradient, whatever is stored there.
 *
 * <p>Vector-Jacobian product, with δz_{t-1} = Σ_j W̃_ji δv_{t,j} [unless the recurrent gradient is
 * stopped] − v_th δv_{t,i} [unless the reset is detached] + δa_{t,i} [adaptive]: δv_{t-1} = α δv_t
 * + ψ_{t-1} δz_{t-1}, δa_{t-1} = ρ δa_t − β ψ_{t-1} δz_{t-1}; ∂L/∂W_rec += δv_t z_{t-1}ᵀ
 * (off-diagonal), ∂L/∂W_in += δv_t x_tᵀ.
 */
public final class SpikingCell extends SynapticCell<SpikingCellSpec> {
  private final boolean adaptive;
  private final double alpha;
  private final double rho;
  private final double vTh;
  private final double gamma;
  private final double[] beta;
  private final Surrogate surrogate;

  /** A spiking cell with double-precision products. */
  public SpikingCell(SpikingCellSpec spec, int inputs) {
    this(spec, inputs, Products.FLOAT64);
  }

  public SpikingCell(SpikingCellSpec spec, int inputs, MatrixProducts products) {
    super(spec, inputs, products, false, 12);
    this.adaptive = spec.adaptive();
    this.alpha = spec.alpha();
    this.rho = spec.rho();
    this.vTh = spec.threshold();
    this.gamma = spec.dampening();
    this.surrogate = spec.surrogate();
    this.beta = new double[n];
    for (int j = 0; j < n; j++) {
      beta[j] = spec.betaOf(j);
    }
  }

  @Override
  public int stateSize() {
    return adaptive ? 2 * n : n;
  }

  @Override
  public int auxSize() {
    return 2 * n;
  }

  @Override
  public void step(Parameters params, Trajectory tr, int t) {
    int batch = tr.batchSize();
    int bn = batch * n;
    double[] sPrev = tr.state(t - 1);
    double[] s = tr.state(t);
    double[] zPrev = tr.output(t - 1);
    double[] z = tr.output(t);
    double[] auxPrev = tr.aux(t - 1);
    double[] aux = tr.aux(t);
    WeightMatrix wRec = params.matrix(W_REC);
    double[] w = wRec.values();
    // input current into the v block of s: W_rec z_{t-1} + W_in x_t
    synapticCurrent(params, tr, t, s);
    perturb(tr, t, s);
    int nRef = spec.refractorySteps();
    for (int r = 0; r < batch; r++) {
      int o = r * n;
      for (int j = 0; j < n; j++) {
        int k = o + j;
        double zp = zPrev[k];
        double v = alpha * sPrev[k] + s[k] - w[j * n + j] * zp - vTh * zp;
        s[k] = v;
        double threshold = vTh;
        if (adaptive) {
          double a = rho * sPrev[bn + k] + zp;
          s[bn + k] = a;
          threshold += beta[j] * a;
        }
        double u = (v - threshold) / vTh;
        double refLeft = auxPrev[bn + k];
        if (refLeft > 0) {
          z[k] = 0;
          aux[k] = 0;
          aux[bn + k] = refLeft - 1;
        } else {
          z[k] = surrogate.spike(u);
          aux[k] = surrogate.derivative(u, vTh, gamma);
          aux[bn + k] = u >= 0 ? nRef : 0;
        }
      }
    }
  }

  @Override
  public void backpropOutput(Trajectory tr, int t, double[] dOutput, double[] dState) {
    int bn = tr.batchSize() * n;
    double[] psi = tr.aux(t);
    for (int k = 0; k < bn; k++) {
      double g = psi[k] * dOutput[k];
      dState[k] += g;
      if (adaptive) {
        dState[bn + k] -= beta[k % n] * g;
      }
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
    int bn = batch * n;
    WeightMatrix wRec = params.matrix(W_REC);
    double[] w = wRec.values();
    double[] psiPrev = tr.aux(t - 1);
    double[] dz = scratch;
    Arrays.fill(dz, 0, bn, 0.0);
    boolean recurrent = !spec.stopRecurrentGradient();
    if (recurrent) {
      products.multAdd(batch, n, n, dState, wRec, dz);
    }
    for (int r = 0; r < batch; r++) {
      int o = r * n;
      for (int i = 0; i < n; i++) {
        int k = o + i;
        double dv = dState[k];
        double g = 0;
        if (recurrent) {
          g = dz[k] - w[i * n + i] * dv;
        }
        if (!spec.detachReset()) {
          g -= vTh * dv;
        }
        if (adaptive) {
          double da = dState[bn + k];
          g += da;
          dPrevState[bn + k] += rho * da - beta[i] * psiPrev[k] * g;
        }
        dPrevState[k] += alpha * dv + psiPrev[k] * g;
      }
    }
    // the synapses drive the membrane alone: dDrive = ∂L/∂v_t
    System.arraycopy(dState, 0, dDrive, 0, bn);
  }

  @Override
  public void stateJacobian(Parameters params, Trajectory tr, int t, int b, double[] jacobian) {
    int size = stateSize();
    Arrays.fill(jacobian, 0, size * size, 0.0);
    double[] w = params.read(W_REC);
    double[] psiPrev = tr.aux(t - 1);
    for (int j = 0; j < n; j++) {
      for (int i = 0; i < n; i++) {
        // coefficient of z_{t-1,i} in v_{t,j}
        double c = 0;
        if (i != j && !spec.stopRecurrentGradient()) {
          c = w[j * n + i];
        }
        if (i == j && !spec.detachReset()) {
          c -= vTh;
        }
        double psi = psiPrev[b * n + i];
        jacobian[j * size + i] = (i == j ? alpha : 0) + c * psi;
        if (adaptive) {
          jacobian[j * size + n + i] = -c * beta[i] * psi;
        }
      }
      if (adaptive) {
        double psi = psiPrev[b * n + j];
        jacobian[(n + j) * size + j] = psi;
        jacobian[(n + j) * size + n + j] = rho - beta[j] * psi;
      }
    }
  }

  @Override
  public void immediateInfluence(
      Parameters params, Trajectory tr, int t, int b, double[] influence) {
    int p = parameterCount();
    Arrays.fill(influence, 0, stateSize() * p, 0.0);
    double[] x = tr.input(t);
    double[] zPrev = tr.output(t - 1);
    int recOffset = n * inputs;
    for (int j = 0; j < n; j++) {
      // ∂v_j/∂W_in[j][i] = x_i; ∂v_j/∂W_rec[j][i] = z_{t-1,i} (i ≠ j); a does not depend on θ
      int row = j * p;
      for (int i = 0; i < inputs; i++) {
        influence[row + j * inputs + i] = x[b * inputs + i];
      }
      for (int i = 0; i < n; i++) {
        if (i != j) {
          influence[row + recOffset + j * n + i] = zPrev[b * n + i];
        }
      }
    }
  }

  @Override
  public void outputJacobian(Trajectory tr, int t, int b, double[] jacobian) {
    int size = stateSize();
    Arrays.fill(jacobian, 0, n * size, 0.0);
    double[] psi = tr.aux(t);
    for (int j = 0; j < n; j++) {
      jacobian[j * size + j] = psi[b * n + j];
      if (adaptive) {
        jacobian[j * size + n + j] = -beta[j] * psi[b * n + j];
      }
    }
  }

  @Override
  public boolean selfConnections() {
    return false;
  }

  /** The membrane is shared: its eligibility vector is the same for every postsynaptic neuron. */
  @Override
  public LocalDynamics newLocalDynamics(int batch) {
    boolean[] shared = adaptive ? new boolean[] {true, false} : new boolean[] {true};
    return new LocalDynamics(stateSize() / n, batch, n, shared);
  }

  /**
   * Bellec et al. 2020, Methods (eligibility vectors of LIF and ALIF neurons), whatever the declared
   * graph: the reset is not differentiated in the traces (the reference code's {@code z} is
   * stopped there; a differentiated reset reaches the gradient through the learning signal instead,
   * {@link #backpropLearningSignal}), adaptation sees the neuron's own spike:
   *
   * <pre>
   * D = | α          0             |     q = (1, 0),   ψ = (ψ_t, −β ψ_t)
   *     | ψ_{t-1}    ρ − β ψ_{t-1} |
   * </pre>
   *
   * (lif: α alone).
   */
  @Override
  public void localDynamics(Parameters params, Trajectory tr, int t, LocalDynamics out) {
    int bn = tr.batchSize() * n;
    double[] psiPrev = tr.aux(t - 1);
    double[] psiNow = tr.aux(t);
    double[] decay = out.decay();
    double[] drive = out.drive();
    double[] psi = out.pseudoDerivative();
    for (int k = 0; k < bn; k++) {
      decay[k] = alpha;
      drive[k] = 1;
      psi[k] = psiNow[k];
      if (adaptive) {
        double pp = psiPrev[k];
        double bj = beta[k % n];
        decay[bn + k] = 0;
        decay[2 * bn + k] = pp;
        decay[3 * bn + k] = rho - bj * pp;
        drive[bn + k] = 0;
        psi[bn + k] = -bj * psiNow[k];
      }
    }
  }

  /** Through the recurrent input unless stopped, and through the reset unless detached. */
  @Override
  public void backpropLearningSignal(
      Parameters params, Trajectory tr, int t, double[] dState, double[] dPrevOutput,
      double[] scratch) {
    int batch = tr.batchSize();
    boolean recurrent = !spec.stopRecurrentGradient();
    boolean reset = !spec.detachReset();
    WeightMatrix wRec = params.matrix(W_REC);
    double[] w = wRec.values();
    // the v block of dState is its first B·n entries; the diagonal is no connection
    if (recurrent) {
      products.multAdd(batch, n, n, dState, wRec, dPrevOutput);
    }
    for (int r = 0; r < batch; r++) {
      int o = r * n;
      for (int i = 0; i < n; i++) {
        double dv = dState[o + i];
        dPrevOutput[o + i] -= (recurrent ? w[i * n + i] * dv : 0) + (reset ? vTh * dv : 0);
      }
    }
  }
}
