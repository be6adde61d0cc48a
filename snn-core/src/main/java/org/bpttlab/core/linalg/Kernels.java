package org.bpttlab.core.linalg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The dense kernels of bpttlab on flat row-major {@code double[]}, written with the incubating Vector
 * API ({@code jdk.incubator.vector}; every JVM that runs them needs
 * {@code --add-modules jdk.incubator.vector}). The JIT does not vectorise floating-point reductions
 * such as dot products on its own; these kernels do, with lane-wise accumulators reduced once.
 * Contracts are those of {@link PlainKernels}, which the tests compare against.
 */
public final class Kernels {
  private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
  private static final int LANES = SPECIES.length();

  private Kernels() {}

  /**
   * {@code c = a · bᵀ}: c[i][j] = Σ_p a[i][p] b[j][p]. Covers y = W h (m = 1).
   *
   * @param a m×k, Not modified
   * @param b n×k, Not modified
   * @param c m×n, Modified (overwritten)
   */
  public static void multTransB(int m, int k, int n, double[] a, double[] b, double[] c) {
    multTransB(m, k, n, a, b, c, false);
  }

  /**
   * {@code c += a · bᵀ}.
   *
   * @param a m×k, Not modified
   * @param b n×k, Not modified
   * @param c m×n, Modified (added to)
   */
  public static void multAddTransB(int m, int k, int n, double[] a, double[] b, double[] c) {
    multTransB(m, k, n, a, b, c, true);
  }

  private static void multTransB(
      int m, int k, int n, double[] a, double[] b, double[] c, boolean add) {
    int kv = SPECIES.loopBound(k);
    for (int i = 0; i < m; i++) {
      int ai = i * k;
      int ci = i * n;
      int j = 0;
      for (; j + 3 < n; j += 4) {
        int b0 = j * k;
        int b1 = b0 + k;
        int b2 = b1 + k;
        int b3 = b2 + k;
        DoubleVector s0 = DoubleVector.zero(SPECIES);
        DoubleVector s1 = DoubleVector.zero(SPECIES);
        DoubleVector s2 = DoubleVector.zero(SPECIES);
        DoubleVector s3 = DoubleVector.zero(SPECIES);
        int p = 0;
        for (; p < kv; p += LANES) {
          DoubleVector av = DoubleVector.fromArray(SPECIES, a, ai + p);
          s0 = av.fma(DoubleVector.fromArray(SPECIES, b, b0 + p), s0);
          s1 = av.fma(DoubleVector.fromArray(SPECIES, b, b1 + p), s1);
          s2 = av.fma(DoubleVector.fromArray(SPECIES, b, b2 + p), s2);
          s3 = av.fma(DoubleVector.fromArray(SPECIES, b, b3 + p), s3);
        }
        double r0 = s0.reduceLanes(VectorOperators.ADD);
        double r1 = s1.reduceLanes(VectorOperators.ADD);
        double r2 = s2.reduceLanes(VectorOperators.ADD);
        double r3 = s3.reduceLanes(VectorOperators.ADD);
        for (; p < k; p++) {
          double ap = a[ai + p];
          r0 += ap * b[b0 + p];
          r1 += ap * b[b1 + p];
          r2 += ap * b[b2 + p];
          r3 += ap * b[b3 + p];
        }
        if (add) {
          c[ci + j] += r0;
          c[ci + j + 1] += r1;
          c[ci + j + 2] += r2;
          c[ci + j + 3] += r3;
        } else {
          c[ci + j] = r0;
          c[ci + j + 1] = r1;
          c[ci + j + 2] = r2;
          c[ci + j + 3] = r3;
        }
      }
      for (; j < n; j++) {
        int bj = j * k;
        DoubleVector s = DoubleVector.zero(SPECIES);
        int p = 0;
        for (; p < kv; p += LANES) {
          s = DoubleVector.fromArray(SPECIES, a, ai + p)
              .fma(DoubleVector.fromArray(SPECIES, b, bj + p), s);
        }
        double r = s.reduceLanes(VectorOperators.ADD);
        for (; p < k; p++) {
          r += a[ai + p] * b[bj + p];
        }
        c[ci + j] = add ? c[ci + j] + r : r;
      }
    }
  }

  /**
   * {@code c += a · b}: c[i][j] += Σ_p a[i][p] b[p][j]. Covers δh += δa W (m = batch).
   *
   * @param a m×k, Not modified
   * @param b k×n, Not modified
   * @param c m×n, Modified (added to)
   */
  public static void multAdd(int m, int k, int n, double[] a, double[] b, double[] c) {
    int nv = SPECIES.loopBound(n);
    for (int i = 0; i < m; i++) {
      int ci = i * n;
      int ai = i * k;
      for (int p = 0; p < k; p++) {
        double aip = a[ai + p];
        if (aip == 0.0) {
          continue;
        }
        axpy(aip, b, p * n, c, ci, n, nv);
      }
    }
  }

  /**
   * {@code c += aᵀ · b}: c[i][j] += Σ_p a[p][i] b[p][j], a sum of k outer products. Covers the
   * gradient accumulation dW += δᵀ h over a batch (k = batch) and the rank-1 update (k = 1).
   *
   * @param a k×m, Not modified
   * @param b k×n, Not modified
   * @param c m×n, Modified (added to)
   */
  public static void multAddTransA(int k, int m, int n, double[] a, double[] b, double[] c) {
    int nv = SPECIES.loopBound(n);
    for (int p = 0; p < k; p++) {
      int ap = p * m;
      int bp = p * n;
      for (int i = 0; i < m; i++) {
        double api = a[ap + i];
        if (api == 0.0) {
          continue;
        }
        axpy(api, b, bp, c, i * n, n, nv);
      }
    }
  }

  /** c[co..co+n) += s · b[bo..bo+n). */
  private static void axpy(double s, double[] b, int bo, double[] c, int co, int n, int nv) {
    DoubleVector sv = DoubleVector.broadcast(SPECIES, s);
    int j = 0;
    for (; j < nv; j += LANES) {
      DoubleVector cv = DoubleVector.fromArray(SPECIES, c, co + j);
      sv.fma(DoubleVector.fromArray(SPECIES, b, bo + j), cv).intoArray(c, co + j);
    }
    for (; j < n; j++) {
      c[co + j] += s * b[bo + j];
    }
  }
}
