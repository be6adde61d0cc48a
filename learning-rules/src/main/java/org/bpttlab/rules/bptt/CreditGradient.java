package org.bpttlab.rules.bptt;

import java.util.Arrays;
import org.bpttlab.core.Cell;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.SynapseGradients;
import org.bpttlab.core.Trajectory;
import org.bpttlab.core.net.Network;
import org.bpttlab.rules.readout.ReadoutTrace;

/**
 * The gradient of rules that assign each step a credit c_τ ≈ ∂L/∂s_τ and take its immediate
 * influence only (F-BPTT, DNI; KeRNL adds its trace terms to {@link #pending()} itself): the cell's
 * groups get Σ_τ c_τᵀ M̄_τ, formed from the drive's adjoint of {@link Cell#backpropStep} with
 * δs_τ = c_τ and {@link SynapseGradients}; W_out and b_out get their exact gradient online
 * ({@link ReadoutTrace}). What is added since the last {@link #write} is handed out there.
 *
 * <p>Memory: the synapse gatherer, one gradient, the readout's trace and B·(S + n) buffers. Work
 * per {@link #add}: one {@code Cell.backpropFlops} (its J_τᵀ c_τ is discarded).
 */
public final class CreditGradient {
  private final Cell cell;
  private final Parameters params;
  private final int batch;
  /** Made at the first {@link #add}: a rule that only adds to {@link #pending()} needs none. */
  private SynapseGradients synapses;
  private final Parameters pending;
  private final ReadoutTrace readout;
  private final double[] discarded;
  private final double[] dDrive;
  private final double[] scratch;

  /** For batches of {@code batch} sequences of {@code network} with the live {@code params}. */
  public CreditGradient(Network network, Parameters params, int batch) {
    cell = network.cell();
    this.params = params;
    this.batch = batch;
    pending = network.newParameters();
    readout = new ReadoutTrace(network, batch);
    discarded = new double[batch * cell.stateSize()];
    dDrive = new double[batch * cell.hidden()];
    scratch = new double[cell.scratchSize(batch)];
  }

  /** A new sequence: the gradient cleared, and the readout's trace unless the sequence continues. */
  public void startSequence(Trajectory tr) {
    if (!tr.continuesPrevious()) {
      readout.reset();
    }
    readout.clearGradient();
    flush();
    pending.fill(0.0);
  }

  private void flush() {
    if (synapses != null) {
      synapses.flush();
    }
  }

  /**
   * The cell groups' gradient gathered since the last {@link #write}, for a rule that adds its
   * terms itself (KeRNL's traces). Live, Modified by that rule (added to).
   */
  public Parameters pending() {
    return pending;
  }

  /** Step t computed: the readout's terms. */
  public void observe(Trajectory tr, int t) {
    readout.observe(tr, t);
  }

  /**
   * Adds c_τᵀ M̄_τ.
   *
   * @param credit c_τ, B·S in the trajectory's layout, Not modified
   */
  public void add(Trajectory tr, int tau, double[] credit) {
    Arrays.fill(discarded, 0.0);
    cell.backpropStep(params, tr, tau, credit, discarded, dDrive, scratch);
    if (synapses == null) {
      synapses = new SynapseGradients(cell, batch);
    }
    synapses.add(tr, tau, dDrive, pending);
  }

  /**
   * Writes what was added since the last write, with the readout's gradient of the steps since, and
   * clears both.
   *
   * @param out Modified (overwritten)
   */
  public void write(Parameters out) {
    flush();
    out.copyFrom(pending);
    readout.write(out);
    pending.fill(0.0);
    readout.clearGradient();
  }

  public long storedDoubles() {
    return (synapses == null ? 0 : synapses.storedDoubles()) + pending.size()
        + readout.storedDoubles() + discarded.length
        + dDrive.length + scratch.length;
  }

  /** Floating-point operations of one {@link #add}. */
  public double addFlops(int batch) {
    return cell.backpropFlops(batch);
  }

  /** Floating-point operations per step of the readout's trace. */
  public double readoutFlops() {
    return readout.flopsPerStep();
  }
}
