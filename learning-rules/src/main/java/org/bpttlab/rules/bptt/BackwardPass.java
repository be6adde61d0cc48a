package org.bpttlab.rules.bptt;

import java.util.Arrays;
import org.bpttlab.core.Cell;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.SynapseGradients;
import org.bpttlab.core.Trajectory;
import org.bpttlab.core.net.Network;
import org.bpttlab.core.readout.LeakyReadout;

/**
 * One backward step of BPTT at a time, with the adjoints carried from step t + 1 to step t: the
 * piece that BPTT, truncated BPTT, randomized truncation and checkpointed BPTT share, so that all of
 * them compute the very same floating-point operations for the same step. For step t:
 *
 * <pre>
 * (1) δu_t = [inject] g ∂L/∂y_t + c κ δu_{t+1}              readout carry (u_t = W_out o_t + b_out)
 * (2) δo_t = W_outᵀ δu_t + [inject] ∂L_reg/∂o_t            ∂L/∂W_out += δu_t o_tᵀ, ∂L/∂b_out += δu_t
 * (3) δs_t = (∂o_t/∂s_t)ᵀ δo_t + c J_{t+1}ᵀ δs_{t+1}       cell.backpropOutput, cell.backpropStep
 * </pre>
 *
 * where g is the readout's input gain ({@link LeakyReadout}), [inject] says whether step t's loss
 * terms enter (truncation injects only the newest ones) and c is the carry's compensation factor (1
 * but for randomized truncation). The step reads steps t − 1 and t of the trajectory only.
 *
 * <p>The cell's synapse gradients Σ_t δ_t pre_tᵀ are gathered over a few steps and added as one
 * product ({@link SynapseGradients}, the same bits as step by step): a caller {@link #flush}es before
 * it reads the gradient it passed to {@link #step}.
 */
public final class BackwardPass {
  private final Network network;
  private final double[] dReadout;
  private final double[] dOutput;
  private double[] dState;
  private double[] dPrevState;
  private final double[] scratch;
  private final double[] dDrive;
  private final SynapseGradients synapses;

  /** Buffers for batches of {@code batch} sequences. */
  public BackwardPass(Network network, int batch) {
    this.network = network;
    Cell cell = network.cell();
    dReadout = new double[batch * network.spec().outputs()];
    dOutput = new double[batch * cell.hidden()];
    dState = new double[batch * cell.stateSize()];
    dPrevState = new double[batch * cell.stateSize()];
    scratch = new double[cell.scratchSize(batch)];
    dDrive = new double[batch * cell.hidden()];
    synapses = new SynapseGradients(cell, batch);
  }

  /** Doubles held (the carried adjoints and the cell's scratch). */
  public long storedDoubles() {
    return dReadout.length + dOutput.length + 2L * dState.length + scratch.length + dDrive.length
        + synapses.storedDoubles();
  }

  /** Floating-point operations of one {@link #step}. */
  public long stepFlops(int batch) {
    return network.backpropFlops(batch) + 2L * dReadout.length + dState.length;
  }

  /**
   * After {@link #step} of step t: ∂L/∂o_t through the readout and the regulariser alone (not
   * through later states), B×n. Live, Not to be modified.
   */
  public double[] outputAdjoint() {
    return dOutput;
  }

  /** After {@link #step} of step t: the whole adjoint δs_t = ∂L/∂s_t, B·S. Live, Not to be modified. */
  public double[] stateAdjoint() {
    return dPrevState;
  }

  /**
   * Adds the synapse gradients gathered by {@link #step} to the gradient they were gathered for;
   * call it before reading that gradient.
   */
  public void flush() {
    synapses.flush();
  }

  /**
   * Clears the carried adjoints: the next step is the first of a backward sweep (gathered synapse
   * gradients stay until {@link #flush}).
   */
  public void reset() {
    Arrays.fill(dReadout, 0.0);
    Arrays.fill(dState, 0.0);
  }

  /**
   * Backpropagates step t, adding its parameter gradients to {@code grad}.
   *
   * @param inject whether step t's loss terms (and the regulariser's) enter
   * @param carry the factor c on the adjoints carried from step t + 1
   * @param regularizer ∂L_reg/∂o_t per neuron (length n), or null for none
   * @param grad Modified (added to; the synapse groups' terms after {@link #flush})
   */
  public void step(
      Parameters params, Trajectory tr, int t, boolean inject, double carry,
      double[] regularizer, Parameters grad) {
    step(params, tr, t, inject, carry, regularizer, params.read(Parameters.OUTPUT_WEIGHTS), grad);
  }

  /**
   * As {@link #step(Parameters, Trajectory, int, boolean, double, double[], Parameters)}, with the
   * readout's error reaching the outputs through {@code feedback} in place of W_out in (2):
   * {@code δo_t = feedbackᵀ δy_t + ...} (e-prop's learning signal, {@code Feedback#transposed}).
   *
   * @param feedback n_out×n like W_out, Not modified
   */
  public void step(
      Parameters params, Trajectory tr, int t, boolean inject, double carry,
      double[] regularizer, double[] feedback, Parameters grad) {
    Cell cell = network.cell();
    LeakyReadout readout = network.readout();
    double kappa = readout.kappa() * carry;
    if (inject) {
      double[] g = tr.lossGradient(t);
      double gain = readout.inputGain();
      for (int i = 0; i < dReadout.length; i++) {
        dReadout[i] = gain * g[i] + kappa * dReadout[i];
      }
    } else {
      for (int i = 0; i < dReadout.length; i++) {
        dReadout[i] = kappa * dReadout[i];
      }
    }
    if (carry != 1.0) {
      for (int i = 0; i < dState.length; i++) {
        dState[i] *= carry;
      }
    }
    readout.backprop(params, tr, t, dReadout, feedback, dOutput, grad);
    if (inject && regularizer != null) {
      int n = regularizer.length;
      int batch = tr.batchSize();
      for (int b = 0; b < batch; b++) {
        for (int j = 0; j < n; j++) {
          dOutput[b * n + j] += regularizer[j];
        }
      }
    }
    cell.backpropOutput(tr, t, dOutput, dState);
    Arrays.fill(dPrevState, 0.0);
    cell.backpropStep(params, tr, t, dState, dPrevState, dDrive, scratch);
    synapses.add(tr, t, dDrive, grad);
    double[] swap = dState;
    dState = dPrevState;
    dPrevState = swap;
  }
}
