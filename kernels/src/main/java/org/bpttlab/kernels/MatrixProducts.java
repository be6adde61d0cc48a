package org.bpttlab.kernels;

/**
 * The matrix products a cell and its synapse gradients run: W_rec and W_in times the batch's rows,
 * their transposed products for the backward pass, and the gradients' sums of outer products. Each
 * {@link Products} arithmetic is one, on the calling thread; {@link Products#on} gives the same
 * products with their rows split over a {@link ProductTeam}'s threads, the same bits either way.
 */
public interface MatrixProducts {
  /** The arithmetic of these products (float64 or float32). */
  Products arithmetic();

  /** {@code c = a · bᵀ} (a m×k, b n×k, c m×n), as {@link Kernels#multTransB}. */
  void multTransB(int m, int k, int n, double[] a, double[] b, double[] c);

  /** {@code c += a · bᵀ}, as {@link Kernels#multAddTransB}. */
  void multAddTransB(int m, int k, int n, double[] a, double[] b, double[] c);

  /** {@code c += a · b} (a m×k, b k×n), as {@link Kernels#multAdd}. */
  void multAdd(int m, int k, int n, double[] a, double[] b, double[] c);

  /** {@code c += aᵀ · b} (a k×m, b k×n), as {@link Kernels#multAddTransA}. */
  void multAddTransA(int k, int m, int n, double[] a, double[] b, double[] c);

  /**
   * {@code c = a · Wᵀ} (a m×k, W n×k): as {@link #multTransB(int, int, int, double[], double[],
   * double[])} for FLOAT64; FLOAT32 multiplies by W's rounded transpose, kept until W is modified,
   * and sums as {@link #multAdd} does (in blocks of 128 terms).
   */
  void multTransB(int m, int k, int n, double[] a, WeightMatrix w, double[] c);

  /** {@code c += a · Wᵀ}, as {@link #multTransB(int, int, int, double[], WeightMatrix, double[])}. */
  void multAddTransB(int m, int k, int n, double[] a, WeightMatrix w, double[] c);

  /** {@code c += a · W} (a m×k, W k×n); FLOAT32 multiplies by W rounded, kept until W is modified. */
  void multAdd(int m, int k, int n, double[] a, WeightMatrix w, double[] c);
}
