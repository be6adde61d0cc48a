package org.bpttlab.rules;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bpttlab.core.Batch;
import org.bpttlab.core.Cell;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.Trajectory;
import org.bpttlab.core.net.Network;

/**
 * Credit-assignment sums formed from the cells' dense Jacobians J_t, ∂o_t/∂s_t and M̄_t (not their
 * vector-Jacobian products, which contract B2 ties to them): the independent side of the checks of
 * rules that truncate the credit (F-BPTT's horizon, DNI with A = 0).
 */
public final class DenseCredit {
  private DenseCredit() {}

  /**
   * Σ_τ c_τᵀ M̄_τ with c_τ = Σ_{t=τ}^{l} ∂L_t/∂s_τ + Σ_{t=τ}^{l} (∂o_t/∂s_τ)ᵀ r̂_l, l = min(τ + h − 1,
   * T), per sequence, from the dense pieces:
   * ∂L_t/∂s_τ = Σ_{t'=τ}^{t} (g κ^{t−t'} W_outᵀ ∂L_t/∂y_t)ᵀ (∂o_t'/∂s_t') J_t' ⋯ J_{τ+1}, and
   * r̂_l the rate regulariser's gradient as known after step l (its running estimate, exact at T;
   * zero when it is off): the credit truncated to h steps, the regulariser's taken when τ leaves.
   */
  public static Parameters truncated(Network net, Parameters p, Batch batch, int h) {
    Cell cell = net.cell();
    int n = cell.hidden();
    int s = cell.stateSize();
    int np = cell.parameterCount();
    int nOut = net.spec().outputs();
    int steps = batch.steps();
    double kappa = net.readout().kappa();
    double gain = net.readout().inputGain();
    double[] wOut = p.get(Parameters.OUTPUT_WEIGHTS);
    Trajectory tr = net.newTrajectory(batch);
    // the regulariser's gradient as known after each step t (zeros when it is off)
    double[][] rate = new double[steps + 1][n];
    for (int t = 1; t <= steps; t++) {
      net.step(p, tr, t);
      net.regularizer().runningGradient(tr, t, rate[t]);
    }
    net.finish(tr);
    double[] flat = new double[np];
    double[] jacobian = new double[s * s];
    double[] outputJacobian = new double[n * s];
    double[] immediate = new double[s * np];
    for (int b = 0; b < batch.size(); b++) {
      for (int tau = 1; tau <= steps; tau++) {
        int last = Math.min(steps, tau + h - 1);
        double[] product = identity(s);
        double[] credit = new double[s];
        for (int t1 = tau; t1 <= last; t1++) {
          if (t1 > tau) {
            cell.stateJacobian(p, tr, t1, b, jacobian);
            product = multiply(jacobian, product, s);
          }
          // v = Σ_{t=t1}^{last} g κ^{t−t1} W_outᵀ ∂L_t/∂y_t + r̂_last
          double[] v = rate[last].clone();
          for (int t = t1; t <= last; t++) {
            double w = gain * Math.pow(kappa, t - t1);
            double[] e = tr.lossGradient(t);
            for (int k = 0; k < nOut; k++) {
              for (int j = 0; j < n; j++) {
                v[j] += w * e[b * nOut + k] * wOut[k * n + j];
              }
            }
          }
          cell.outputJacobian(tr, t1, b, outputJacobian);
          for (int col = 0; col < s; col++) {
            double sum = 0;
            for (int row = 0; row < s; row++) {
              double vo = 0;
              for (int j = 0; j < n; j++) {
                vo += v[j] * outputJacobian[j * s + row];
              }
              sum += vo * product[row * s + col];
            }
            credit[col] += sum;
          }
        }
        cell.immediateInfluence(p, tr, tau, b, immediate);
        for (int row = 0; row < s; row++) {
          for (int i = 0; i < np; i++) {
            flat[i] += credit[row] * immediate[row * np + i];
          }
        }
      }
    }
    Parameters out = net.newParameters();
    int offset = 0;
    for (int g = 0; g < cell.parameterShapes().size(); g++) {
      double[] dst = out.get(g);
      System.arraycopy(flat, offset, dst, 0, dst.length);
      offset += dst.length;
    }
    return out;
  }

  private static double[] identity(int s) {
    double[] m = new double[s * s];
    for (int i = 0; i < s; i++) {
      m[i * s + i] = 1;
    }
    return m;
  }

  private static double[] multiply(double[] a, double[] b, int s) {
    double[] c = new double[s * s];
    for (int i = 0; i < s; i++) {
      for (int k = 0; k < s; k++) {
        for (int j = 0; j < s; j++) {
          c[i * s + j] += a[i * s + k] * b[k * s + j];
        }
      }
    }
    return c;
  }


  /** ‖a − e‖ ≤ tolerance · max(‖e‖, 1e-12). */
  public static void assertClose(double[] expected, double[] actual, double tolerance,
      String what) {
    double error = relativeDifference(expected, actual);
    assertTrue(error <= tolerance, what + ": relative difference " + error);
  }

  /** ‖a − e‖ / max(‖e‖, 1e-12). */
  public static double relativeDifference(double[] expected, double[] actual) {
    double diff = 0;
    double norm = 0;
    for (int i = 0; i < expected.length; i++) {
      diff += (actual[i] - expected[i]) * (actual[i] - expected[i]);
      norm += expected[i] * expected[i];
    }
    return Math.sqrt(diff) / Math.max(Math.sqrt(norm), 1e-12);
  }
}
