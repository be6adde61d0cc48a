package org.bpttlab.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Products#FLOAT32} against the plain double loops, within float's rounding bound, and its
 * determinism: the same bits on every call, and a row of the output the same whichever rows it is
 * computed with (the sizes cover the register tiles, the strips, the 6- and 4-row blocks, the sum
 * blocks of 64 and every tail; the build runs this class with the narrow tiles too).
 */
class SingleKernelsTest {
  private static final int[] KN = {1, 3, 9, 16, 17, 33, 64, 65, 130};
  private static final int[] M = {1, 3, 4, 5, 13, 32};
  /** Float's unit roundoff, 2^-24. */
  private static final double U = 0x1p-24;

  private interface Kernel {
    void apply(int m, int k, int n, double[] a, double[] b, double[] c);
  }

  /**
   * c[m×n] (+)= f(a, b); a and b in their own layouts; |a|·|b| in the same layout gives the bound's
   * Σ|terms|.
   */
  private record Case(String name, Kernel single, Kernel plain, boolean add) {}

  private static final Case[] CASES = {
    new Case("multTransB", Products.FLOAT32::multTransB, PlainKernels::multTransB, false),
    new Case("multAddTransB", Products.FLOAT32::multAddTransB, PlainKernels::multAddTransB, true),
    new Case("multAdd", Products.FLOAT32::multAdd, PlainKernels::multAdd, true),
    new Case(
        "multAddTransA",
        (m, k, n, a, b, c) -> Products.FLOAT32.multAddTransA(k, m, n, a, b, c),
        (m, k, n, a, b, c) -> PlainKernels.multAddTransA(k, m, n, a, b, c),
        true),
    // b as a weight matrix: its rounded forms, built once and kept
    new Case(
        "multTransB(W)",
        (m, k, n, a, b, c) -> Products.FLOAT32.multTransB(m, k, n, a, new WeightMatrix(b, n, k), c),
        PlainKernels::multTransB,
        false),
    new Case(
        "multAddTransB(W)",
        (m, k, n, a, b, c) ->
            Products.FLOAT32.multAddTransB(m, k, n, a, new WeightMatrix(b, n, k), c),
        PlainKernels::multAddTransB,
        true),
    new Case(
        "multAdd(W)",
        (m, k, n, a, b, c) -> Products.FLOAT32.multAdd(m, k, n, a, new WeightMatrix(b, k, n), c),
        PlainKernels::multAdd,
        true),
  };

  @Test
  void everyProductIsWithinFloatRoundingOfTheDoubleOneAndIsNotTheDoubleOne() {
    Random rng = new Random(20261203);
    int differing = 0;
    int elements = 0;
    for (Case kc : CASES) {
      for (int m : M) {
        for (int k : KN) {
          for (int n : KN) {
            for (double zeros : new double[] {0.0, 0.7}) {
              differing += check(kc, m, k, n, rng, zeros);
              elements += m * n;
            }
          }
        }
      }
    }
    // the products are float: most elements differ from the double ones in their last bits
    assertTrue(differing > elements / 2, differing + " of " + elements + " differ");
  }

  /** Checks |single − plain| ≤ (k + 2)·u·Σ_p|a||b| elementwise; returns how many differ at all. */
  private static int check(Case kc, int m, int k, int n, Random rng, double zeros) {
    double[] a = gaussian(rng, m * k, zeros);
    double[] b = gaussian(rng, k * n, 0.0);
    double[] c0 = kc.add ? gaussian(rng, m * n, 0.0) : new double[m * n];
    double[] single = applied(kc.single, m, k, n, a, b, c0);
    double[] plain = applied(kc.plain, m, k, n, a, b, c0);
    double[] sumOfAbs = applied(kc.plain, m, k, n, abs(a), abs(b), new double[m * n]);
    int differ = 0;
    for (int i = 0; i < m * n; i++) {
      double bound = (k + 2) * U * sumOfAbs[i] + 1e-15 * Math.abs(c0[i]);
      String where = kc.name + " m=" + m + " k=" + k + " n=" + n + " zeros=" + zeros + " at " + i;
      assertEquals(plain[i], single[i], bound, where);
      if (single[i] != plain[i]) {
        differ++;
      }
    }
    return differ;
  }

  @Test
  void resultsAreBitIdenticalAndIndependentOfTheOtherRows() {
    Random rng = new Random(12);
    for (Case kc : CASES) {
      for (int k : KN) {
        for (int n : new int[] {1, 17, 32, 48, 64, 130}) {
          int m = 32;
          double[] a = gaussian(rng, m * k, 0.3);
          double[] b = gaussian(rng, k * n, 0.0);
          double[] c0 = kc.add ? gaussian(rng, m * n, 0.0) : new double[m * n];
          double[] c1 = applied(kc.single, m, k, n, a, b, c0);
          double[] c2 = applied(kc.single, m, k, n, a, b, c0);
          assertArrayEquals(c1, c2, kc.name + ": the same bits on a second call");
          for (int i = 0; i < m; i++) {
            double[] ai = row(kc, a, m, k, i);
            double[] ci = Arrays.copyOfRange(c0, i * n, i * n + n);
            kc.single.apply(1, k, n, ai, b, ci);
            assertArrayEquals(Arrays.copyOfRange(c1, i * n, i * n + n), ci,
                kc.name + " k=" + k + " n=" + n + ": row " + i + " alone");
          }
        }
      }
    }
  }

  /** Row i of a as a one-row operand in the case's layout (multAddTransA's a is k×m). */
  private static double[] row(Case kc, double[] a, int m, int k, int i) {
    if (kc.name.equals("multAddTransA")) {
      double[] r = new double[k];
      for (int p = 0; p < k; p++) {
        r[p] = a[p * m + i];
      }
      return r;
    }
    return Arrays.copyOfRange(a, i * k, i * k + k);
  }

  @Test
  void aWeightMatrixIsRoundedOnceAndAgainAfterEachModification() {
    Random rng = new Random(31);
    int m = 8;
    int k = 70;
    int n = 40;
    double[] a = gaussian(rng, m * k, 0.2);
    double[] w = gaussian(rng, n * k, 0.0);
    WeightMatrix matrix = new WeightMatrix(w, n, k);
    double[] first = new double[m * n];
    Products.FLOAT32.multTransB(m, k, n, a, matrix, first);
    // the same matrix, unmodified: the kept forms, the same bits as a fresh matrix's
    double[] kept = new double[m * n];
    Products.FLOAT32.multTransB(m, k, n, a, matrix, kept);
    assertArrayEquals(first, kept);
    for (int i = 0; i < w.length; i++) {
      w[i] *= -2;
    }
    matrix.modified();
    double[] after = new double[m * n];
    Products.FLOAT32.multTransB(m, k, n, a, matrix, after);
    double[] fresh = new double[m * n];
    Products.FLOAT32.multTransB(m, k, n, a, new WeightMatrix(w.clone(), n, k), fresh);
    assertArrayEquals(fresh, after, "rebuilt after modified()");
    double[] sum = new double[m * k];
    Products.FLOAT32.multAdd(m, n, k, after, matrix, sum);
    double[] freshSum = new double[m * k];
    Products.FLOAT32.multAdd(m, n, k, after, new WeightMatrix(w.clone(), n, k), freshSum);
    assertArrayEquals(freshSum, sum, "the rounded form, built after the modification");
    for (int i = 0; i < first.length; i++) {
      assertEquals(-2 * first[i], after[i], 1e-4 * (1 + Math.abs(first[i])), "at " + i);
    }
  }

  @Test
  void float64WithAWeightMatrixIsKernelsBitForBit() {
    Random rng = new Random(32);
    for (int[] s : new int[][] {{1, 33, 17}, {32, 64, 65}, {5, 130, 9}}) {
      int m = s[0];
      int k = s[1];
      int n = s[2];
      double[] a = gaussian(rng, m * k, 0.3);
      double[] w = gaussian(rng, n * k, 0.0);
      double[] viaMatrix = gaussian(rng, m * n, 0.0);
      double[] direct = viaMatrix.clone();
      Products.FLOAT64.multAddTransB(m, k, n, a, new WeightMatrix(w, n, k), viaMatrix);
      Kernels.multAddTransB(m, k, n, a, w, direct);
      assertArrayEquals(direct, viaMatrix);
      Products.FLOAT64.multTransB(m, k, n, a, new WeightMatrix(w, n, k), viaMatrix);
      Kernels.multTransB(m, k, n, a, w, direct);
      assertArrayEquals(direct, viaMatrix);
      double[] back = new double[m * k];
      double[] backDirect = new double[m * k];
      Products.FLOAT64.multAdd(m, n, k, direct, new WeightMatrix(w, n, k), back);
      Kernels.multAdd(m, n, k, direct, w, backDirect);
      assertArrayEquals(backDirect, back);
    }
  }

  @Test
  void multTransBOverwritesWhatever() {
    Random rng = new Random(5);
    double[] a = gaussian(rng, 5 * 33, 0.0);
    double[] b = gaussian(rng, 17 * 33, 0.0);
    double[] clean = new double[5 * 17];
    Products.FLOAT32.multTransB(5, 33, 17, a, b, clean);
    double[] nan = new double[5 * 17];
    Arrays.fill(nan, Double.NaN);
    Products.FLOAT32.multTransB(5, 33, 17, a, b, nan);
    assertArrayEquals(clean, nan);
    double[] cleanW = new double[5 * 17];
    Products.FLOAT32.multTransB(5, 33, 17, a, new WeightMatrix(b, 17, 33), cleanW);
    Arrays.fill(nan, Double.NaN);
    Products.FLOAT32.multTransB(5, 33, 17, a, new WeightMatrix(b, 17, 33), nan);
    assertArrayEquals(cleanW, nan);
  }

  @Test
  void roundingToFloatIsJavasCastIncludingTheSignOfZero() {
    double[] x = new double[53];
    Random rng = new Random(9);
    for (int i = 0; i < x.length; i++) {
      x[i] = rng.nextGaussian() * Math.pow(10, rng.nextInt(20) - 10);
    }
    x[3] = -0.0;
    x[20] = 1e300;
    x[21] = 1e-300;
    x[22] = Double.NaN;
    float[] y = new float[x.length];
    SingleKernels.toFloat(x, x.length, y);
    for (int i = 0; i < x.length; i++) {
      assertEquals(Float.floatToRawIntBits((float) x[i]), Float.floatToRawIntBits(y[i]), "at " + i);
    }
  }

  @Test
  void configNamesRoundTripAndABadOneNamesTheAllowed() {
    for (Products p : Products.values()) {
      assertEquals(p, Products.ofConfigName(p.configName()));
    }
    assertEquals("float32", Products.FLOAT32.configName());
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> Products.ofConfigName("half"));
    assertTrue(e.getMessage().contains("float64 or float32"), e.getMessage());
  }

  /** A copy of c0 after f(m, k, n, a, b, copy). */
  private static double[] applied(
      Kernel f, int m, int k, int n, double[] a, double[] b, double[] c0) {
    double[] c = c0.clone();
    f.apply(m, k, n, a, b, c);
    return c;
  }

  private static double[] abs(double[] x) {
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = Math.abs(x[i]);
    }
    return y;
  }

  private static double[] gaussian(Random rng, int len, double zeros) {
    double[] x = new double[len];
    for (int i = 0; i < len; i++) {
      x[i] = rng.nextDouble() < zeros ? 0.0 : rng.nextGaussian();
    }
    return x;
  }
}
