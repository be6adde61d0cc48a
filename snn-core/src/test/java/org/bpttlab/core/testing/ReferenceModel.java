package org.bpttlab.core.testing;

import org.bpttlab.core.Batch;
import org.bpttlab.core.LossKind;
import org.bpttlab.core.NetworkSpec;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.RateCellSpec;
import org.bpttlab.core.SpikingCellSpec;

/**
 * An independent, deliberately naive implementation of the model equations of DESIGN §3 (scalar loops
 * over one sequence at a time, no kernels, no cell classes), the reference of the exactness
 * contracts.
 *
 * <p>Stopped gradients are expressed as frozen signals: when {@code frozen} is given, the quantities
 * the declared graph treats as constants (the h_{t-1} or z_{t-1} of the recurrent input when the
 * recurrent gradient is stopped; the z_{t-1} of the reset when the reset is detached) are read
 * from it instead of the live run. Finite differences of this function at θ0, with {@code frozen}
 * recorded at θ0, are the exact gradient of the declared graph.
 */
public final class ReferenceModel {
  private ReferenceModel() {}

  /**
   * The total loss: the masked task loss summed over time, averaged over the batch, plus the
   * firing-rate regulariser.
   *
   * @param frozen outputs o_t[b][j] (t = 0..T) of a run at θ0, or null for the live graph
   * @param record if non-null ([T+1][B][n]), filled with this run's outputs o_t[b][j]
   */
  public static double loss(
      NetworkSpec spec, Parameters p, Batch batch, double[][][] frozen, double[][][] record) {
    int n = spec.hidden();
    int nOut = spec.outputs();
    int batchSize = batch.size();
    int steps = batch.steps();
    double[][][] out = record != null ? record : new double[steps + 1][batchSize][n];
    double kappa = spec.readout().kappa();
    double gain = spec.readout().unitGain() ? 1 - kappa : 1;
    double[] wOut = p.get(Parameters.OUTPUT_WEIGHTS);
    double[] bOut = p.get(Parameters.OUTPUT_BIAS);
    double taskLoss = 0;
    for (int b = 0; b < batchSize; b++) {
      out[0][b] = new double[n];
      java.util.Arrays.fill(out[0][b], spec.cell().initialState());
      if (spec.cell() instanceof RateCellSpec rate) {
        runRate(rate, spec.inputs(), p, batch, b, frozen, out);
      } else {
        runSpiking((SpikingCellSpec) spec.cell(), spec.inputs(), p, batch, b, frozen, out);
      }
      double[] y = new double[nOut];
      for (int t = 1; t <= steps; t++) {
        for (int k = 0; k < nOut; k++) {
          double s = bOut[k];
          for (int j = 0; j < n; j++) {
            s += wOut[k * n + j] * out[t][b][j];
          }
          y[k] = kappa * y[k] + gain * s;
        }
        double m = batch.maskAt(t)[b];
        double[] target = new double[nOut];
        System.arraycopy(batch.targetAt(t), b * nOut, target, 0, nOut);
        taskLoss += m * stepLoss(spec.loss(), y, target) / batchSize;
      }
    }
    return taskLoss + regularizer(spec, out, batchSize, steps);
  }

  private static double stepLoss(LossKind kind, double[] y, double[] target) {
    if (kind == LossKind.MSE) {
      double s = 0;
      for (int k = 0; k < y.length; k++) {
        s += (y[k] - target[k]) * (y[k] - target[k]);
      }
      return 0.5 * s;
    }
    double z = 0;
    for (double v : y) {
      z += Math.exp(v);
    }
    double s = 0;
    for (int k = 0; k < y.length; k++) {
      s -= target[k] * (y[k] - Math.log(z));
    }
    return s;
  }

  private static double regularizer(NetworkSpec spec, double[][][] out, int batchSize, int steps) {
    if (!spec.regularizer().enabled()) {
      return 0;
    }
    double dt = ((SpikingCellSpec) spec.cell()).dtMs();
    double loss = 0;
    for (int j = 0; j < spec.hidden(); j++) {
      double count = 0;
      for (int t = 1; t <= steps; t++) {
        for (int b = 0; b < batchSize; b++) {
          count += out[t][b][j];
        }
      }
      double rate = count / (batchSize * steps * dt);
      double e = rate - spec.regularizer().targetHz() / 1000.0;
      loss += e * e;
    }
    return 0.5 * spec.regularizer().strength() * loss;
  }

  private static double input(Parameters p, Batch batch, int t, int b, int j, int nIn) {
    double[] wIn = p.get(Parameters.INPUT_WEIGHTS);
    double s = 0;
    for (int i = 0; i < nIn; i++) {
      s += wIn[j * nIn + i] * batch.input(t)[b * nIn + i];
    }
    return s;
  }

  private static void runRate(
      RateCellSpec c, int nIn, Parameters p, Batch batch, int b, double[][][] frozen,
      double[][][] out) {
    int n = c.hidden();
    double[] wRec = p.get(Parameters.RECURRENT_WEIGHTS);
    double[] bias = p.get(Parameters.BIAS);
    for (int t = 1; t <= batch.steps(); t++) {
      double[] prev = out[t - 1][b];
      double[] recIn = c.stopRecurrentGradient() && frozen != null ? frozen[t - 1][b] : prev;
      double[] h = new double[n];
      for (int j = 0; j < n; j++) {
        double a = bias[j] + input(p, batch, t, b, j, nIn);
        for (int i = 0; i < n; i++) {
          a += wRec[j * n + i] * recIn[i];
        }
        double phi = c.activation() == RateCellSpec.Activation.LINEAR ? a : Math.tanh(a);
        h[j] = (1 - c.alpha()) * prev[j] + c.alpha() * phi;
      }
      out[t][b] = h;
    }
  }

  private static void runSpiking(
      SpikingCellSpec c, int nIn, Parameters p, Batch batch, int b, double[][][] frozen,
      double[][][] out) {
    int n = c.hidden();
    double[] wRec = p.get(Parameters.RECURRENT_WEIGHTS);
    double alpha = Math.exp(-c.dtMs() / c.tauMemMs());
    double rho = Math.exp(-c.dtMs() / c.tauAdaptMs());
    double vTh = c.threshold();
    double[] v = new double[n];
    double[] a = new double[n];
    int[] refractory = new int[n];
    for (int t = 1; t <= batch.steps(); t++) {
      double[] zPrev = out[t - 1][b];
      double[] zRec = c.stopRecurrentGradient() && frozen != null ? frozen[t - 1][b] : zPrev;
      double[] zReset = c.detachReset() && frozen != null ? frozen[t - 1][b] : zPrev;
      double[] z = new double[n];
      for (int j = 0; j < n; j++) {
        double rec = 0;
        for (int i = 0; i < n; i++) {
          if (i != j) {
            rec += wRec[j * n + i] * zRec[i];
          }
        }
        v[j] = alpha * v[j] + rec + input(p, batch, t, b, j, nIn) - vTh * zReset[j];
        boolean adaptiveNeuron = j >= n - c.adaptiveNeurons();
        double beta = adaptiveNeuron ? c.beta() : 0;
        a[j] = rho * a[j] + zPrev[j];
        double u = (v[j] - vTh - beta * a[j]) / vTh;
        if (refractory[j] > 0) {
          refractory[j]--;
          z[j] = 0;
        } else {
          z[j] = c.surrogate().spike(u);
          refractory[j] = u >= 0 ? c.refractorySteps() : 0;
        }
      }
      out[t][b] = z;
    }
  }
}
