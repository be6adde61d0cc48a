package org.bpttlab.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * Products split over threads give the bits of the whole product: each arithmetic's forms for a
 * part of c (every row range from a multiple of 4, column ranges from multiples of
 * Kernels.PART_COLUMNS) against the whole product, then {@link Products#on} a team of 2 and of 3
 * against one thread (sizes above the split threshold, with the strips' 6- and 4-row
 * blocks, the sum blocks and the tails, and a with the zeros of spikes); a helper's failure reaches
 * the caller, a closed team still computes, and two threads sharing one team get their own
 * products right.
 */
class ProductTeamTest {
  private interface Product {
    void apply(MatrixProducts p, int m, int k, int n, double[] a, double[] b, double[] c);
  }

  /** The five row forms, as the products of MatrixProducts name them. */
  private record Form(String name, Product whole, boolean weights, boolean transposedB,
      boolean transposedA) {}

  private static final Form[] FORMS = {
    new Form("multTransB", MatrixProducts::multTransB, false, true, false),
    new Form("multAddTransB", MatrixProducts::multAddTransB, false, true, false),
    new Form("multAdd", MatrixProducts::multAdd, false, false, false),
    new Form("multAddTransA",
        (p, m, k, n, a, b, c) -> p.multAddTransA(k, m, n, a, b, c), false, false, true),
    new Form("multTransB(W)",
        (p, m, k, n, a, b, c) -> p.multTransB(m, k, n, a, new WeightMatrix(b, n, k), c),
        true, true, false),
    new Form("multAddTransB(W)",
        (p, m, k, n, a, b, c) -> p.multAddTransB(m, k, n, a, new WeightMatrix(b, n, k), c),
        true, true, false),
    new Form("multAdd(W)",
        (p, m, k, n, a, b, c) -> p.multAdd(m, k, n, a, new WeightMatrix(b, k, n), c),
        true, false, false),
  };

  /**
   * m × k × n above SplitProducts.MIN_FLOPS, cut into columns (m &lt; n) or rows: 6- and 4-row
   * blocks, tails, one and two sum blocks.
   */
  private static final int[][] SHAPES = {
    {8, 128, 128}, {16, 130, 129}, {32, 64, 512}, {37, 200, 40}, {13, 300, 77}, {64, 33, 130},
    {130, 129, 17}, {1, 512, 600}, {3, 300, 200}, {200, 40, 130},
  };

  private static double[] random(Random rng, int len, boolean spikes) {
    double[] x = new double[len];
    for (int i = 0; i < len; i++) {
      x[i] = spikes ? (rng.nextDouble() < 0.1 ? 1.0 : 0.0) : rng.nextGaussian();
    }
    return x;
  }

  /** The form of {@code f} for rows from..to, columns c0..c1, called as Products' own do. */
  private static void part(Products p, Form f, int from, int to, int c0, int c1, int m, int k,
      int n, double[] a, double[] b, double[] c) {
    switch (f.name()) {
      case "multTransB" -> p.transB(from, to, c0, c1, k, n, a, b, c, false);
      case "multAddTransB" -> p.transB(from, to, c0, c1, k, n, a, b, c, true);
      case "multAdd" -> p.add(from, to, c0, c1, k, n, a, b, c);
      case "multAddTransA" -> p.transA(from, to, c0, c1, k, m, n, a, b, c);
      case "multTransB(W)" ->
          p.transB(from, to, c0, c1, k, n, a, new WeightMatrix(b, n, k), c, false);
      case "multAddTransB(W)" ->
          p.transB(from, to, c0, c1, k, n, a, new WeightMatrix(b, n, k), c, true);
      case "multAdd(W)" -> p.add(from, to, c0, c1, k, n, a, new WeightMatrix(b, k, n), c);
      default -> throw new AssertionError(f.name());
    }
  }

  @Test
  void partFormsGiveTheBitsOfTheWholeProduct() {
    Random rng = new Random(7);
    // m, k, n: 6- and 4-row blocks and single rows; k below FEW_TERMS, one and two sum blocks;
    // n up to three column parts of 64 with a tail
    int[][] shapes = {{5, 17, 33}, {13, 70, 65}, {24, 129, 40}, {7, 9, 16}, {10, 140, 150},
        {4, 5, 200}};
    for (Products p : Products.values()) {
      for (Form f : FORMS) {
        for (int[] s : shapes) {
          int m = s[0];
          int k = s[1];
          int n = s[2];
          for (boolean spikes : new boolean[] {false, true}) {
            double[] a = random(rng, m * k, spikes);
            double[] b = random(rng, n * k, false);
            double[] c0 = random(rng, m * n, false);
            double[] whole = c0.clone();
            f.whole().apply(p, m, k, n, a, b, whole);
            for (int from = 0; from < m; from += 4) {
              for (int to = from + 1; to <= m; to++) {
                for (int j0 = 0; j0 < n; j0 += Kernels.PART_COLUMNS) {
                  for (int j1 : new int[] {Math.min(n, j0 + Kernels.PART_COLUMNS), n}) {
                    double[] got = c0.clone();
                    part(p, f, from, to, j0, j1, m, k, n, a, b, got);
                    double[] expected = c0.clone();
                    for (int i = from; i < to; i++) {
                      System.arraycopy(whole, i * n + j0, expected, i * n + j0, j1 - j0);
                    }
                    assertArrayEquals(expected, got, 0.0, p + " " + f.name() + " " + m + "x" + k
                        + "x" + n + " rows " + from + ".." + to + " columns " + j0 + ".." + j1);
                  }
                }
              }
            }
          }
        }
      }
    }
  }

  @Test
  void aTeamGivesTheBitsOfOneThread() {
    Random rng = new Random(11);
    for (int threads : new int[] {2, 3}) {
      try (ProductTeam team = new ProductTeam(threads)) {
        for (Products p : Products.values()) {
          MatrixProducts split = p.on(team);
          assertEquals(p, split.arithmetic());
          for (Form f : FORMS) {
            for (int[] s : SHAPES) {
              int m = s[0];
              int k = s[1];
              int n = s[2];
              double[] a = random(rng, m * k, f.name().startsWith("multAddTransA"));
              double[] b = random(rng, n * k, false);
              double[] c0 = random(rng, m * n, false);
              double[] one = c0.clone();
              double[] many = c0.clone();
              f.whole().apply(p, m, k, n, a, b, one);
              f.whole().apply(split, m, k, n, a, b, many);
              assertArrayEquals(one, many, 0.0,
                  () -> threads + " threads, " + p + " " + f.name() + " " + m + "x" + k + "x" + n);
            }
          }
        }
      }
    }
  }

  @Test
  void oneThreadIsTheArithmeticItself() {
    assertEquals(Products.FLOAT64, Products.FLOAT64.on(ProductTeam.solo()));
    assertEquals(1, ProductTeam.solo().threads());
    assertThrows(IllegalArgumentException.class, () -> new ProductTeam(0));
  }

  @Test
  void aHelpersFailureReachesTheCallerAndTheTeamGoesOn() {
    try (ProductTeam team = new ProductTeam(2)) {
      MatrixProducts split = Products.FLOAT64.on(team);
      int m = 32;
      int k = 128;
      int n = 128;
      double[] a = new double[m * k];
      double[] b = new double[n * k];
      // cut into columns (m < n): c too short for the helper's (64..128 of the last row) only
      double[] shortC = new double[(m - 1) * n + 64];
      assertThrows(ArrayIndexOutOfBoundsException.class,
          () -> split.multTransB(m, k, n, a, b, shortC));
      assertSameAsOneThread(Products.FLOAT64, split, new Random(3), m, k, n);
    }
  }

  /** multTransB on random operands: {@code split} gives the bits of {@code p}. */
  private static void assertSameAsOneThread(Products p, MatrixProducts split, Random rng, int m,
      int k, int n) {
    double[] a = random(rng, m * k, false);
    double[] b = random(rng, n * k, false);
    double[] one = new double[m * n];
    double[] two = new double[m * n];
    p.multTransB(m, k, n, a, b, one);
    split.multTransB(m, k, n, a, b, two);
    assertArrayEquals(one, two, 0.0);
  }

  /**
   * A thread lent to a team of one ({@link ProductTeam#help}) computes parts from the next product
   * on, to the same bits; closing the team sends it back, with its interrupt kept; a closed team and
   * the solo team send a lent thread back at once; a second close does nothing.
   */
  @Test
  void aLentThreadHelpsUntilTheTeamIsClosed() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      ProductTeam team = new ProductTeam(1);
      MatrixProducts split = Products.FLOAT64.on(team);
      assertSameAsOneThread(Products.FLOAT64, split, new Random(7), 32, 128, 256);
      Future<Boolean> lent = pool.submit(() -> {
        Thread.currentThread().interrupt();
        team.help();
        return Thread.interrupted();
      });
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (team.threads() == 1 && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertEquals(2, team.threads(), "the lent thread joined");
      // cut into columns over two threads now: 0..128 here, 128..256 on the lent thread
      for (int r = 0; r < 20; r++) {
        assertSameAsOneThread(Products.FLOAT64, split, new Random(8 + r), 32, 128, 256);
        assertSameAsOneThread(Products.FLOAT64, split, new Random(8 + r), 256, 32, 128);
      }
      team.close();
      assertTrue(lent.get(10, TimeUnit.SECONDS), "back, and still interrupted");
      assertTrue(team.isClosed());
      team.close();
      assertSameAsOneThread(Products.FLOAT64, split, new Random(30), 32, 128, 256);
      team.help();
      ProductTeam.solo().help();
      ProductTeam.solo().close();
      assertFalse(ProductTeam.solo().isClosed());
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Products spaced by pauses around the helpers' spin time, so that a helper is often parked or
   * waking when the next product comes: the caller then takes the helper's part, and the helper,
   * late, leaves it alone. Every product keeps the bits of one thread, with the team's own helper
   * and with a lent one. (That a helper late by whole products leaves all of them alone, claims
   * only rising, is argued in {@code ProductTeam}: no test here can make the thread stall between
   * reading the generation and claiming it.)
   */
  @Test
  void partsTakenFromSleepingHelpersAreComputedOnce() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (ProductTeam own = new ProductTeam(2); ProductTeam lentTo = new ProductTeam(1)) {
      Future<?> lent = pool.submit(lentTo::help);
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (lentTo.threads() == 1 && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertEquals(2, lentTo.threads());
      Random pauses = new Random(11);
      for (ProductTeam team : new ProductTeam[] {own, lentTo}) {
        MatrixProducts split = Products.FLOAT64.on(team);
        for (int r = 0; r < 300; r++) {
          LockSupport.parkNanos(pauses.nextInt(2 * (int) ProductTeam.SPIN_NANOS));
          assertSameAsOneThread(Products.FLOAT64, split, new Random(r), 8, 64, 256);
        }
      }
      lentTo.close();
      lent.get(10, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
  }

  /** A part failing on a lent thread reaches the caller, and the team goes on with it. */
  @Test
  void aLentThreadsFailureReachesTheCaller() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (ProductTeam team = new ProductTeam(1)) {
      MatrixProducts split = Products.FLOAT64.on(team);
      Future<?> lent = pool.submit(team::help);
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (team.threads() == 1 && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertEquals(2, team.threads());
      int m = 32;
      int k = 128;
      int n = 128;
      double[] shortC = new double[(m - 1) * n + 64];
      assertThrows(ArrayIndexOutOfBoundsException.class,
          () -> split.multTransB(m, k, n, new double[m * k], new double[n * k], shortC));
      assertSameAsOneThread(Products.FLOAT64, split, new Random(9), m, k, n);
      team.close();
      lent.get(10, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aClosedTeamComputesOnTheCaller() {
    ProductTeam team = new ProductTeam(2);
    MatrixProducts split = Products.FLOAT32.on(team);
    team.close();
    assertSameAsOneThread(Products.FLOAT32, split, new Random(5), 24, 100, 130);
  }

  @Test
  void twoThreadsSharingATeamEachGetTheirOwnProduct() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (ProductTeam team = new ProductTeam(2)) {
      MatrixProducts split = Products.FLOAT64.on(team);
      int m = 16;
      int k = 96;
      int n = 96;
      Future<?>[] done = new Future<?>[2];
      for (int w = 0; w < 2; w++) {
        long seed = 100 + w;
        done[w] = pool.submit(() -> {
          Random rng = new Random(seed);
          for (int rep = 0; rep < 300; rep++) {
            assertSameAsOneThread(Products.FLOAT64, split, rng, m, k, n);
          }
          return null;
        });
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
