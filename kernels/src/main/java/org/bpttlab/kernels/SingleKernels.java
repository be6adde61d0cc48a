package org.bpttlab.kernels;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Kernels}' four products in single precision ({@link Products#FLOAT32}), each for a part
 * of c (rows from..to, columns c0..c1; the whole product is the part 0..m, 0..n): the operands are
 * rounded to float, the products and sums are float (fused multiply-adds, twice the lanes of a
 * double vector), and what is summed is added to the double output. For multTransB with a plain b
 * each output element is one float sum over all k terms (lane-wise partial sums over full vectors,
 * reduced, then the tail in order); for multAdd and multAddTransA ({@link #sumOfRankOne}) each
 * element sums its terms in increasing p in float from zero over blocks of {@link #SUM_BLOCK} terms, and
 * each block's sum is added to the double c, so the rounding error of a long sum grows with
 * SUM_BLOCK, not with k. The register tiles, the packed panels and the narrow tiles on 16 vector
 * registers are {@link Kernels}'; every element, in a tile or not, is summed the same way, so a row
 * of the output does not depend on the other rows or on the sizes beyond its own sum, and equal
 * inputs give bit-identical outputs (deterministic, as {@link Kernels}).
 *
 * <p>Given a plain double b, each call rounds it to float as it goes (multTransB while it
 * interleaves b's rows into its panels, multAdd and multAddTransA a block of SUM_BLOCK rows of b at
 * a time into per-thread scratch): a pass over b that makes a single row (batch 1) slower than the
 * double kernels. The cells pass their weights as a {@link WeightMatrix} instead, whose rounded
 * forms (W, and Wᵀ for the forward product, which then sums as multAdd does) are built once per
 * modification of the weights (docs/performance.md, "float32 products").
 */
final class SingleKernels {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int LANES = SPECIES.length();
  /** Doubles of the same width: a float vector widens into two of them. */
  private static final VectorSpecies<Double> WIDE =
      DoubleVector.SPECIES_PREFERRED.vectorShape() == SPECIES.vectorShape()
          ? DoubleVector.SPECIES_PREFERRED
          : VectorSpecies.of(double.class, VectorShape.forBitSize(SPECIES.vectorBitSize()));
  private static final int HALF = LANES / 2;
  /** The upper half of a float vector's lanes. */
  private static final VectorMask<Float> UPPER =
      VectorMask.fromLong(SPECIES, ((1L << LANES) - 1) & ~((1L << HALF) - 1));
  private static final int STRIP = Kernels.NARROW ? 2 : 4;
  private static final int COLS = Kernels.NARROW ? 2 : 4;
  private static final int STRIP_WIDTH = STRIP * LANES;
  /**
   * Terms summed in float before they are added to the double output (multAdd, multAddTransA): each
   * block's sums are widened and added to c, which costs a strip about a seventh of its 64 terms'
   * fused multiply-adds; at 256 terms a strip's rows of b (64 KB at 4 vectors) no longer stay in the
   * L1 cache (docs/performance.md, "float32 products").
   */
  static final int SUM_BLOCK = 128;

  /**
   * The row stride of a rounded b of {@code cols} columns: cols, plus a cache line when cols is a
   * multiple of 16 (64 bytes), so that a block of b's rows does not fall into the few cache sets that
   * a power-of-two stride maps them to (its gain at n = 512 was within this machine's noise).
   */
  static int paddedWidth(int cols) {
    return cols % 16 == 0 ? cols + 16 : cols;
  }

  private SingleKernels() {}

  /**
   * Rows from..to, columns c0..c1 of {@code c (=|+=) a · Wᵀ} with W's rounded transpose (k×n, rows
   * {@link #paddedWidth} apart, {@link WeightMatrix#roundedTransposed}): summed as multAdd is, in
   * blocks of SUM_BLOCK terms ({@link #sumOfRankOne}), not as the plain-b multTransB's one sum per
   * element; no lane reductions, and a term whose entries of a are zero in all rows of a block (a
   * spike that no sequence of the block had) is skipped.
   */
  static void multTransB(int from, int to, int c0, int c1, int k, int n, double[] a,
      float[] transposed, double[] c, boolean add) {
    if (!add) {
      for (int i = from; i < to; i++) {
        Arrays.fill(c, i * n + c0, i * n + c1, 0.0);
      }
    }
    sumOfRankOne(from, to, c0, c1, k, n, a, k, 1, null, transposed, c);
  }

  /**
   * Rows from..to, columns c0..c1 of c (=|+=) a · bᵀ: tiles of 4 rows of a × COLS rows of b on
   * interleaved panels (b's rows rounded as they are interleaved), the rows and columns past the
   * tiles one element at a time ({@link #dot}). An element's sum is the same whichever part is
   * asked for as long as {@code from} is a multiple of 4 and c0 of Kernels.PART_COLUMNS.
   */
  static void multTransB(int from, int to, int c0, int c1, int k, int n, double[] a, double[] b,
      double[] c, boolean add) {
    int m = to - from;
    int kv = SPECIES.loopBound(k);
    int mb = from + (m - m % 4);
    int nb = c1 - (c1 - c0) % COLS;
    if (mb == from || nb == c0 || kv == 0) {
      mb = from;
      nb = c0;
    }
    // the rows of b that dot() reads, rounded: all of the part's for rows of a past the tiles, else
    // those past nb (bf holds rows b0..c1 of b)
    int b0 = mb == to ? nb : c0;
    Scratch s = SCRATCH.get().fitTransB(to * k, (c1 - b0) * k);
    float[] af = s.a;
    float[] bf = s.b;
    toFloat(a, from * k, m * k, af, from * k);
    toFloat(b, b0 * k, (c1 - b0) * k, bf);
    if (mb > from) {
      s.fitPanels((mb - from) * kv, 4 * kv);
      float[] rowsOfA = s.rowsOfA;
      float[] rowsOfB = s.rowsOfB;
      float[] sums = s.sums;
      for (int i = from; i < mb; i += 4) {
        FloatTiles.interleave(af, i, 4, k, kv, rowsOfA, (i - from) * kv);
      }
      for (int j = c0; j < nb; j += COLS) {
        interleaveRounded(b, j, COLS, k, kv, rowsOfB);
        for (int i = from; i < mb; i += 4) {
          if (Kernels.NARROW) {
            FloatTiles.tileTransB4x2(4 * kv, rowsOfA, (i - from) * kv, rowsOfB, sums);
          } else {
            FloatTiles.tileTransB4x4(4 * kv, rowsOfA, (i - from) * kv, rowsOfB, sums);
          }
          storeTile(k, kv, n, a, i, b, j, c, add, sums);
        }
      }
    }
    for (int i = from; i < to; i++) {
      for (int j = i < mb ? nb : c0; j < c1; j++) {
        dot(k, kv, n, af, i, a, bf, b0, b, j, c, add);
      }
    }
  }

  /**
   * c[i][j] (=|+=) a[i] · b[j] in float: lane-wise over full vectors, reduced, then the tail (b's
   * rows from b0 rounded in {@code bf}).
   */
  private static void dot(int k, int kv, int n, float[] af, int i, double[] a, float[] bf, int b0,
      double[] b, int j, double[] c, boolean add) {
    int ai = i * k;
    int bj = (j - b0) * k;
    FloatVector s = FloatVector.zero(SPECIES);
    for (int p = 0; p < kv; p += LANES) {
      s = FloatVector.fromArray(SPECIES, af, ai + p)
          .fma(FloatVector.fromArray(SPECIES, bf, bj + p), s);
    }
    store(k, kv, n, a, i, b, j, c, add, s.reduceLanes(VectorOperators.ADD));
  }

  /** c[i..i+4)[j..j+COLS) (=|+=) the tile's sums, each with its tail ({@link #store}). */
  private static void storeTile(int k, int kv, int n, double[] a, int i, double[] b, int j,
      double[] c, boolean add, float[] sums) {
    if (kv == k) {
      for (int r = 0; r < 4; r++) {
        int ci = (i + r) * n + j;
        for (int q = 0; q < COLS; q++) {
          float sum = sums[4 * r + q];
          c[ci + q] = add ? c[ci + q] + sum : sum;
        }
      }
      return;
    }
    for (int r = 0; r < 4; r++) {
      for (int q = 0; q < COLS; q++) {
        store(k, kv, n, a, i + r, b, j + q, c, add, sums[4 * r + q]);
      }
    }
  }

  /**
   * c[i][j] (=|+=) the reduced lanes {@code sum} plus the tail terms p ≥ kv in order, in float (the
   * tail's operands rounded here).
   */
  private static void store(int k, int kv, int n, double[] a, int i, double[] b, int j, double[] c,
      boolean add, float sum) {
    int ai = i * k;
    int bj = j * k;
    for (int p = kv; p < k; p++) {
      sum = Math.fma((float) a[ai + p], (float) b[bj + p], sum);
    }
    int ci = i * n + j;
    c[ci] = add ? c[ci] + sum : sum;
  }

  /**
   * Rows r0..r0+rows of the double x (k columns, rows = 2 or 4), their first kv columns rounded and
   * interleaved vector by vector into {@code to} from 0 (as FloatTiles.interleave).
   */
  private static void interleaveRounded(double[] x, int r0, int rows, int k, int kv, float[] to) {
    // row by row: one vector in flight (a helper returning the vector, called four times per
    // step, was not inlined, and C2 boxed its result)
    for (int r = 0; r < rows; r++) {
      int x0 = (r0 + r) * k;
      for (int p = 0; p < kv; p += LANES) {
        FloatVector lo = (FloatVector) DoubleVector.fromArray(WIDE, x, x0 + p)
            .convertShape(VectorOperators.D2F, SPECIES, 0);
        FloatVector hi = (FloatVector) DoubleVector.fromArray(WIDE, x, x0 + p + HALF)
            .convertShape(VectorOperators.D2F, SPECIES, -1);
        lo.blend(hi, UPPER).intoArray(to, rows * p + r * LANES);
      }
    }
  }

  /**
   * Rows from..to, columns c0..c1 (c0 a multiple of Kernels.PART_COLUMNS) of
   * c[i][j] += Σ_p A(i,p) b[p][j] with A(i,p) = a[i·rowStride + p·sumStride]: for
   * each block of SUM_BLOCK terms, blocks of 6 (or 4) rows whose strips of STRIP vectors are summed
   * in registers from zero ({@link #strip}), the columns past the strips and the rows past the
   * blocks one row at a time ({@link #row}), each block's sums then added to c. Short sums stream c
   * by row blocks, long ones (or a wide b) keep a block of rows of b in cache while the row blocks
   * of c pass. Which part is asked for changes no bit of an element (its float sums are over the
   * same blocks of terms in the same order), only the sign of a zero sum.
   */
  static void sumOfRankOne(int from, int to, int c0, int c1, int k, int n, double[] a,
      int rowStride, int sumStride, double[] b, float[] rounded, double[] c) {
    int m = to - from;
    int ld = paddedWidth(n);
    Scratch s = SCRATCH.get().fitSum(rounded != null ? 0 : Math.min(k, SUM_BLOCK) * ld);
    float[] bf = rounded != null ? rounded : s.b;
    int nv = c0 + SPECIES.loopBound(c1 - c0);
    int ns = nv - (nv - c0) % STRIP_WIDTH;
    int six = 6 * Kernels.sixBlocks(m);
    int mb = six + 4 * ((m - six) / 4);
    if (ns == c0) {
      mb = 0;
      six = 0;
    }
    s.fit(mb, Math.min(k, SUM_BLOCK));
    boolean rowsOuter = k <= SUM_BLOCK && (long) k * (c1 - c0) <= Kernels.WIDE_B;
    for (int p0 = 0; p0 < k; p0 += SUM_BLOCK) {
      int p1 = Math.min(k, p0 + SUM_BLOCK);
      // the block's rows of b, rounded, while they are used (in cache: 64 rows)
      int b0 = 0;
      if (rounded == null) {
        for (int p = p0; p < p1; p++) {
          toFloat(b, p * n + c0, c1 - c0, bf, (p - p0) * ld + c0);
        }
      } else {
        b0 = p0 * ld;
      }
      if (mb > 0) {
        s.pack(a, from, rowStride, sumStride, p0, p1, mb, six);
        if (rowsOuter) {
          for (int i = 0; i < mb; i += i < six ? 6 : 4) {
            for (int j = c0; j < ns; j += STRIP_WIDTH) {
              strip(i < six, s, i, from + i, n, ld, bf, b0, c, j);
            }
          }
        } else {
          for (int j = c0; j < ns; j += STRIP_WIDTH) {
            for (int i = 0; i < mb; i += i < six ? 6 : 4) {
              strip(i < six, s, i, from + i, n, ld, bf, b0, c, j);
            }
          }
        }
      }
      for (int i = 0; i < m; ) {
        // four rows at a time where they share their first column (the rows past the strips)
        int rows = i + 4 <= (i < mb ? mb : m) ? 4 : 1;
        row(p0, p1, i < mb ? ns : c0, n, nv, c1, a, from + i, rows, rowStride, sumStride, bf, b0,
            ld, c);
        i += rows;
      }
    }
  }

  /**
   * The strip of rows i.. and columns j..j+STRIP_WIDTH (the block's rows of b from b[b0], ld
   * apart): summed from zero, then added to c. The strip kernels take the first term out of the
   * loop, so that each accumulator starts as its own fma(a, b, 0), the same operation as in the
   * loop (no bit changes): started as copies of one zero vector, C2's register allocator, led by
   * each JVM's profile, failed in some JVMs to keep the 24 accumulators in their registers (copies
   * and stack spills inside the loop; docs/performance.md, "float32 products"). A block always has
   * a term (Scratch.pack keeps the last).
   */
  private static void strip(boolean six, Scratch s, int i, int row, int n, int ld, float[] b,
      int b0, double[] c, int j) {
    int at = i * s.width;
    int rows = six ? 6 : 4;
    if (six) {
      FloatTiles.strip6x4(s.count[i], s.value, s.term, at, ld, b, s.tile, b0 + j);
    } else if (Kernels.NARROW) {
      FloatTiles.strip4x2(s.count[i], s.value, s.term, at, ld, b, s.tile, b0 + j);
    } else {
      FloatTiles.strip4x4(s.count[i], s.value, s.term, at, ld, b, s.tile, b0 + j);
    }
    for (int r = 0; r < rows; r++) {
      int ci = (row + r) * n + j;
      for (int v = 0; v < STRIP_WIDTH; v += LANES) {
        addWidened(FloatVector.fromArray(SPECIES, s.tile, r * STRIP_WIDTH + v), c, ci + v);
      }
    }
  }

  /**
   * c[at..at+LANES) += x, widened to double. (Loading each half as a float vector of half the width
   * and widening that whole is not compiled to a conversion instruction on JDK 17: C2 leaves it to
   * the Vector API's Java fallback, which was 20 times slower per product.)
   */
  private static void addWidened(FloatVector x, double[] c, int at) {
    DoubleVector lo = (DoubleVector) x.convertShape(VectorOperators.F2D, WIDE, 0);
    DoubleVector hi = (DoubleVector) x.convertShape(VectorOperators.F2D, WIDE, 1);
    DoubleVector.fromArray(WIDE, c, at).add(lo).intoArray(c, at);
    DoubleVector.fromArray(WIDE, c, at + HALF).add(hi).intoArray(c, at + HALF);
  }

  /**
   * Rows i..i+rows of c (rows = 1 or 4), columns j0..c1, += Σ_{p0 ≤ p &lt; p1} A(i,p) b[p] (b: the
   * block's rows, rounded, row p0 from b[b0], rows ld apart): each vector of columns summed in
   * float from zero in increasing p (a zero term adds ±0: no branch around a vector), then added.
   * Each element is summed alone, so how many rows go together changes no bit: they only give the
   * fused multiply-adds independent chains (a single row, batch 1, or columns narrower than a
   * strip, such as the input weights' gradient, are otherwise bound by their latency).
   */
  private static void row(int p0, int p1, int j0, int n, int nv, int c1, double[] a, int i,
      int rows, int rowStride, int sumStride, float[] b, int b0, int ld, double[] c) {
    int jv = j0 + (nv - j0) / (4 * LANES) * (4 * LANES);
    for (int r = i; r < i + rows; r++) {
      fourVectors(p0, p1, j0, jv, n, a, r, rowStride, sumStride, b, b0, ld, c);
    }
    int j = jv;
    if (rows == 4) {
      for (; j + 2 * LANES <= nv; j += 2 * LANES) {
        fourRowsTwoVectors(p0, p1, j, n, a, i, rowStride, sumStride, b, b0, ld, c);
      }
      for (; j < nv; j += LANES) {
        fourRows(p0, p1, j, n, a, i, rowStride, sumStride, b, b0, ld, c);
      }
    }
    for (int r = i; r < i + rows; r++) {
      int a0 = r * rowStride;
      int ci = r * n;
      for (int v = j; v < nv; v += LANES) {
        FloatVector s = FloatVector.zero(SPECIES);
        for (int p = p0; p < p1; p++) {
          float x = (float) a[a0 + p * sumStride];
          s = FloatVector.broadcast(SPECIES, x)
              .fma(FloatVector.fromArray(SPECIES, b, b0 + (p - p0) * ld + v), s);
        }
        addWidened(s, c, ci + v);
      }
      for (int v = Math.max(j0, nv); v < c1; v++) {
        float s = 0f;
        for (int p = p0; p < p1; p++) {
          s = Math.fma((float) a[a0 + p * sumStride], b[b0 + (p - p0) * ld + v], s);
        }
        c[ci + v] += s;
      }
    }
  }

  /** Row r of c, columns j0..jv (a multiple of four vectors): four vectors at once. */
  private static void fourVectors(int p0, int p1, int j0, int jv, int n, double[] a, int r,
      int rowStride, int sumStride, float[] b, int b0, int ld, double[] c) {
    int a0 = r * rowStride;
    int ci = r * n;
    for (int j = j0; j < jv; j += 4 * LANES) {
      FloatVector s0 = FloatVector.zero(SPECIES);
      FloatVector s1 = s0;
      FloatVector s2 = s0;
      FloatVector s3 = s0;
      for (int p = p0; p < p1; p++) {
        FloatVector x = FloatVector.broadcast(SPECIES, (float) a[a0 + p * sumStride]);
        int bp = b0 + (p - p0) * ld + j;
        s0 = x.fma(FloatVector.fromArray(SPECIES, b, bp), s0);
        s1 = x.fma(FloatVector.fromArray(SPECIES, b, bp + LANES), s1);
        s2 = x.fma(FloatVector.fromArray(SPECIES, b, bp + 2 * LANES), s2);
        s3 = x.fma(FloatVector.fromArray(SPECIES, b, bp + 3 * LANES), s3);
      }
      addWidened(s0, c, ci + j);
      addWidened(s1, c, ci + j + LANES);
      addWidened(s2, c, ci + j + 2 * LANES);
      addWidened(s3, c, ci + j + 3 * LANES);
    }
  }

  /** Rows i..i+4 of c, the two vectors of columns at j: eight chains, each entry of a rounded once. */
  private static void fourRowsTwoVectors(int p0, int p1, int j, int n, double[] a, int i,
      int rowStride, int sumStride, float[] b, int b0, int ld, double[] c) {
    int a0 = i * rowStride;
    FloatVector s0 = FloatVector.zero(SPECIES);
    FloatVector s1 = s0;
    FloatVector s2 = s0;
    FloatVector s3 = s0;
    FloatVector t0 = s0;
    FloatVector t1 = s0;
    FloatVector t2 = s0;
    FloatVector t3 = s0;
    for (int p = p0; p < p1; p++) {
      int bp = b0 + (p - p0) * ld + j;
      FloatVector y = FloatVector.fromArray(SPECIES, b, bp);
      FloatVector z = FloatVector.fromArray(SPECIES, b, bp + LANES);
      int ap = a0 + p * sumStride;
      FloatVector x0 = FloatVector.broadcast(SPECIES, (float) a[ap]);
      FloatVector x1 = FloatVector.broadcast(SPECIES, (float) a[ap + rowStride]);
      FloatVector x2 = FloatVector.broadcast(SPECIES, (float) a[ap + 2 * rowStride]);
      FloatVector x3 = FloatVector.broadcast(SPECIES, (float) a[ap + 3 * rowStride]);
      s0 = x0.fma(y, s0);
      t0 = x0.fma(z, t0);
      s1 = x1.fma(y, s1);
      t1 = x1.fma(z, t1);
      s2 = x2.fma(y, s2);
      t2 = x2.fma(z, t2);
      s3 = x3.fma(y, s3);
      t3 = x3.fma(z, t3);
    }
    addWidened(s0, c, i * n + j);
    addWidened(t0, c, i * n + j + LANES);
    addWidened(s1, c, (i + 1) * n + j);
    addWidened(t1, c, (i + 1) * n + j + LANES);
    addWidened(s2, c, (i + 2) * n + j);
    addWidened(t2, c, (i + 2) * n + j + LANES);
    addWidened(s3, c, (i + 3) * n + j);
    addWidened(t3, c, (i + 3) * n + j + LANES);
  }

  /** Rows i..i+4 of c, the vector of columns at j: four rows at once, each load of b used four times. */
  private static void fourRows(int p0, int p1, int j, int n, double[] a, int i, int rowStride,
      int sumStride, float[] b, int b0, int ld, double[] c) {
    int a0 = i * rowStride;
    FloatVector s0 = FloatVector.zero(SPECIES);
    FloatVector s1 = s0;
    FloatVector s2 = s0;
    FloatVector s3 = s0;
    for (int p = p0; p < p1; p++) {
      FloatVector y = FloatVector.fromArray(SPECIES, b, b0 + (p - p0) * ld + j);
      int ap = a0 + p * sumStride;
      s0 = FloatVector.broadcast(SPECIES, (float) a[ap]).fma(y, s0);
      s1 = FloatVector.broadcast(SPECIES, (float) a[ap + rowStride]).fma(y, s1);
      s2 = FloatVector.broadcast(SPECIES, (float) a[ap + 2 * rowStride]).fma(y, s2);
      s3 = FloatVector.broadcast(SPECIES, (float) a[ap + 3 * rowStride]).fma(y, s3);
    }
    addWidened(s0, c, i * n + j);
    addWidened(s1, c, (i + 1) * n + j);
    addWidened(s2, c, (i + 2) * n + j);
    addWidened(s3, c, (i + 3) * n + j);
  }

  /** y[0..len) = x[0..len) rounded to float. */
  static void toFloat(double[] x, int len, float[] y) {
    toFloat(x, 0, len, y);
  }

  /** y[0..len) = x[from..from+len) rounded to float (as Java's cast, the sign of zero kept). */
  static void toFloat(double[] x, int from, int len, float[] y) {
    toFloat(x, from, len, y, 0);
  }

  /** y[to..to+len) = x[from..from+len) rounded to float. */
  static void toFloat(double[] x, int from, int len, float[] y, int to) {
    int bound = SPECIES.loopBound(len);
    int i = 0;
    for (; i < bound; i += LANES) {
      FloatVector lo = (FloatVector) DoubleVector.fromArray(WIDE, x, from + i)
          .convertShape(VectorOperators.D2F, SPECIES, 0);
      FloatVector hi = (FloatVector) DoubleVector.fromArray(WIDE, x, from + i + HALF)
          .convertShape(VectorOperators.D2F, SPECIES, -1);
      lo.blend(hi, UPPER).intoArray(y, to + i);
    }
    for (; i < len; i++) {
      y[to + i] = (float) x[from + i];
    }
  }

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  /**
   * Per-thread scratch: a and b rounded to float (for multAdd and multAddTransA one block of rows
   * of b), the packed terms of a (as Kernels' Panel), a strip's tile, multTransB's
   * interleaved rows and its sums.
   */
  private static final class Scratch extends FloatTiles.Packed {
    float[] a = new float[0];
    float[] b = new float[0];
    final float[] tile = new float[6 * STRIP_WIDTH];
    float[] rowsOfA = new float[0];
    float[] rowsOfB = new float[0];
    final float[] sums = new float[16];

    Scratch fitTransB(int aLength, int bLength) {
      if (a.length < aLength) {
        a = new float[aLength];
      }
      return fitSum(bLength);
    }

    Scratch fitSum(int bLength) {
      if (b.length < bLength) {
        b = new float[bLength];
      }
      return this;
    }

    void fitPanels(int aLength, int bLength) {
      if (rowsOfA.length < aLength) {
        rowsOfA = new float[aLength];
      }
      if (rowsOfB.length < bLength) {
        rowsOfB = new float[bLength];
      }
    }
  }

}
