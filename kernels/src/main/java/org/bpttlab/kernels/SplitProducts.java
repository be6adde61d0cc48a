package org.bpttlab.kernels;

/**
 * An arithmetic's products with c split over a {@link ProductTeam}, through the arithmetic's forms
 * for a part of c, which give the same bits as the whole product. A c wider than tall (the step's
 * products, m = batch rows, n = neurons columns) is cut into columns: part p of P computes columns
 * ⌊p·n/P⌋ rounded down to a multiple of Kernels.PART_COLUMNS up to the next part's first, with
 * every row, so that each part reads 1/P of W and each of W's rows loaded serves all the batch (cut
 * into rows, each part would stream all of W for half the batch). Otherwise (the gradients' sums,
 * m = neurons) it is cut into rows likewise, at multiples of 4. A product smaller than
 * {@link #MIN_FLOPS}, one too narrow and too short to cut, and any product while the team is busy,
 * runs on the calling thread. One product at a time per instance: its operands wait in fields for
 * the team (no allocation per product).
 */
final class SplitProducts implements MatrixProducts, ProductTeam.Task {
  /** Below this many flops (2·m·k·n) a product stays on the caller, not worth the hand-over. */
  static final long MIN_FLOPS = 1L << 18;

  /** Fewer rows than this are not cut into rows (each part gets at least 4). */
  static final int MIN_ROWS = 8;

  /** Fewer columns than this are not cut into columns. */
  static final int MIN_COLUMNS = 2 * Kernels.PART_COLUMNS;

  private enum Op { TRANS_B, TRANS_B_W, ADD, ADD_W, TRANS_A }

  private final Products arithmetic;
  private final ProductTeam team;
  // the product the team is running: written by the caller before the hand-over
  private Op op;
  private int m;
  private int k;
  private int n;
  private double[] a;
  private double[] b;
  private WeightMatrix w;
  private double[] c;
  private boolean add;
  private boolean byColumns;

  SplitProducts(Products arithmetic, ProductTeam team) {
    this.arithmetic = arithmetic;
    this.team = team;
  }

  @Override
  public Products arithmetic() {
    return arithmetic;
  }

  @Override
  public void multTransB(int m, int k, int n, double[] a, double[] b, double[] c) {
    if (!split(Op.TRANS_B, m, k, n, a, b, null, c, false)) {
      arithmetic.multTransB(m, k, n, a, b, c);
    }
  }

  @Override
  public void multAddTransB(int m, int k, int n, double[] a, double[] b, double[] c) {
    if (!split(Op.TRANS_B, m, k, n, a, b, null, c, true)) {
      arithmetic.multAddTransB(m, k, n, a, b, c);
    }
  }

  @Override
  public void multAdd(int m, int k, int n, double[] a, double[] b, double[] c) {
    if (!split(Op.ADD, m, k, n, a, b, null, c, true)) {
      arithmetic.multAdd(m, k, n, a, b, c);
    }
  }

  @Override
  public void multAddTransA(int k, int m, int n, double[] a, double[] b, double[] c) {
    if (!split(Op.TRANS_A, m, k, n, a, b, null, c, true)) {
      arithmetic.multAddTransA(k, m, n, a, b, c);
    }
  }

  @Override
  public void multTransB(int m, int k, int n, double[] a, WeightMatrix w, double[] c) {
    if (!split(Op.TRANS_B_W, m, k, n, a, null, w, c, false)) {
      arithmetic.multTransB(m, k, n, a, w, c);
    }
  }

  @Override
  public void multAddTransB(int m, int k, int n, double[] a, WeightMatrix w, double[] c) {
    if (!split(Op.TRANS_B_W, m, k, n, a, null, w, c, true)) {
      arithmetic.multAddTransB(m, k, n, a, w, c);
    }
  }

  @Override
  public void multAdd(int m, int k, int n, double[] a, WeightMatrix w, double[] c) {
    if (!split(Op.ADD_W, m, k, n, a, null, w, c, true)) {
      arithmetic.multAdd(m, k, n, a, w, c);
    }
  }

  /** Runs the product on the team; false (nothing done) if it is to run on the caller alone. */
  private boolean split(Op op, int m, int k, int n, double[] a, double[] b, WeightMatrix w,
      double[] c, boolean add) {
    boolean columns = n >= MIN_COLUMNS && (m < n || m < MIN_ROWS);
    if (!columns && m < MIN_ROWS || 2L * m * k * n < MIN_FLOPS) {
      return false;
    }
    if (w != null && arithmetic == Products.FLOAT32) {
      // the float forms made current here, once: the parts then read them without the lock
      if (op == Op.TRANS_B_W) {
        w.roundedTransposed();
      } else {
        w.rounded();
      }
    }
    if (!team.tryAcquire()) {
      return false;
    }
    this.op = op;
    this.m = m;
    this.k = k;
    this.n = n;
    this.a = a;
    this.b = b;
    this.w = w;
    this.c = c;
    this.add = add;
    this.byColumns = columns;
    try {
      team.run(this);
      return true;
    } finally {
      this.a = null;
      this.b = null;
      this.w = null;
      this.c = null;
      team.release();
    }
  }

  /**
   * Where part p of P starts along a side of {@code size}: ⌊p·size/P⌋ rounded down to a multiple of
   * {@code unit} (size for p = P).
   */
  static int start(int p, int parts, int size, int unit) {
    return p == parts ? size : (int) ((long) p * size / parts) / unit * unit;
  }

  @Override
  public void part(int part, int parts) {
    int from = 0;
    int to = m;
    int c0 = 0;
    int c1 = n;
    if (byColumns) {
      c0 = start(part, parts, n, Kernels.PART_COLUMNS);
      c1 = start(part + 1, parts, n, Kernels.PART_COLUMNS);
    } else {
      from = start(part, parts, m, 4);
      to = start(part + 1, parts, m, 4);
    }
    if (from == to || c0 == c1) {
      return;
    }
    switch (op) {
      case TRANS_B -> arithmetic.transB(from, to, c0, c1, k, n, a, b, c, add);
      case TRANS_B_W -> arithmetic.transB(from, to, c0, c1, k, n, a, w, c, add);
      case ADD -> arithmetic.add(from, to, c0, c1, k, n, a, b, c);
      case ADD_W -> arithmetic.add(from, to, c0, c1, k, n, a, w, c);
      case TRANS_A -> arithmetic.transA(from, to, c0, c1, k, m, n, a, b, c);
      default -> throw new IllegalStateException(op.toString());
    }
  }
}
