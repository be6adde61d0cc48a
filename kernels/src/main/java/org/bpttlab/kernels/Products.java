package org.bpttlab.kernels;

import java.util.Locale;

/**
 * The arithmetic of a network's matrix products: the cells' W_rec and W_in products and their
 * gradients' ({@code "products"} in a network's config, docs/models.md). {@link #FLOAT64} is
 * {@link Kernels}: every exactness contract and test is stated for it. {@link #FLOAT32} is
 * {@link SingleKernels}: the same products with float operands and float sums (each added to the
 * double output), for speed (docs/performance.md, "float32 products"); a weight matrix passed as a
 * {@link WeightMatrix} is rounded once per modification, not once per product. States,
 * nonlinearities, losses, the optimiser and the stored trajectory stay double either way.
 *
 * <p>Each product is also given for a part of c, rows from..to and columns c0..c1 ({@code from} a
 * multiple of 4, c0 of {@code Kernels.PART_COLUMNS}), the same bits as in the whole product:
 * {@link #on} splits the rows or the columns over a team's threads.
 */
public enum Products implements MatrixProducts {
  /** Double precision throughout (the default). */
  FLOAT64,
  /** Single-precision products, double everything else. */
  FLOAT32;

  /** Rows from..to, columns c0..c1 of {@code c (=|+=) a · bᵀ} (a m×k, b n×k, c m×n). */
  void transB(int from, int to, int c0, int c1, int k, int n, double[] a, double[] b, double[] c,
      boolean add) {
    if (this == FLOAT32) {
      SingleKernels.multTransB(from, to, c0, c1, k, n, a, b, c, add);
    } else {
      Kernels.multTransB(from, to, c0, c1, k, n, a, b, c, add);
    }
  }

  /** Rows from..to, columns c0..c1 of {@code c (=|+=) a · Wᵀ}. */
  void transB(int from, int to, int c0, int c1, int k, int n, double[] a, WeightMatrix w,
      double[] c, boolean add) {
    if (this == FLOAT32) {
      SingleKernels.multTransB(from, to, c0, c1, k, n, a, w.roundedTransposed(), c, add);
    } else {
      Kernels.multTransB(from, to, c0, c1, k, n, a, w.values(), c, add);
    }
  }

  /** Rows from..to, columns c0..c1 of {@code c += a · b} (a m×k, b k×n). */
  void add(int from, int to, int c0, int c1, int k, int n, double[] a, double[] b, double[] c) {
    if (this == FLOAT32) {
      SingleKernels.sumOfRankOne(from, to, c0, c1, k, n, a, k, 1, b, null, c);
    } else {
      Kernels.sumOfRankOne(from, to, c0, c1, k, n, a, k, 1, b, c);
    }
  }

  /** Rows from..to, columns c0..c1 of {@code c += a · W}. */
  void add(int from, int to, int c0, int c1, int k, int n, double[] a, WeightMatrix w,
      double[] c) {
    if (this == FLOAT32) {
      SingleKernels.sumOfRankOne(from, to, c0, c1, k, n, a, k, 1, null, w.rounded(), c);
    } else {
      Kernels.sumOfRankOne(from, to, c0, c1, k, n, a, k, 1, w.values(), c);
    }
  }

  /** Rows from..to, columns c0..c1 of {@code c += aᵀ · b} (a k×m, b k×n, c m×n). */
  void transA(int from, int to, int c0, int c1, int k, int m, int n, double[] a, double[] b,
      double[] c) {
    if (this == FLOAT32) {
      SingleKernels.sumOfRankOne(from, to, c0, c1, k, n, a, 1, m, b, null, c);
    } else {
      Kernels.sumOfRankOne(from, to, c0, c1, k, n, a, 1, m, b, c);
    }
  }

  @Override
  public Products arithmetic() {
    return this;
  }

  @Override
  public void multTransB(int m, int k, int n, double[] a, double[] b, double[] c) {
    transB(0, m, 0, n, k, n, a, b, c, false);
  }

  @Override
  public void multAddTransB(int m, int k, int n, double[] a, double[] b, double[] c) {
    transB(0, m, 0, n, k, n, a, b, c, true);
  }

  @Override
  public void multAdd(int m, int k, int n, double[] a, double[] b, double[] c) {
    add(0, m, 0, n, k, n, a, b, c);
  }

  @Override
  public void multAddTransA(int k, int m, int n, double[] a, double[] b, double[] c) {
    transA(0, m, 0, n, k, m, n, a, b, c);
  }

  @Override
  public void multTransB(int m, int k, int n, double[] a, WeightMatrix w, double[] c) {
    transB(0, m, 0, n, k, n, a, w, c, false);
  }

  @Override
  public void multAddTransB(int m, int k, int n, double[] a, WeightMatrix w, double[] c) {
    transB(0, m, 0, n, k, n, a, w, c, true);
  }

  @Override
  public void multAdd(int m, int k, int n, double[] a, WeightMatrix w, double[] c) {
    add(0, m, 0, n, k, n, a, w, c);
  }

  /**
   * These products with the output of each large one cut into parts computed on {@code team}'s
   * threads, own and lent (this itself for {@link ProductTeam#solo}): the same bits as on one
   * thread.
   */
  public MatrixProducts on(ProductTeam team) {
    return team == ProductTeam.solo() ? this : new SplitProducts(this, team);
  }

  /** The config name: {@code float64} or {@code float32}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The products of a config name; an {@link IllegalArgumentException} naming the allowed ones. */
  public static Products ofConfigName(String name) {
    for (Products p : values()) {
      if (p.configName().equals(name)) {
        return p;
      }
    }
    throw new IllegalArgumentException("must be float64 or float32, was '" + name + "'");
  }

  /**
   * The width in bits of the vectors the kernels sum in (the JVM's preferred vector). Some sums
   * are lane-wise, so their order, and the last bits of a run's numbers, follow it: runs are
   * bit-identical between machines of the same width.
   */
  public static int vectorBits() {
    return jdk.incubator.vector.DoubleVector.SPECIES_PREFERRED.vectorBitSize();
  }
}
