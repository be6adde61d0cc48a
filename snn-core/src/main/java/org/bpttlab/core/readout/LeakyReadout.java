package org.bpttlab.core.readout;

import java.util.Arrays;
import java.util.List;
import org.bpttlab.core.ParameterShape;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.Perturbation;
import org.bpttlab.core.ReadoutSpec;
import org.bpttlab.core.Trajectory;
import org.bpttlab.kernels.Kernels;

/**
 * The readout {@code y_t = κ y_{t-1} + g (W_out o_t + b_out)} ({@link ReadoutSpec}; Bellec et al.
 * 2020; κ = 0 is the linear readout of rate networks). Its parameter groups W_out (n_out×n) and b_out
 * (n_out) are the network's groups {@code first} and {@code first + 1}.
 *
 * <p>Backward, with u_t = W_out o_t + b_out the readout's input and its total gradient
 * δu_t = g ∂L/∂y_t + κ δu_{t+1}: ∂L/∂W_out += δu_t o_tᵀ, ∂L/∂b_out += δu_t and ∂L/∂o_t (through the
 * readout) = W_outᵀ δu_t. A rule that filters forward in time filters o_t as the readout does:
 * ō_t = κ ō_{t-1} + g o_t.
 */
public final class LeakyReadout {
  private final int n;
  private final int outputs;
  private final double kappa;
  private final double gain;
  private final int weights;
  private final int bias;
  private final List<ParameterShape> shapes;

  /**
   * @param spec the readout
   * @param hidden n
   * @param outputs n_out
   * @param firstGroup index of W_out in the network's parameters (b_out follows)
   */
  public LeakyReadout(ReadoutSpec spec, int hidden, int outputs, int firstGroup) {
    this.n = hidden;
    this.outputs = outputs;
    this.kappa = spec.kappa();
    this.gain = spec.inputGain();
    this.weights = firstGroup;
    this.bias = firstGroup + 1;
    this.shapes = List.of(
        new ParameterShape(Parameters.OUTPUT_WEIGHTS, outputs, n),
        new ParameterShape(Parameters.OUTPUT_BIAS, outputs, 1));
  }

  public List<ParameterShape> parameterShapes() {
    return shapes;
  }

  /** κ. */
  public double kappa() {
    return kappa;
  }

  /** g, the filter's input gain ({@link ReadoutSpec#inputGain()}). */
  public double inputGain() {
    return gain;
  }

  /** Floating-point operations of one {@link #step} for {@code batch} sequences. */
  public long stepFlops(int batch) {
    return 2L * batch * outputs * n + 3L * batch * outputs;
  }

  /** Floating-point operations of one {@link #backprop}. */
  public long backpropFlops(int batch) {
    return 4L * batch * outputs * n + batch * outputs;
  }

  /**
   * Computes y_t from y_{t-1} and o_t; a trajectory's {@link Perturbation} enters the readout's
   * input: y_t = κ y_{t-1} + g (W_out o_t + b_out + ζ_t).
   */
  public void step(Parameters params, Trajectory tr, int t) {
    int batch = tr.batchSize();
    double[] y = tr.readout(t);
    double[] yPrev = tr.readout(t - 1);
    double[] b = params.read(bias);
    Perturbation perturbation = tr.perturbation();
    Kernels.multTransB(batch, n, outputs, tr.output(t), params.read(weights), y);
    if (gain == 1.0) {
      for (int r = 0; r < batch; r++) {
        for (int k = 0; k < outputs; k++) {
          int i = r * outputs + k;
          y[i] += kappa * yPrev[i] + b[k];
        }
      }
      if (perturbation != null) {
        perturbation.addToReadout(t, y);
      }
      return;
    }
    for (int r = 0; r < batch; r++) {
      for (int k = 0; k < outputs; k++) {
        y[r * outputs + k] += b[k];
      }
    }
    if (perturbation != null) {
      perturbation.addToReadout(t, y);
    }
    for (int i = 0; i < batch * outputs; i++) {
      y[i] = kappa * yPrev[i] + gain * y[i];
    }
  }

  /**
   * Adds the readout's parameter gradients for the total gradient δu_t of its input and writes
   * ∂L/∂o_t, the error reaching o_t through {@code feedback}: W_out itself for BPTT, or e.g. e-prop's
   * Bᵀ (Bellec et al. 2020), {@code δo_t = δu_t · feedback}; W_out's and b_out's gradients stay exact.
   *
   * @param dInput δu_t, B×n_out, Not modified
   * @param feedback n_out×n like W_out, Not modified
   * @param dOutput B×n, Modified (overwritten)
   * @param grad Modified (W_out and b_out added to)
   */
  public void backprop(
      Parameters params, Trajectory tr, int t, double[] dInput, double[] feedback,
      double[] dOutput, Parameters grad) {
    int batch = tr.batchSize();
    Kernels.multAddTransA(batch, outputs, n, dInput, tr.output(t), grad.get(weights));
    double[] gb = grad.get(bias);
    for (int r = 0; r < batch; r++) {
      for (int k = 0; k < outputs; k++) {
        gb[k] += dInput[r * outputs + k];
      }
    }
    Arrays.fill(dOutput, 0, batch * n, 0.0);
    Kernels.multAdd(batch, outputs, n, dInput, feedback, dOutput);
  }
}
