package org.bpttlab.rules.rtrl;

import java.util.Arrays;
import org.bpttlab.core.Cell;
import org.bpttlab.core.LocalDynamics;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.Trajectory;
import org.bpttlab.core.net.Network;
import org.bpttlab.kernels.Kernels;

/**
 * The state whose influence the factored estimators (UORO, KF-RTRL, reverse KF-RTRL) carry: the
 * cell's state, extended so that every loss term is read at the current step. With a leaky readout
 * (κ ≠ 0) the loss at t depends on past outputs through y_t = κ y_{t-1} + g (W_out o_t + b_out), and
 * with the rate regulariser on the sum of the sequence's outputs; both become state:
 *
 * <pre>
 * e_t = (s_t, f_t, r_t),  f_t = κ f_{t-1} + o_t   (when κ ≠ 0),  r_t = r_{t-1} + o_t   (when regularised)
 *
 * J^e_t = ∂e_t/∂e_{t-1} = | J_t     0    0 |     M̄^e_t = ∂e_t/∂θ = | M̄_t   |     Ψ_t = ∂o_t/∂s_t
 *                         | Ψ_t J_t κI   0 |                       | Ψ_t M̄_t |
 *                         | Ψ_t J_t 0    I |                       | Ψ_t M̄_t |
 *
 * ∂L/∂e_t = (Ψ_tᵀ g W_outᵀ ∂L/∂y_t or 0, g W_outᵀ ∂L/∂y_t, 0) at each step,  (0, 0, ∂L_reg/∂o) at the end
 * </pre>
 *
 * so that RTRL on e_t gives BPTT's gradient and an unbiased estimate of the extended influence gives
 * an unbiased gradient. Without κ and the regulariser, e_t = s_t: the papers' setting. The immediate
 * influence is a synapse's: {@code M̄^e[k][(j, i)] = D[k][j] pre_i}, with D the per-neuron drive q
 * ({@link LocalDynamics}) in the neuron's own components and Σ_c ψ_c q_c in the rows of f and r, and
 * pre the concatenation â of every cell group's presynaptic activity ({@link Cell#presynaptic}; 1 for a
 * bias). Ψ is diagonal per neuron (the local dynamics' ψ), so J^e costs J's O(S²) per sequence.
 *
 * <p>A buffer for one session: {@link #observe} reads step t for the whole batch; the other methods
 * read sequence b of that step. Allocates its buffers once.
 */
final class ExtendedState {
  private final Network network;
  private final Cell cell;
  private final int batch;
  private final int n;
  private final int s;
  private final int components;
  private final boolean filtered;
  private final boolean summed;
  private final int size;
  private final int presynapticSize;
  private final double kappa;
  private final double gain;
  private final LocalDynamics local;
  private final double[] jacobian;
  private final double[] dOutput;
  private final double[] dState;
  /** Per neuron and sequence, Σ_c ψ_c q_c: the drive of o_t (and so of f and r). */
  private final double[] outputDrive;
  private Parameters params;
  private Trajectory trajectory;
  private int step;

  ExtendedState(Network network, int batch) {
    this.network = network;
    this.cell = network.cell();
    this.batch = batch;
    n = cell.hidden();
    s = cell.stateSize();
    components = cell.stateComponents();
    kappa = network.readout().kappa();
    gain = network.readout().inputGain();
    filtered = kappa != 0;
    summed = network.spec().regularizer().enabled();
    size = s + (filtered ? n : 0) + (summed ? n : 0);
    int m = 0;
    for (int g = 0; g < cell.parameterShapes().size(); g++) {
      m += cell.parameterShapes().get(g).cols();
    }
    presynapticSize = m;
    local = cell.newLocalDynamics(batch);
    jacobian = new double[s * s];
    dOutput = new double[batch * n];
    dState = new double[batch * s];
    outputDrive = new double[batch * n];
  }

  /** κ, the readout's decay. */
  double kappa() {
    return kappa;
  }

  /** J_t of the sequence last {@link #prepareJacobian prepared}, S×S (Not to be modified). */
  double[] jacobian() {
    return jacobian;
  }

  /**
   * Sequence b's g W_outᵀ ∂L/∂y_t, the loss's signal to the outputs o_t.
   *
   * @param out n, Modified (overwritten)
   */
  void outputSignal(int b, double[] out) {
    System.arraycopy(dOutput, b * n, out, 0, n);
  }

  /** Entry (row, col) of J_t of the sequence last {@link #prepareJacobian prepared}. */
  double jacobian(int row, int col) {
    return jacobian[row * s + col];
  }

  /** The drive q of step t, in {@link LocalDynamics}' layout (Not to be modified). */
  double[] localDrive() {
    return local.drive();
  }

  /** ψ = ∂o_t/∂s_t's diagonal of step t, in {@link LocalDynamics}' layout (Not to be modified). */
  double[] pseudoDerivative() {
    return local.pseudoDerivative();
  }

  /** E, the size of e_t for one sequence. */
  int size() {
    return size;
  }

  /** m, the length of â: the columns of every cell group. */
  int presynapticSize() {
    return presynapticSize;
  }

  /** n. */
  int hidden() {
    return n;
  }

  /**
   * The rows of e_t a new sequence starts from zero in: all of them, or for a sequence that
   * continues the last one only r's (f and s carry on). Returns the first such row.
   */
  int firstRestartedRow(Trajectory tr) {
    return tr.continuesPrevious() ? size - (summed ? n : 0) : 0;
  }

  /** Reads step t (after the network computed it) for the whole batch. */
  void observe(Parameters params, Trajectory tr, int t) {
    this.params = params;
    this.trajectory = tr;
    this.step = t;
    cell.localDynamics(params, tr, t, local);
    double[] q = local.drive();
    double[] psi = local.pseudoDerivative();
    int bn = batch * n;
    for (int i = 0; i < bn; i++) {
      double d = 0;
      for (int k = 0; k < components; k++) {
        d += psi[k * bn + i] * q[k * bn + i];
      }
      outputDrive[i] = d;
    }
    // g W_outᵀ ∂L/∂y_t, B×n
    Arrays.fill(dOutput, 0.0);
    Kernels.multAdd(batch, network.spec().outputs(), n, tr.lossGradient(t),
        params.read(Parameters.OUTPUT_WEIGHTS), dOutput);
    if (gain != 1.0) {
      for (int i = 0; i < dOutput.length; i++) {
        dOutput[i] *= gain;
      }
    }
    if (!filtered) {
      Arrays.fill(dState, 0.0);
      cell.backpropOutput(tr, t, dOutput, dState);
    }
  }

  /** Fills J_t of sequence b, used by the next {@link #multiply} calls for b. */
  void prepareJacobian(int b) {
    cell.stateJacobian(params, trajectory, step, b, jacobian);
  }

  /**
   * {@code out = J^e_t x} for an E×cols matrix x of sequence b (row-major; cols = 1 for a vector),
   * after {@link #prepareJacobian(int)}.
   *
   * @param x Not modified
   * @param out E×cols, Modified (overwritten)
   */
  void multiply(int b, double[] x, int cols, double[] out) {
    Arrays.fill(out, 0, s * cols, 0.0);
    Kernels.multAdd(s, s, cols, jacobian, x, out);
    int row = s;
    double[] psi = local.pseudoDerivative();
    int bn = batch * n;
    for (int part = 0; part < 2; part++) {
      boolean present = part == 0 ? filtered : summed;
      if (!present) {
        continue;
      }
      double decay = part == 0 ? kappa : 1.0;
      for (int j = 0; j < n; j++) {
        int o = (row + j) * cols;
        for (int c = 0; c < cols; c++) {
          double v = decay * x[o + c];
          for (int k = 0; k < components; k++) {
            v += psi[k * bn + b * n + j] * out[(k * n + j) * cols + c];
          }
          out[o + c] = v;
        }
      }
      row += n;
    }
  }

  /**
   * {@code matrix += scale · D} for sequence b (an E×n matrix, row-major).
   *
   * @param matrix Modified (added to)
   */
  void addDrive(int b, double scale, double[] matrix) {
    double[] q = local.drive();
    int bn = batch * n;
    for (int k = 0; k < components; k++) {
      for (int j = 0; j < n; j++) {
        matrix[(k * n + j) * n + j] += scale * q[k * bn + b * n + j];
      }
    }
    for (int row = s; row < size; row++) {
      int j = (row - s) % n;
      matrix[row * n + j] += scale * outputDrive[b * n + j];
    }
  }

  /** ‖D‖ of sequence b (Frobenius). */
  double driveNorm(int b) {
    double[] q = local.drive();
    int bn = batch * n;
    double sum = 0;
    for (int k = 0; k < components; k++) {
      for (int j = 0; j < n; j++) {
        double v = q[k * bn + b * n + j];
        sum += v * v;
      }
    }
    int parts = (size - s) / n;
    for (int part = 0; part < parts; part++) {
      for (int j = 0; j < n; j++) {
        double v = outputDrive[b * n + j];
        sum += v * v;
      }
    }
    return Math.sqrt(sum);
  }

  /**
   * {@code out[j] = Σ_row v[row] D[row][j]} for sequence b: vᵀ M̄^e = out ⊗ â.
   *
   * @param v E, Not modified
   * @param out n, Modified (overwritten)
   */
  void driveTransposed(int b, double[] v, double[] out) {
    double[] q = local.drive();
    int bn = batch * n;
    for (int j = 0; j < n; j++) {
      double d = 0;
      for (int k = 0; k < components; k++) {
        d += v[k * n + j] * q[k * bn + b * n + j];
      }
      double extra = 0;
      if (filtered) {
        extra += v[s + j];
      }
      if (summed) {
        extra += v[size - n + j];
      }
      out[j] = d + extra * outputDrive[b * n + j];
    }
  }

  /**
   * {@code out = D v} for sequence b (v over neurons): the immediate influence contracted over its
   * postsynaptic neuron, M̄^e[row][(j, i)] summed with weights v_j, is {@code out ⊗ â}.
   *
   * @param v n, Not modified
   * @param out E, Modified (overwritten)
   */
  void drive(int b, double[] v, double[] out) {
    double[] q = local.drive();
    int bn = batch * n;
    for (int k = 0; k < components; k++) {
      for (int j = 0; j < n; j++) {
        out[k * n + j] = q[k * bn + b * n + j] * v[j];
      }
    }
    for (int row = s; row < size; row++) {
      int j = (row - s) % n;
      out[row] = outputDrive[b * n + j] * v[j];
    }
  }

  /**
   * â of sequence b at this step: every cell group's presynaptic activity in group order (1 for a
   * bias).
   *
   * @param out m, Modified (overwritten)
   */
  void presynaptic(int b, double[] out) {
    int at = 0;
    for (int g = 0; g < cell.parameterShapes().size(); g++) {
      int cols = cell.parameterShapes().get(g).cols();
      double[] pre = cell.presynaptic(g, trajectory, step);
      if (pre == null) {
        Arrays.fill(out, at, at + cols, 1.0);
      } else {
        System.arraycopy(pre, b * cols, out, at, cols);
      }
      at += cols;
    }
  }

  /**
   * ∂L_t/∂e_t of sequence b: the loss's signal at this step.
   *
   * @param out E, Modified (overwritten)
   */
  void signal(int b, double[] out) {
    Arrays.fill(out, 0.0);
    if (filtered) {
      System.arraycopy(dOutput, b * n, out, s, n);
    } else {
      for (int k = 0; k < components; k++) {
        System.arraycopy(dState, k * batch * n + b * n, out, k * n, n);
      }
    }
  }

  /**
   * The regulariser's signal ∂L_reg/∂e_T at the sequence's end (after the network's finish), the
   * same for every sequence of the batch: nonzero in r only. False (and {@code out} untouched) when
   * there is no regulariser.
   *
   * @param out E, Modified (overwritten) when true is returned
   */
  boolean endSignal(Trajectory tr, double[] out) {
    if (!summed) {
      return false;
    }
    Arrays.fill(out, 0.0);
    System.arraycopy(tr.loss().rateGradient(), 0, out, size - n, n);
    return true;
  }

  /**
   * Adds {@code post ⊗ â} in the cell's parameter layout: for every cell group g and entry (j, i),
   * {@code grad[g][j][i] += post[j] · pre[offset_g + i]}; W_rec's diagonal is left out for a cell
   * without self-connections.
   *
   * @param post n, Not modified
   * @param pre m, Not modified
   * @param grad P (the cell groups' gradients, flattened in order), Modified (added to)
   */
  void addOuter(double[] post, double[] pre, double[] grad) {
    int at = 0;
    int offset = 0;
    for (int g = 0; g < cell.parameterShapes().size(); g++) {
      int cols = cell.parameterShapes().get(g).cols();
      boolean noDiagonal = cell.lacksDiagonal(g);
      for (int j = 0; j < n; j++) {
        double u = post[j];
        int row = offset + j * cols;
        for (int i = 0; i < cols; i++) {
          if (!(noDiagonal && i == j)) {
            grad[row + i] += u * pre[at + i];
          }
        }
      }
      at += cols;
      offset += n * cols;
    }
  }

  /**
   * For every cell parameter p (the groups' entries in order): its postsynaptic neuron j, in
   * {@code post[p]}, and its column of â, in {@code pre[p]}; −1 in both for W_rec's diagonal of a
   * cell without self-connections.
   *
   * @param post P, Modified (overwritten)
   * @param pre P, Modified (overwritten)
   */
  void synapses(int[] post, int[] pre) {
    int at = 0;
    int offset = 0;
    for (int g = 0; g < cell.parameterShapes().size(); g++) {
      int cols = cell.parameterShapes().get(g).cols();
      boolean noDiagonal = cell.lacksDiagonal(g);
      for (int j = 0; j < n; j++) {
        for (int i = 0; i < cols; i++) {
          int p = offset + j * cols + i;
          boolean none = noDiagonal && i == j;
          post[p] = none ? -1 : j;
          pre[p] = none ? -1 : at + i;
        }
      }
      at += cols;
      offset += n * cols;
    }
  }

  /** Doubles held. */
  long storedDoubles() {
    return local.storedDoubles() + jacobian.length + dOutput.length + dState.length
        + outputDrive.length;
  }

  /** Work per step for the whole batch outside the rule's own products: J_t, the signals. */
  double flopsPerStep() {
    return batch * (2.0 * s * s + 4.0 * n * components) + 2.0 * batch * network.spec().outputs() * n;
  }
}
