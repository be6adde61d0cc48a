package org.bpttlab.kernels;

/**
 * Plain-loop reference implementations of {@link Kernels}: the same contracts, written as the
 * textbook triple loops. Used by tests and as the baseline of the kernel benchmark.
 */
public final class PlainKernels {
  private PlainKernels() {}

  /**
   * {@code c = a · bᵀ}: c[i][j] = Σ_p a[i][p] b[j][p].
   *
   * @param a m×k, Not modified
   * @param b n×k, Not modified
   * @param c m×n, Modified (overwritten)
   */
  public static void multTransB(int m, int k, int n, double[] a, double[] b, double[] c) {
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int p = 0; p < k; p++) {
          s += a[i * k + p] * b[j * k + p];
        }
        c[i * n + j] = s;
      }
    }
  }

  /**
   * {@code c += a · bᵀ}.
   *
   * @param a m×k, Not modified
   * @param b n×k, Not modified
   * @param c m×n, Modified (added to)
   */
  public static void multAddTransB(int m, int k, int n, double[] a, double[] b, double[] c) {
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int p = 0; p < k; p++) {
          s += a[i * k + p] * b[j * k + p];
        }
        c[i * n + j] += s;
      }
    }
  }

  /**
   * {@code c += a · b}: c[i][j] += Σ_p a[i][p] b[p][j].
   *
   * @param a m×k, Not modified
   * @param b k×n, Not modified
   * @param c m×n, Modified (added to)
   */
  public static void multAdd(int m, int k, int n, double[] a, double[] b, double[] c) {
    for (int i = 0; i < m; i++) {
      for (int p = 0; p < k; p++) {
        double aip = a[i * k + p];
        for (int j = 0; j < n; j++) {
          c[i * n + j] += aip * b[p * n + j];
        }
      }
    }
  }

  /**
   * {@code c += aᵀ · b}: c[i][j] += Σ_p a[p][i] b[p][j] (a sum of k outer products).
   *
   * @param a k×m, Not modified
   * @param b k×n, Not modified
   * @param c m×n, Modified (added to)
   */
  public static void multAddTransA(int k, int m, int n, double[] a, double[] b, double[] c) {
    for (int p = 0; p < k; p++) {
      for (int i = 0; i < m; i++) {
        double api = a[p * m + i];
        for (int j = 0; j < n; j++) {
          c[i * n + j] += api * b[p * n + j];
        }
      }
    }
  }
}
