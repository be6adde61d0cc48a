package org.bpttlab.rules.rtrl;

import java.util.Arrays;
import org.bpttlab.core.Cell;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.net.Network;
import org.bpttlab.kernels.Elementwise;
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
 * <p>The influence is stored on its pattern only: for a synapse onto neuron j, the rows of each
 * neuron it reaches (c state components, plus the leaky readout's and the regulariser's rows of the
 * {@link ExtendedState}), each updated through the entries of J_t among the reached neurons (J_t is
 * built densely, O(S²)). Memory B·P·a·(c + 2) and work 2·P·(a·c)² per step and sequence, with a the
 * neurons reached: SnAp-1 (a = 1) is O(c²·P) = O(n²); on a sparse network ({@code
 * recurrent_density} &lt; 1) SnAp-2's a is one plus a neuron's out-degree. Where the pattern reaches
 * every neuron (SnAp-n, n ≥ 2, on a dense network) it is RTRL, and runs as {@link Rtrl}.
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
    int[][] reach = reach(network, params, order);
    int n = network.cell().hidden();
    boolean full = true;
    for (int[] r : reach) {
      full &= r.length == n;
    }
    // where n steps reach every neuron (a dense network, n ≥ 2), SnAp-n is RTRL: its kernels
    return full && n > 1 ? new Rtrl(online).begin(network, params, batchSize)
        : new PatternSession(network, params, batchSize, online, reach);
  }

  /**
   * For each neuron j, the neurons that fewer than {@code order} steps reach from it, in increasing
   * order (j itself always): a step from l reaches k where W_rec[k][l] ≠ 0, unless the recurrent
   * input's gradient is stopped.
   */
  static int[][] reach(Network network, Parameters params, int order) {
    Cell cell = network.cell();
    int n = cell.hidden();
    boolean[][] reached = new boolean[n][n];
    for (int j = 0; j < n; j++) {
      reached[j][j] = true;
    }
    if (!cell.spec().stopRecurrentGradient()) {
      double[] w = params.read(Parameters.RECURRENT_WEIGHTS);
      for (int step = 1; step < order; step++) {
        boolean[][] next = new boolean[n][];
        for (int j = 0; j < n; j++) {
          next[j] = reached[j].clone();
          for (int l = 0; l < n; l++) {
            if (reached[j][l]) {
              for (int k = 0; k < n; k++) {
                if (w[k * n + l] != 0) {
                  next[j][k] = true;
                }
              }
            }
          }
        }
        reached = next;
      }
    }
    int[][] out = new int[n][];
    for (int j = 0; j < n; j++) {
      int count = 0;
      for (int l = 0; l < n; l++) {
        count += reached[j][l] ? 1 : 0;
      }
      out[j] = new int[count];
      int a = 0;
      for (int l = 0; l < n; l++) {
        if (reached[j][l]) {
          out[j][a++] = l;
        }
      }
    }
    return out;
  }

  /**
   * SnAp-n stored on its pattern: for the synapses of group g onto neuron j, a block of a·R rows of
   * cols_g entries (a the neurons j reaches, R their rows: c state components, then the readout's
   * and the regulariser's rows of the {@link ExtendedState}), so that each row is updated along the
   * synapses at once: new row (a, k) = Σ J_t[(k, l_a)][(k', l_a')] old row (a', k') + q_k pre, the
   * drive only in j's own rows. W_rec's diagonal of a cell without self-connections is kept at 0.
   */
  private static final class PatternSession extends ExtendedSession {
    private final int components;
    /** Rows per reached neuron: c state components, then f and r where present. */
    private final int rows;
    private final int[][] reach;
    private final int groups;
    private final int[] columns;
    /** Where block (g, j) starts: blockStart[g·n + j]. */
    private final int[] blockStart;
    private final double[][] influence;
    private final double[] pre;
    private final double[] old;
    private final double[] block;
    private final double[] outputPsi;

    PatternSession(Network network, Parameters params, int batch, int online, int[][] reach) {
      super("snap", online, 0, FactoredRule.Noise.SIGNS, network, params, batch);
      components = cell.stateComponents();
      rows = e / n;
      this.reach = reach;
      groups = cell.parameterShapes().size();
      columns = new int[groups];
      blockStart = new int[groups * n + 1];
      int widest = 0;
      int widestCols = 0;
      for (int g = 0; g < groups; g++) {
        columns[g] = cell.parameterShapes().get(g).cols();
        widestCols = Math.max(widestCols, columns[g]);
        for (int j = 0; j < n; j++) {
          widest = Math.max(widest, reach[j].length);
          int k = g * n + j;
          blockStart[k + 1] = Math.addExact(blockStart[k], reach[j].length * rows * columns[g]);
        }
      }
      influence = new double[batch][blockStart[groups * n]];
      pre = new double[m];
      old = new double[widest * components * widestCols];
      block = new double[widest * components * widest * components];
      outputPsi = new double[widest * components];
    }

    @Override
    void restart(int b, int fromRow) {
      int first = fromRow / n;
      double[] mb = influence[b];
      if (first == 0) {
        Arrays.fill(mb, 0.0);
        return;
      }
      for (int g = 0; g < groups; g++) {
        int cols = columns[g];
        for (int j = 0; j < n; j++) {
          int base = blockStart[g * n + j];
          for (int a = 0; a < reach[j].length; a++) {
            Arrays.fill(mb, base + (a * rows + first) * cols, base + (a + 1) * rows * cols, 0.0);
          }
        }
      }
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
      for (int j = 0; j < n; j++) {
        int[] to = reach[j];
        int width = to.length * components;
        for (int a = 0; a < to.length; a++) {
          for (int k = 0; k < components; k++) {
            int r = k * n + to[a];
            for (int a2 = 0; a2 < to.length; a2++) {
              for (int k2 = 0; k2 < components; k2++) {
                block[(a * components + k) * width + a2 * components + k2] =
                    state.jacobian(r, k2 * n + to[a2]);
              }
            }
            outputPsi[a * components + k] = psi[k * bn + b * n + to[a]];
          }
        }
        int self = Arrays.binarySearch(to, j);
        int at = 0;
        for (int g = 0; g < groups; g++) {
          int cols = columns[g];
          int base = blockStart[g * n + j];
          for (int a = 0; a < to.length; a++) {
            for (int k = 0; k < components; k++) {
              System.arraycopy(mb, base + (a * rows + k) * cols, old, (a * components + k) * cols,
                  cols);
            }
          }
          for (int a = 0; a < to.length; a++) {
            for (int k = 0; k < components; k++) {
              int dst = base + (a * rows + k) * cols;
              Arrays.fill(mb, dst, dst + cols, 0.0);
              for (int w = 0; w < width; w++) {
                double jw = block[(a * components + k) * width + w];
                if (jw != 0) {
                  Elementwise.axpy(cols, jw, old, w * cols, mb, dst);
                }
              }
              if (a == self) {
                double drive = q[k * bn + b * n + j];
                if (drive != 0) {
                  Elementwise.axpy(cols, drive, pre, at, mb, dst);
                }
              }
            }
            // the readout's filter and the regulariser's sum of this neuron's output
            int extra = base + (a * rows + components) * cols;
            for (int k = 0; k < components; k++) {
              double v = outputPsi[a * components + k];
              int src = base + (a * rows + k) * cols;
              if (filtered) {
                if (k == 0) {
                  Elementwise.scaleAdd(cols, kappa, mb, extra, v, mb, src);
                } else if (v != 0) {
                  Elementwise.axpy(cols, v, mb, src, mb, extra);
                }
              }
              if (rows > components + (filtered ? 1 : 0) && v != 0) {
                Elementwise.axpy(cols, v, mb, src, mb, extra + (filtered ? cols : 0));
              }
            }
          }
          if (cell.lacksDiagonal(g)) {
            for (int r = 0; r < to.length * rows; r++) {
              mb[base + r * cols + j] = 0.0;
            }
          }
          at += cols;
        }
      }
    }

    @Override
    void addGradient(int b, double[] signal) {
      double[] mb = influence[b];
      int offset = 0;
      for (int g = 0; g < groups; g++) {
        int cols = columns[g];
        for (int j = 0; j < n; j++) {
          int[] to = reach[j];
          int base = blockStart[g * n + j];
          int dst = offset + j * cols;
          for (int a = 0; a < to.length; a++) {
            for (int r = 0; r < rows; r++) {
              double v = signal[r * n + to[a]];
              if (v != 0) {
                Elementwise.axpy(cols, v, mb, base + (a * rows + r) * cols, cellGrad, dst);
              }
            }
          }
        }
        offset += n * cols;
      }
    }

    @Override
    void influence(int b, double[] out) {
      Arrays.fill(out, 0.0);
      int offset = 0;
      for (int g = 0; g < groups; g++) {
        int cols = columns[g];
        for (int j = 0; j < n; j++) {
          int[] to = reach[j];
          int base = blockStart[g * n + j];
          for (int a = 0; a < to.length; a++) {
            for (int k = 0; k < components; k++) {
              System.arraycopy(influence[b], base + (a * rows + k) * cols, out,
                  (k * n + to[a]) * p + offset + j * cols, cols);
            }
          }
        }
        offset += n * cols;
      }
    }

    @Override
    long factorDoubles() {
      return (long) batch * blockStart[groups * n] + pre.length + old.length + block.length
          + outputPsi.length + blockStart.length / 2;
    }

    @Override
    double factorFlops() {
      double work = 0;
      for (int g = 0; g < groups; g++) {
        for (int j = 0; j < n; j++) {
          int width = reach[j].length * components;
          work += (2.0 * width * width + 2.0 * components + 4.0 * width) * columns[g];
        }
      }
      return work;
    }
  }
}
