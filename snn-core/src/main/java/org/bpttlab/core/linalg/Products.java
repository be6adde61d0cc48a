package org.bpttlab.core.linalg;

import java.util.Locale;

/**
 * The arithmetic of a network's matrix products: the cells' W_rec and W_in products and their
 * gradients' ({@code "products"} in a network's config, docs/models.md). {@link #FLOAT64} is
 * {@link Kernels}: every exactness contract and test is stated for it. {@link #FLOAT32} is
 * {@link SingleKernels}: the same products with float operands and float sums (each added to the
 * double output), for speed (docs/performance.md, "float32 products"); a weight matrix passed as a
 * {@link WeightMatrix} is rounded once per modification, not once per product. States,
 * nonlinearities, losses, the optimiser and the stored trajectory stay double either way.
 */
public enum Products {
  /** Double precision throughout (the default). */
  FLOAT64 {
    @Override
    public void multTransB(int m, int k, int n, double[] a, double[] b, double[] c) {
      Kernels.multTransB(m, k, n, a, b, c);
    }

    @Override
    public void multAddTransB(int m, int k, int n, double[] a, double[] b, double[] c) {
      Kernels.multAddTransB(m, k, n, a, b, c);
    }

    @Override
    public void multAdd(int m, int k, int n, double[] a, double[] b, double[] c) {
      Kernels.multAdd(m, k, n, a, b, c);
    }

    @Override
    public void multAddTransA(int k, int m, int n, double[] a, double[] b, double[] c) {
      Kernels.multAddTransA(k, m, n, a, b, c);
    }

    @Override
    public void multTransB(int m, int k, int n, double[] a, WeightMatrix w, double[] c) {
      Kernels.multTransB(m, k, n, a, w.values(), c);
    }

    @Override
    public void multAddTransB(int m, int k, int n, double[] a, WeightMatrix w, double[] c) {
      Kernels.multAddTransB(m, k, n, a, w.values(), c);
    }

    @Override
    public void multAdd(int m, int k, int n, double[] a, WeightMatrix w, double[] c) {
      Kernels.multAdd(m, k, n, a, w.values(), c);
    }
  },
  /** Single-precision products, double everything else. */
  FLOAT32 {
    @Override
    public void multTransB(int m, int k, int n, double[] a, double[] b, double[] c) {
      SingleKernels.multTransB(m, k, n, a, b, c);
    }

    @Override
    public void multAddTransB(int m, int k, int n, double[] a, double[] b, double[] c) {
      SingleKernels.multAddTransB(m, k, n, a, b, c);
    }

    @Override
    public void multAdd(int m, int k, int n, double[] a, double[] b, double[] c) {
      SingleKernels.multAdd(m, k, n, a, b, c);
    }

    @Override
    public void multAddTransA(int k, int m, int n, double[] a, double[] b, double[] c) {
      SingleKernels.multAddTransA(k, m, n, a, b, c);
    }

    @Override
    public void multTransB(int m, int k, int n, double[] a, WeightMatrix w, double[] c) {
      SingleKernels.multTransB(m, k, n, a, w.roundedTransposed(), c, false);
    }

    @Override
    public void multAddTransB(int m, int k, int n, double[] a, WeightMatrix w, double[] c) {
      SingleKernels.multTransB(m, k, n, a, w.roundedTransposed(), c, true);
    }

    @Override
    public void multAdd(int m, int k, int n, double[] a, WeightMatrix w, double[] c) {
      SingleKernels.multAdd(m, k, n, a, w.rounded(), c);
    }
  };

  /** {@code c = a · bᵀ} (a m×k, b n×k, c m×n), as {@link Kernels#multTransB}. */
  public abstract void multTransB(int m, int k, int n, double[] a, double[] b, double[] c);

  /** {@code c += a · bᵀ}, as {@link Kernels#multAddTransB}. */
  public abstract void multAddTransB(int m, int k, int n, double[] a, double[] b, double[] c);

  /** {@code c += a · b} (a m×k, b k×n), as {@link Kernels#multAdd}. */
  public abstract void multAdd(int m, int k, int n, double[] a, double[] b, double[] c);

  /** {@code c += aᵀ · b} (a k×m, b k×n), as {@link Kernels#multAddTransA}. */
  public abstract void multAddTransA(int k, int m, int n, double[] a, double[] b, double[] c);

  /**
   * {@code c = a · Wᵀ} (a m×k, W n×k): as {@link #multTransB(int, int, int, double[], double[],
   * double[])} for FLOAT64; FLOAT32 multiplies by W's rounded transpose, kept until W is modified,
   * and sums as {@link #multAdd} does (in blocks of 64 terms).
   */
  public abstract void multTransB(int m, int k, int n, double[] a, WeightMatrix w, double[] c);

  /** {@code c += a · Wᵀ}, as {@link #multTransB(int, int, int, double[], WeightMatrix, double[])}. */
  public abstract void multAddTransB(int m, int k, int n, double[] a, WeightMatrix w, double[] c);

  /** {@code c += a · W} (a m×k, W k×n); FLOAT32 multiplies by W rounded, kept until W is modified. */
  public abstract void multAdd(int m, int k, int n, double[] a, WeightMatrix w, double[] c);

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
}
