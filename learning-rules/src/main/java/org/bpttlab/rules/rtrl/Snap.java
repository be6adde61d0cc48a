package org.bpttlab.rules.rtrl;

import java.util.Arrays;
import org.bpttlab.core.Cell;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.net.Network;
import org.bpttlab.rules.OnlineRule;
import org.bpttlab.rules.Session;

/**
 * The sparse n-step approximation of RTRL (SnAp-n; Menick, Elsen, Evci, Osindero, Simonyan &amp; Graves
 * 2021, ICLR, §3): RTRL's recursion M_t = J_t M_{t-1} + M̄_t (DESIGN §4) with the influence kept
 * only on the pattern that n steps of the network's connections reach, and set to zero elsewhere
 * after every step:
 *
 * <pre>
 * M_t = (J_t M_{t-1} + M̄_t) ⊙ P_n,   P_n[(k, l)][(j, i)] = 1  iff  neuron l is reached from neuron j in
 *                                     fewer than n steps (j itself always)
 * </pre>
 *
 * A step from neuron j reaches l when W_rec[l][j] ≠ 0 and the recurrent input's gradient is not
 * stopped; the pattern is read from W_rec when the session begins. The pattern is taken per neuron,
 * with all c of its state components: for an adaptive neuron the threshold component a_j gets no
 * immediate influence (M̄ is zero in its row) but its own neuron's v_j reaches it within the step, so
 * a per-component pattern would drop the adaptation's eligibility that e-prop keeps. Then SnAp-1 on
 * the eligibility graph ({@code stop_z_gradients}) is exactly symmetric e-prop's traces, and SnAp-n
 * with n at least the connection graph's diameter plus one (n = 2 for a dense network) is RTRL.
 *
 * <p>SnAp-1 is computed sparsely: c influence rows per synapse (and the leaky readout's and the
 * regulariser's rows of the {@link ExtendedState}), each updated through its neuron's c×c diagonal
 * block of J_t: memory B·(c + 2)·P at most, work O(c²·P) = O(n²) per step and sequence (plus J_t's
 * O(S²), built densely). SnAp-n for n ≥ 2 runs RTRL's dense recursion and zeroes the entries off the
 * pattern: RTRL's cost, O(n⁴), whatever the pattern (a sparse implementation would cut it on a sparse
 * network, {@code recurrent_density} &lt; 1).
 */
public final class Snap extends OnlineRule {
  private final int order;

  /**
   * @param order n ≥ 1
   * @param online hand out a gradient every {@code online} steps; 0 for once per sequence
   */
  public Snap(int order, int online) {
    super("snap", online);
    if (order < 1) {
      throw new IllegalArgumentException("n must be >= 1, was " + order);
    }
    this.order = order;
  }

  @Override
  protected String options() {
    return order == 1 ? "" : "n=" + order;
  }

  @Override
  public Session begin(Network network, Parameters params, int batchSize) {
    if (order == 1) {
      return new FirstOrderSession(network, params, batchSize, online);
    }
    return Rtrl.masked(network, params, batchSize, online, offPattern(network, params, order));
  }

  /**
   * The indices (row·P + column) of the S×P influence that SnAp-n keeps at zero, in increasing
   * order.
   */
  static int[] offPattern(Network network, Parameters params, int order) {
    Cell cell = network.cell();
    int n = cell.hidden();
    int p = cell.parameterCount();
    int c = cell.stateComponents();
    boolean[][] reach = new boolean[n][n];
    for (int j = 0; j < n; j++) {
      reach[j][j] = true;
    }
    if (!cell.spec().stopRecurrentGradient()) {
      double[] w = params.read(Parameters.RECURRENT_WEIGHTS);
      for (int step = 1; step < order; step++) {
        boolean[][] next = new boolean[n][];
        for (int j = 0; j < n; j++) {
          next[j] = reach[j].clone();
          for (int l = 0; l < n; l++) {
            if (reach[j][l]) {
              for (int k = 0; k < n; k++) {
                if (w[k * n + l] != 0) {
                  next[j][k] = true;
                }
              }
            }
          }
        }
        reach = next;
      }
    }
    int[] postOf = new int[p];
    int offset = 0;
    for (var shape : cell.parameterShapes()) {
      for (int i = 0; i < shape.size(); i++) {
        postOf[offset + i] = i / shape.cols();
      }
      offset += shape.size();
    }
    int[] off = new int[c * n * p];
    int count = 0;
    for (int k = 0; k < c; k++) {
      for (int l = 0; l < n; l++) {
        int row = k * n + l;
        for (int col = 0; col < p; col++) {
          if (!reach[postOf[col]][l]) {
            off[count++] = row * p + col;
          }
        }
      }
    }
    return Arrays.copyOf(off, count);
  }

  /** SnAp-1: c influence rows per synapse, plus the readout's and the regulariser's. */
  private static final class FirstOrderSession extends ExtendedSession {
    private final int components;
    private final int rows;
    private final double[][] influence;
    private final double[] pre;
    private final double[] old;

    FirstOrderSession(Network network, Parameters params, int batch, int online) {
      super("snap", online, 0, FactoredRule.Noise.SIGNS, network, params, batch);
      components = cell.stateComponents();
      rows = e / n;
      influence = new double[batch][rows * p];
      pre = new double[m];
      old = new double[components];
    }

    @Override
    void restart(int b, int fromRow) {
      Arrays.fill(influence[b], fromRow / n * p, rows * p, 0.0);
    }

    @Override
    void update(int b) {
      double[] mb = influence[b];
      double[] q = state.localDrive();
      double[] psi = state.pseudoDerivative();
      int bn = batch * n;
      double kappa = state.kappa();
      boolean filtered = kappa != 0;
      state.presynaptic(b, pre);
      int at = 0;
      int offset = 0;
      for (int g = 0; g < cell.parameterShapes().size(); g++) {
        int cols = cell.parameterShapes().get(g).cols();
        boolean noDiagonal = cell.lacksDiagonal(g);
        for (int j = 0; j < n; j++) {
          int row = offset + j * cols;
          for (int i = 0; i < cols; i++) {
            if (noDiagonal && i == j) {
              continue;
            }
            int col = row + i;
            double x = pre[at + i];
            for (int k = 0; k < components; k++) {
              old[k] = mb[k * p + col];
            }
            double out = 0;
            for (int k = 0; k < components; k++) {
              int r = k * n + j;
              double v = q[k * bn + b * n + j] * x;
              for (int k2 = 0; k2 < components; k2++) {
                v += state.jacobian(r, k2 * n + j) * old[k2];
              }
              mb[k * p + col] = v;
              out += psi[k * bn + b * n + j] * v;
            }
            int extra = components;
            if (filtered) {
              mb[extra * p + col] = kappa * mb[extra * p + col] + out;
              extra++;
            }
            if (extra < rows) {
              mb[extra * p + col] += out;
            }
          }
        }
        at += cols;
        offset += n * cols;
      }
    }

    @Override
    void addGradient(int b, double[] signal) {
      double[] mb = influence[b];
      int offset = 0;
      for (var shape : cell.parameterShapes()) {
        int cols = shape.cols();
        for (int r = 0; r < rows; r++) {
          for (int j = 0; j < n; j++) {
            double v = signal[r * n + j];
            if (v != 0) {
              int from = r * p + offset + j * cols;
              int to = offset + j * cols;
              for (int i = 0; i < cols; i++) {
                cellGrad[to + i] += v * mb[from + i];
              }
            }
          }
        }
        offset += n * cols;
      }
    }

    @Override
    void influence(int b, double[] out) {
      int[] post = new int[p];
      int[] column = new int[p];
      state.synapses(post, column);
      Arrays.fill(out, 0.0);
      for (int i = 0; i < p; i++) {
        if (post[i] >= 0) {
          for (int k = 0; k < components; k++) {
            out[(k * n + post[i]) * p + i] = influence[b][k * p + i];
          }
        }
      }
    }

    @Override
    long factorDoubles() {
      return (long) batch * rows * p + pre.length + old.length;
    }

    @Override
    double factorFlops() {
      return (2.0 * components * components + 4.0 * components + 2.0 * (rows - components)) * p
          + 2.0 * rows * p;
    }
  }
}
