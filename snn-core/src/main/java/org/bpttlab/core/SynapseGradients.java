package org.bpttlab.core;

import org.bpttlab.kernels.Kernels;

/**
 * The gradients of a cell's parameter groups from the adjoints of its synaptic drive, step after
 * step (reverse mode). Every group of a cell is a synapse group W_g, whose input to neuron j is
 * Σ_i W_g[j][i] pre_g,i ({@link Cell#presynaptic}), or a bias, so with δ^t = ∂L/∂drive^t (the
 * {@code dDrive} of {@link Cell#backpropStep}):
 *
 * <pre>
 * ∂L/∂W_g[j][i] = Σ_t Σ_b δ_j^{t,b} pre_{g,i}^{t,b}        (W_rec's diagonal excluded without self-connections)
 * ∂L/∂b_j       = Σ_t Σ_b δ_j^{t,b}
 * </pre>
 *
 * A step's synapse terms are a product of inner dimension B, which for small batches is a few
 * rank-1 updates: each reads and writes all of W_g's gradient to add 2·n·cols flops per sequence,
 * bound by memory. So δ and pre of several steps are gathered (about {@link #ROWS} rows) and added
 * as one product of inner dimension steps × B ({@link Kernels#multAddTransA}), which each load of
 * the gradient serves many times, in the cell's {@link Cell#products}. The double kernel sums each
 * element's terms in the order of the rows, so gathered steps give the very same bits as adding each
 * step at once (with {@code FLOAT32} products a gathered product is one float sum of up to 64 rows,
 * added to the double gradient: bits that depend on the gathering); biases are added at once.
 *
 * <p>What is gathered is added to the gradient it was gathered for when enough steps are held, when
 * {@link #add} is given another gradient, and on {@link #flush}: a caller flushes before it reads
 * the gradient. The presynaptic rows are copied, so the trajectory may be overwritten after
 * {@link #add} (checkpointed BPTT's recomputation buffer is).
 *
 * <p>Memory: steps × B × (n + Σ_g cols_g) doubles, at most about {@link #ROWS} × (n + Σ cols).
 */
public final class SynapseGradients {
  /** Rows (steps × sequences) gathered per product, where the products run at matrix speed. */
  public static final int ROWS = 64;

  private final Cell cell;
  private final int batch;
  private final int n;
  private final int steps;
  private final int groups;
  private final int[] cols;
  private final boolean[] noDiagonal;
  /** Gathered δ rows, steps·B×n, step-major in the order added. */
  private final double[] drive;
  /** [group]: gathered presynaptic rows, steps·B×cols (unused for a bias). */
  private final double[][] pre;
  private final boolean[] bias;
  private final double[] diagonal;
  private Parameters target;
  private int held;

  /** For batches of {@code batch} sequences, gathering max(1, ROWS / batch) steps per product. */
  public SynapseGradients(Cell cell, int batch) {
    this(cell, batch, Math.max(1, ROWS / batch));
  }

  /**
   * For batches of {@code batch} sequences, gathering {@code steps} steps per product (1: each step
   * at once).
   */
  public SynapseGradients(Cell cell, int batch, int steps) {
    if (steps < 1) {
      throw new IllegalArgumentException("steps must be >= 1, was " + steps);
    }
    this.cell = cell;
    this.batch = batch;
    this.n = cell.hidden();
    this.steps = steps;
    this.groups = cell.parameterShapes().size();
    cols = new int[groups];
    noDiagonal = new boolean[groups];
    pre = new double[groups][];
    bias = new boolean[groups];
    for (int g = 0; g < groups; g++) {
      ParameterShape shape = cell.parameterShapes().get(g);
      cols[g] = shape.cols();
      noDiagonal[g] = cell.lacksDiagonal(g);
      pre[g] = new double[steps * batch * cols[g]];
    }
    drive = new double[steps * batch * n];
    diagonal = new double[n];
  }

  /** Doubles held. */
  public long storedDoubles() {
    long d = drive.length + diagonal.length;
    for (double[] p : pre) {
      d += p.length;
    }
    return d;
  }

  /**
   * Adds step t's terms to {@code grad}: the biases at once, the synapse groups gathered (added
   * now if enough steps are held). Gathered terms for another gradient are added to it first.
   *
   * @param dDrive δ^t, B×n, Not modified (copied)
   * @param grad Modified (the cell's groups added to, now or at a later flush)
   */
  public void add(Trajectory tr, int t, double[] dDrive, Parameters grad) {
    if (held > 0 && grad != target) {
      flush();
    }
    target = grad;
    int row = held * batch;
    System.arraycopy(dDrive, 0, drive, row * n, batch * n);
    for (int g = 0; g < groups; g++) {
      double[] p = cell.presynaptic(g, tr, t);
      bias[g] = p == null;
      if (p == null) {
        double[] gb = grad.get(g);
        for (int b = 0; b < batch; b++) {
          for (int j = 0; j < n; j++) {
            gb[j] += dDrive[b * n + j];
          }
        }
      } else {
        System.arraycopy(p, 0, pre[g], row * cols[g], batch * cols[g]);
      }
    }
    held++;
    if (held == steps) {
      flush();
    }
  }

  /** Adds what is gathered to the gradient it was gathered for; nothing if nothing is held. */
  public void flush() {
    if (held == 0) {
      return;
    }
    int rows = held * batch;
    for (int g = 0; g < groups; g++) {
      if (bias[g]) {
        continue;
      }
      double[] out = target.get(g);
      int c = cols[g];
      if (noDiagonal[g]) {
        for (int j = 0; j < n; j++) {
          diagonal[j] = out[j * c + j];
        }
      }
      cell.products().multAddTransA(rows, n, c, drive, pre[g], out);
      if (noDiagonal[g]) {
        // no synapse j → j: its gradient gets nothing
        for (int j = 0; j < n; j++) {
          out[j * c + j] = diagonal[j];
        }
      }
    }
    held = 0;
    target = null;
  }
}
