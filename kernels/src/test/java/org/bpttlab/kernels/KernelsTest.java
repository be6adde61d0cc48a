package org.bpttlab.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import jdk.incubator.vector.DoubleVector;
import org.junit.jupiter.api.Test;

/**
 * {@link Kernels} against {@link PlainKernels} on random inputs for many sizes, including every tail
 * of the vector and tile loops (k, n not multiples of the vector length or of the tiles; m not a
 * multiple of the row block). Tolerance: relative 1e-12 of the sum of absolute terms Σ|a||b| (+|c|)
 * of each element, the bound on the rounding error of any summation order with or without fused
 * multiply-adds at these sizes (k·2⁻⁵³ ≪ 1e-12 for k ≤ 130); fixed seeds, so nothing can flake.
 * {@link #summationOrderIsTheDocumentedOneBitForBit} pins the order of the class comment of
 * {@link Kernels} bit for bit against scalar loops.
 */
class KernelsTest {
  private static final int[] KN = {1, 2, 3, 7, 9, 17, 33, 64, 65, 130};
  private static final int[] M = {1, 2, 3, 5, 32};
  private static final double TOL = 1e-12;

  private interface Kernel {
    void apply(int m, int k, int n, double[] a, double[] b, double[] c);
  }

  /** A kernel as c[m×n] (+)= f(a, b) with a of m·k and b of k·n elements (its own layout). */
  private record Case(String name, Kernel vector, Kernel plain, boolean add) {}

  private static final Case[] CASES = {
    new Case("multTransB", Kernels::multTransB, PlainKernels::multTransB, false),
    new Case("multAddTransB", Kernels::multAddTransB, PlainKernels::multAddTransB, true),
    new Case("multAdd", Kernels::multAdd, PlainKernels::multAdd, true),
    // multAddTransA(k, m, n, ...): c[m×n] += a[k×m]ᵀ b[k×n]
    new Case(
        "multAddTransA",
        (m, k, n, a, b, c) -> Kernels.multAddTransA(k, m, n, a, b, c),
        (m, k, n, a, b, c) -> PlainKernels.multAddTransA(k, m, n, a, b, c),
        true),
  };

  /**
   * The narrow tiles are chosen for x86 processors whose preferred species has 4 doubles (AVX2, 16
   * registers), unless {@code bpttlab.kernels.narrow} says otherwise (the build runs these tests
   * once with it true, so both kinds of tile are checked on every machine).
   */
  @Test
  void narrowTilesAreChosenByTheRegisterFileOrTheProperty() {
    String forced = System.getProperty("bpttlab.kernels.narrow");
    boolean avx2 = DoubleVector.SPECIES_PREFERRED.length() == 4
        && System.getProperty("os.arch").matches("amd64|x86_64");
    assertEquals(forced != null ? Boolean.parseBoolean(forced) : avx2, Kernels.NARROW);
  }

  @Test
  void everyKernelMatchesPlainLoopsOnDenseInputs() {
    Random rng = new Random(20240611);
    for (Case kc : CASES) {
      for (int m : M) {
        for (int k : KN) {
          for (int n : KN) {
            check(kc, m, k, n, rng, 0.0);
          }
        }
      }
    }
  }

  @Test
  void zeroSkippingMatchesPlainLoopsOnSparseInputs() {
    // a like a spike train: mostly zeros (the zero-skipping branches of multAdd, multAddTransA)
    Random rng = new Random(7);
    for (Case kc : CASES) {
      for (int m : M) {
        for (int k : new int[] {1, 9, 33, 130}) {
          for (int n : new int[] {3, 33, 64, 130}) {
            for (double zeros : new double[] {0.5, 0.9, 1.0}) {
              check(kc, m, k, n, rng, zeros);
            }
          }
        }
      }
    }
  }

  @Test
  void plainVariantOverwritesAndAddVariantsAdd() {
    Random rng = new Random(3);
    for (Case kc : CASES) {
      int m = 5;
      int k = 33;
      int n = 17;
      double[] a = gaussian(rng, m * k, 0.0);
      double[] b = gaussian(rng, k * n, 0.0);
      double[] zero = new double[m * n];
      kc.vector.apply(m, k, n, a, b, zero);
      double[] c0 = gaussian(rng, m * n, 0.0);
      double[] c = c0.clone();
      kc.vector.apply(m, k, n, a, b, c);
      for (int i = 0; i < c.length; i++) {
        double expected = kc.add ? c0[i] + zero[i] : zero[i];
        assertEquals(expected, c[i], 1e-12 * (Math.abs(c0[i]) + Math.abs(zero[i]) + 1), kc.name);
      }
      if (!kc.add) {
        // garbage, NaN included, in c must not leak into the result
        double[] nan = new double[m * n];
        Arrays.fill(nan, Double.NaN);
        kc.vector.apply(m, k, n, a, b, nan);
        assertArrayEquals(zero, nan, kc.name);
      }
    }
  }

  @Test
  void resultsAreBitIdenticalAndIndependentOfTheOtherRows() {
    // the summation order of an output element depends only on the sizes: repeating a call gives the
    // same bits, and row i computed in a batch of 32 equals row i computed alone
    Random rng = new Random(11);
    for (int k : KN) {
      for (int n : KN) {
        int m = 32;
        double[] a = gaussian(rng, m * k, 0.0);
        double[] b = gaussian(rng, n * k, 0.0);
        double[] c1 = new double[m * n];
        double[] c2 = new double[m * n];
        Kernels.multTransB(m, k, n, a, b, c1);
        Kernels.multTransB(m, k, n, a, b, c2);
        assertArrayEquals(c1, c2);
        double[] row = new double[n];
        for (int i = 0; i < m; i++) {
          Kernels.multTransB(1, k, n, Arrays.copyOfRange(a, i * k, i * k + k), b, row);
          assertArrayEquals(Arrays.copyOfRange(c1, i * n, i * n + n), row, "row " + i);
        }
        // c += a·b (b is k×n here) row by row
        double[] bkn = gaussian(rng, k * n, 0.0);
        double[] d1 = gaussian(rng, m * n, 0.0);
        double[] d2 = d1.clone();
        Kernels.multAdd(m, k, n, a, bkn, d1);
        for (int i = 0; i < m; i++) {
          double[] r = Arrays.copyOfRange(d2, i * n, i * n + n);
          Kernels.multAdd(1, k, n, Arrays.copyOfRange(a, i * k, i * k + k), bkn, r);
          assertArrayEquals(Arrays.copyOfRange(d1, i * n, i * n + n), r, "multAdd row " + i);
        }
      }
    }
  }

  @Test
  void summationOrderIsTheDocumentedOneBitForBit() {
    // the "Deterministic" paragraph of Kernels, as scalar loops: multTransB sums LANES lane-wise
    // fused partial sums over the full vectors of p, adds the lanes in order from 0.0, then the
    // tail p >= loopBound(k) unfused; multAdd and multAddTransA accumulate every term in
    // increasing p onto c, fused for j < loopBound(n), unfused beyond (dense inputs: no term is
    // skipped). Any blocking or packing of the kernels must keep these bits.
    int lanes = DoubleVector.SPECIES_PREFERRED.length();
    Random rng = new Random(5);
    for (int m : new int[] {1, 2, 5, 6, 7, 12, 32}) {
      for (int k : new int[] {1, 7, 8, 9, 33, 64, 65, 130}) {
        for (int n : new int[] {1, 7, 8, 9, 33, 64, 65, 130}) {
          double[] a = gaussian(rng, m * k, 0.0);
          double[] bt = gaussian(rng, n * k, 0.0);
          double[] c0 = gaussian(rng, m * n, 0.0);
          double[] dot = new double[m * n];
          Kernels.multTransB(m, k, n, a, bt, dot);
          double[] dotAdd = c0.clone();
          Kernels.multAddTransB(m, k, n, a, bt, dotAdd);
          int kv = k - k % lanes;
          for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
              double[] part = new double[lanes];
              for (int p = 0; p < kv; p++) {
                part[p % lanes] = Math.fma(a[i * k + p], bt[j * k + p], part[p % lanes]);
              }
              double r = 0.0;
              for (double x : part) {
                r += x;
              }
              for (int p = kv; p < k; p++) {
                r += a[i * k + p] * bt[j * k + p];
              }
              String at = "multTransB m=" + m + " k=" + k + " n=" + n + " at " + i + "," + j;
              assertEquals(r, dot[i * n + j], at);
              assertEquals(c0[i * n + j] + r, dotAdd[i * n + j], "multAdd" + at.substring(4));
            }
          }
          // multAdd: c[m×n] += a[m×k] b[k×n]; multAddTransA: c[m×n] += at[k×m]ᵀ b[k×n]
          double[] b = gaussian(rng, k * n, 0.0);
          double[] at = new double[k * m];
          for (int i = 0; i < m; i++) {
            for (int p = 0; p < k; p++) {
              at[p * m + i] = a[i * k + p];
            }
          }
          double[] sum = c0.clone();
          Kernels.multAdd(m, k, n, a, b, sum);
          double[] sumTransA = c0.clone();
          Kernels.multAddTransA(k, m, n, at, b, sumTransA);
          int nv = n - n % lanes;
          for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
              double s = c0[i * n + j];
              for (int p = 0; p < k; p++) {
                double x = a[i * k + p];
                s = j < nv ? Math.fma(x, b[p * n + j], s) : s + x * b[p * n + j];
              }
              String where = " m=" + m + " k=" + k + " n=" + n + " at " + i + "," + j;
              assertEquals(s, sum[i * n + j], "multAdd" + where);
              assertEquals(s, sumTransA[i * n + j], "multAddTransA" + where);
            }
          }
        }
      }
    }
  }

  private static void check(Case kc, int m, int k, int n, Random rng, double zeros) {
    double[] a = gaussian(rng, m * k, zeros);
    double[] b = gaussian(rng, k * n, 0.0);
    double[] c0 = gaussian(rng, m * n, 0.0); // ignored by the overwriting kernel
    double[] expected = c0.clone();
    double[] actual = c0.clone();
    kc.plain.apply(m, k, n, a, b, expected);
    kc.vector.apply(m, k, n, a, b, actual);
    double[] bound = absoluteBound(kc, m, k, n, a, b, c0);
    for (int i = 0; i < expected.length; i++) {
      double err = Math.abs(expected[i] - actual[i]);
      int idx = i;
      assertTrue(
          err <= TOL * bound[i],
          () ->
              String.format(
                  "%s m=%d k=%d n=%d zeros=%.1f element %d: plain %.17g, vector %.17g",
                  kc.name, m, k, n, zeros, idx, expected[idx], actual[idx]));
    }
  }

  /** Per element: Σ_p |a||b| (+ |c0| for add variants), computed by the plain kernel on |a|, |b|. */
  private static double[] absoluteBound(
      Case kc, int m, int k, int n, double[] a, double[] b, double[] c0) {
    double[] absA = new double[a.length];
    double[] absB = new double[b.length];
    for (int i = 0; i < a.length; i++) {
      absA[i] = Math.abs(a[i]);
    }
    for (int i = 0; i < b.length; i++) {
      absB[i] = Math.abs(b[i]);
    }
    double[] bound = new double[m * n];
    if (kc.add) {
      for (int i = 0; i < bound.length; i++) {
        bound[i] = Math.abs(c0[i]);
      }
    }
    kc.plain.apply(m, k, n, absA, absB, bound);
    return bound;
  }

  private static double[] gaussian(Random rng, int len, double zeros) {
    double[] x = new double[len];
    for (int i = 0; i < len; i++) {
      x[i] = rng.nextDouble() < zeros ? 0.0 : rng.nextGaussian();
    }
    return x;
  }
}
