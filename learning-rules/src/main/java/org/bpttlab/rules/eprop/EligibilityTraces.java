package org.bpttlab.rules.eprop;

import java.util.Arrays;
import org.bpttlab.core.Cell;
import org.bpttlab.core.LocalDynamics;
import org.bpttlab.core.ParameterShape;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.Trajectory;
import org.bpttlab.kernels.Elementwise;
import org.bpttlab.core.net.Network;

/**
 * Eligibility traces computed forward in time from the neuron-local dynamics alone (Bellec et al.
 * 2020, Nat. Commun. 11:3625, eqs. 13–14 and Methods; Murray 2019 for the rate cell): the one
 * mechanism e-prop, RFLO and reward-modulated e-prop share. For every synapse (j, i) of every cell
 * parameter group and every sequence, with the cell's {@link LocalDynamics} D, q, ψ:
 *
 * <pre>
 * (1) ε_ji^t = D_j^t ε_ji^{t-1} + q_j^t pre_i^t        eligibility vector, c components, ε^0 = 0
 * (2) e_ji^t = ψ_j^t · ε_ji^t                           eligibility trace  (= ∂z_j^t/∂W_ji, local)
 * (3) ē_ji^t = κ ē_ji^{t-1} + g e_ji^t                  the trace filtered as the readout filters o
 * </pre>
 *
 * pre is {@link Cell#presynaptic}: x_t for W_in, o_{t-1} for W_rec (without the diagonal when the
 * cell has no self-connections), 1 for a bias. A {@link LocalDynamics#sharedComponent shared}
 * component's eligibility vector is kept once per presynaptic neuron (B·cols instead of B·n·cols).
 * The filter (κ, g) is the readout's ({@link org.bpttlab.core.readout.LeakyReadout}; κ = 0, g = 1
 * for a linear readout: ē = e); a rule whose learning signal already reaches into the future (the
 * true dE/dz of {@link EPropFactorization}) asks for none.
 *
 * <p>Optionally the traces are also summed unfiltered over the steps and sequences, Σ_{t,b} e^t, the
 * factor of the firing-rate regulariser's gradient, whose learning signal ∂L_reg/∂z_j^t is the same at
 * every step.
 *
 * <p>Memory per group with cols presynaptic neurons: B·n·cols for ē, B·n·cols per unshared
 * component and B·cols per shared one, n·cols for the sums. Work per step: about
 * B·n·cols·(2c² + 2c + 3) floating-point operations per group.
 */
public final class EligibilityTraces {
  private final Cell cell;
  private final int batch;
  private final int n;
  private final int components;
  private final double kappa;
  private final double gain;
  private final boolean summed;
  private final int groups;
  private final int[] cols;
  private final boolean[] noDiagonal;
  private final LocalDynamics local;
  /** [group][component]: B·n·cols, or B·cols for a shared component. */
  private final double[][][] epsilon;
  /** [group]: the shared component's next values, B·cols (when component 0 is shared). */
  private final double[][] sharedNext;
  private final double[][] trace;
  private final double[][] sums;
  /** One unshared eligibility row (cols of the widest group). */
  private final double[] scratch;
  private static final double[] ONE = {1.0};

  /**
   * Traces for {@code network}'s cell over batches of {@code batch} sequences.
   *
   * @param filtered whether (3) filters the traces as the network's readout filters o (otherwise
   *     ē = e)
   * @param summed whether to keep Σ_{t,b} e^t as well
   */
  public EligibilityTraces(Network network, int batch, boolean filtered, boolean summed) {
    this.cell = network.cell();
    this.batch = batch;
    this.n = cell.hidden();
    this.components = cell.stateComponents();
    this.kappa = filtered ? network.readout().kappa() : 0.0;
    this.gain = filtered ? network.readout().inputGain() : 1.0;
    this.summed = summed;
    this.local = cell.newLocalDynamics(batch);
    for (int k = 1; k < components; k++) {
      if (local.sharedComponent(k)) {
        throw new IllegalArgumentException("only a cell's first state component may be shared");
      }
    }
    this.groups = cell.parameterShapes().size();
    cols = new int[groups];
    noDiagonal = new boolean[groups];
    epsilon = new double[groups][components][];
    sharedNext = new double[groups][];
    trace = new double[groups][];
    sums = new double[groups][];
    for (int g = 0; g < groups; g++) {
      ParameterShape shape = cell.parameterShapes().get(g);
      cols[g] = shape.cols();
      noDiagonal[g] = cell.lacksDiagonal(g);
      for (int k = 0; k < components; k++) {
        epsilon[g][k] = new double[local.sharedComponent(k) ? batch * cols[g]
            : batch * n * cols[g]];
      }
      sharedNext[g] = local.sharedComponent(0) ? new double[batch * cols[g]] : new double[0];
      trace[g] = new double[batch * n * cols[g]];
      sums[g] = summed ? new double[n * cols[g]] : new double[0];
    }
    int widest = 0;
    for (int c : cols) {
      widest = Math.max(widest, c);
    }
    scratch = new double[widest];
  }

  /** A new sequence: every trace back to zero. */
  public void reset() {
    for (int g = 0; g < groups; g++) {
      for (double[] e : epsilon[g]) {
        Arrays.fill(e, 0.0);
      }
      Arrays.fill(trace[g], 0.0);
    }
    clearSums();
  }

  /**
   * Clears the summed traces (the regulariser's term, per sequence) only: a sequence that continues
   * the last one keeps the eligibility vectors and traces.
   */
  public void clearSums() {
    for (int g = 0; g < groups; g++) {
      Arrays.fill(sums[g], 0.0);
    }
  }

  /** The cell's parameter groups the traces cover (its groups, in order). */
  public int groups() {
    return groups;
  }

  /** Presynaptic neurons of group g (its columns). */
  public int columns(int group) {
    return cols[group];
  }

  /** The local dynamics of the last step {@link #advance advanced} to. */
  public LocalDynamics local() {
    return local;
  }

  /**
   * ē of group g after the last step, B·n·cols: entry (b, j, i) at {@code (b·n + j)·cols + i}
   * (Not to be modified).
   */
  public double[] trace(int group) {
    return trace[group];
  }

  /** Steps the traces to step t: (1)–(3) with the local dynamics of step t. */
  public void advance(Parameters params, Trajectory tr, int t) {
    advance(params, tr, t, null, null);
  }

  /**
   * Steps the traces to step t and, in the same pass over the traces, adds
   * {@code grad_g[j][i] += Σ_b signal[b][j] ē_g[b][j][i]} (as {@link #accumulate}, with the same
   * result bit for bit).
   *
   * @param signal B×n, Not modified; null for none
   * @param grad Modified (the cell's groups added to); null for none
   */
  public void advance(Parameters params, Trajectory tr, int t, double[] signal, Parameters grad) {
    advance(params, tr, t, null, signal, grad);
  }

  /**
   * As {@link #advance(Parameters, Trajectory, int, double[], Parameters)}, with each neuron's decay
   * D_j^t in (1) replaced by {@code decay[j]} (KeRNL's learned timescales), for cells of one
   * unshared state component.
   *
   * @param decay n, Not modified; null: the cell's own
   * @throws IllegalStateException if the cell has more components or a shared one
   */
  public void advance(Parameters params, Trajectory tr, int t, double[] decay, double[] signal,
      Parameters grad) {
    cell.localDynamics(params, tr, t, local);
    if (decay != null) {
      if (components != 1 || local.sharedComponent(0)) {
        throw new IllegalStateException("a decay per neuron needs one unshared state component");
      }
      double[] d = local.decay();
      for (int b = 0; b < batch; b++) {
        System.arraycopy(decay, 0, d, b * n, n);
      }
    }
    for (int g = 0; g < groups; g++) {
      advanceGroup(g, cell.presynaptic(g, tr, t), signal, grad == null ? null : grad.get(g));
    }
  }

  private void advanceGroup(int g, double[] pre, double[] signal, double[] grad) {
    int c = cols[g];
    int bn = batch * n;
    double[] d = local.decay();
    double[] q = local.drive();
    double[] psi = local.pseudoDerivative();
    double[] tr = trace[g];
    boolean shared = local.sharedComponent(0);
    double[] e0 = epsilon[g][0];
    double[] e1 = components > 1 ? epsilon[g][1] : null;
    double[] next = sharedNext[g];
    double[] ones = pre == null ? ONE : null;
    for (int b = 0; b < batch; b++) {
      // pre row b (or the constant 1 of a bias, whose single column is at offset 0)
      double[] p = pre == null ? ones : pre;
      int preRow = pre == null ? 0 : b * c;
      int sharedRow = b * c;
      if (shared) {
        // ε_v^t = α ε_v^{t-1} + q pre, once per presynaptic neuron (the old values stay in e0)
        System.arraycopy(e0, sharedRow, next, sharedRow, c);
        Elementwise.scaleAdd(c, local.sharedDecay(0), next, sharedRow, local.sharedDrive(0), p,
            preRow);
      }
      for (int j = 0; j < n; j++) {
        int m = b * n + j;
        int row = m * c;
        if (components == 1) {
          if (!shared) {
            Elementwise.scaleAdd(c, d[m], e0, row, q[m], p, preRow);
          }
          Elementwise.scaleAdd(c, kappa, tr, row, gain * psi[m], shared ? next : e0,
              shared ? sharedRow : row);
        } else {
          double[] old0 = e0;
          int old0Row = shared ? sharedRow : row;
          if (!shared) {
            // new ε_v = D00 ε_v + D01 ε_a + q0 pre, from the old ε_a: into the scratch row
            System.arraycopy(e0, row, scratch, 0, c);
            Elementwise.scaleAdd(c, d[m], scratch, 0, d[bn + m], e1, row);
            Elementwise.axpy(c, q[m], p, preRow, scratch, 0);
          }
          // new ε_a = D11 ε_a + D10 ε_v (old) + q1 pre
          Elementwise.scaleAdd(c, d[3 * bn + m], e1, row, d[2 * bn + m], old0, old0Row);
          if (q[bn + m] != 0) {
            Elementwise.axpy(c, q[bn + m], p, preRow, e1, row);
          }
          if (!shared) {
            System.arraycopy(scratch, 0, e0, row, c);
          }
          Elementwise.scaleAdd(c, kappa, tr, row, gain * psi[m], shared ? next : e0,
              shared ? sharedRow : row);
          Elementwise.axpy(c, gain * psi[bn + m], e1, row, tr, row);
        }
        if (noDiagonal[g]) {
          // no synapse j → j: its vector and trace stay zero
          if (!shared) {
            e0[row + j] = 0;
          }
          if (e1 != null) {
            e1[row + j] = 0;
          }
          tr[row + j] = 0;
        }
        if (summed) {
          addUnfiltered(g, b, j);
        }
        if (signal != null && signal[m] != 0) {
          Elementwise.axpy(c, signal[m], tr, row, grad, j * c);
        }
      }
    }
    if (shared) {
      System.arraycopy(next, 0, e0, 0, next.length);
    }
  }

  /** Σ_{t,b} e^t: adds sequence b's e_j·^t (ψ_j · ε_j·, from the new vectors). */
  private void addUnfiltered(int g, int b, int j) {
    int c = cols[g];
    int m = b * n + j;
    int row = m * c;
    double[] psi = local.pseudoDerivative();
    boolean shared = local.sharedComponent(0);
    double[] sum = sums[g];
    int out = j * c;
    Elementwise.axpy(c, psi[m], shared ? sharedNext[g] : epsilon[g][0], shared ? b * c : row, sum,
        out);
    if (components > 1) {
      Elementwise.axpy(c, psi[batch * n + m], epsilon[g][1], row, sum, out);
    }
    if (noDiagonal[g]) {
      sum[out + j] = 0;
    }
  }


  /**
   * {@code grad_g[j][i] += Σ_b signal[b][j] ē_g[b][j][i]} for every cell group: the e-prop update
   * Σ_t L_j^t ē_ji^t, one step of it.
   *
   * @param signal the learning signal L^t, B×n, Not modified
   * @param grad the network's layout, Modified (the cell's groups added to)
   */
  public void accumulate(double[] signal, Parameters grad) {
    for (int g = 0; g < groups; g++) {
      int c = cols[g];
      double[] tr = trace[g];
      double[] out = grad.get(g);
      for (int b = 0; b < batch; b++) {
        for (int j = 0; j < n; j++) {
          double s = signal[b * n + j];
          if (s == 0) {
            continue;
          }
          Elementwise.axpy(c, s, tr, (b * n + j) * c, out, j * c);
        }
      }
    }
  }

  /**
   * {@code tags_g[b][j][i] += signal[b][j] ē_g[b][j][i]}: as {@link #accumulate}, but each sequence
   * into its own tag (for a modulator that weighs each sequence differently).
   *
   * @param signal B×n, Not modified
   * @param tags [group] with the traces' layout B·n·cols, Modified (added to)
   */
  public void accumulatePerSequence(double[] signal, double[][] tags) {
    for (int g = 0; g < groups; g++) {
      int c = cols[g];
      double[] tr = trace[g];
      double[] tag = tags[g];
      for (int m = 0; m < batch * n; m++) {
        double s = signal[m];
        if (s == 0) {
          continue;
        }
        Elementwise.axpy(c, s, tr, m * c, tag, m * c);
      }
    }
  }

  /**
   * {@code grad_g[j][i] += perNeuron[j] · Σ_{t,b} e_g^t[b][j][i]}: a learning signal that is the same
   * at every step and sequence (the firing-rate regulariser's), applied to the summed traces.
   *
   * @param perNeuron length n, Not modified
   * @param grad Modified (the cell's groups added to)
   */
  public void addSummed(double[] perNeuron, Parameters grad) {
    if (!summed) {
      throw new IllegalStateException("these traces keep no sums");
    }
    for (int g = 0; g < groups; g++) {
      int c = cols[g];
      double[] out = grad.get(g);
      double[] sum = sums[g];
      for (int j = 0; j < n; j++) {
        Elementwise.axpy(c, perNeuron[j], sum, j * c, out, j * c);
      }
    }
  }

  /** Doubles held (vectors, traces, sums, the local dynamics). */
  public long storedDoubles() {
    long d = local.storedDoubles();
    for (int g = 0; g < groups; g++) {
      for (double[] e : epsilon[g]) {
        d += e.length;
      }
      d += sharedNext[g].length + trace[g].length + sums[g].length;
    }
    return d + scratch.length;
  }

  /** Floating-point operations of one {@link #advance} (the local dynamics included). */
  public double advanceFlops() {
    double f = 6.0 * components * components * batch * n;
    for (int g = 0; g < groups; g++) {
      double synapses = (double) batch * n * cols[g];
      f += synapses * (2.0 * components * components + 2.0 * components + 3.0);
      if (summed) {
        f += synapses * 2.0 * components;
      }
    }
    return f;
  }

  /** Floating-point operations of one {@link #accumulate}. */
  public double accumulateFlops() {
    double f = 0;
    for (int g = 0; g < groups; g++) {
      f += 2.0 * batch * n * cols[g];
    }
    return f;
  }
}
