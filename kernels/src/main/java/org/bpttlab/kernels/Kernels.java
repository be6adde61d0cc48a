package org.bpttlab.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The dense kernels of bpttlab on flat row-major {@code double[]}, written with the incubating Vector
 * API ({@code jdk.incubator.vector}; every JVM that runs them needs
 * {@code --add-modules jdk.incubator.vector}). Contracts are those of {@link PlainKernels}, which the
 * tests compare against; results differ from it only by rounding (fused multiply-adds, lane-wise
 * partial sums).
 *
 * <p>The JIT does not vectorise floating-point reductions such as dot products on its own (it must
 * keep Java's left-to-right order), so {@link #multTransB} keeps {@code LANES} partial sums per output
 * and reduces them once, in register tiles of 4 rows of {@code a} × 4 rows of {@code b} (16
 * accumulators, 8 loads per 16 fused multiply-adds). {@link #multAdd} and {@link #multAddTransA}
 * hold a strip of 4 vectors of a row of {@code c} in registers while running over the whole sum, for
 * 6 (or 4) rows of {@code c} at once, so each load of {@code b} feeds 6 rows and {@code c} is read
 * and written once; they skip the terms p whose entries of {@code a} are zero in all rows of the
 * block (and a single row's zero entries), as spike trains and a spiking cell's Jacobians are
 * sparse.
 *
 * <p>The 6-row strip needs 30 of AVX-512's 32 vector registers (24 accumulators, 4 vectors of b,
 * 2 broadcasts), so its inner loop must need almost no general registers either: the strip's rows
 * of {@code a} are packed first (the nonzero terms, with their entries side by side) and its block of
 * {@code c} is copied into a small contiguous tile and back, so that the loop reads {@code a} and
 * {@code c} at offsets C2 can fold. Read in place (an index and a range check per row of a and of c)
 * the loop ran out of general registers, and C2, depending on the profile it compiled from, spilled
 * them into vector registers and b's vectors to the stack: 2.5× slower in some JVM runs
 * (docs/performance.md, "Why multAdd and multAddTransA had two speeds"). For the same reason
 * {@link #multTransB}'s tiles read rows of {@code a} and {@code b} interleaved into panels. On a
 * processor with 16 vector registers the tiles are narrower ({@link #NARROW}).
 *
 * <p>No vector may pass through a branch: C2 of JDK 17 keeps a vector that merges from two paths
 * (a phi) as a heap object, so an {@code if (x != 0) s = u.fma(v, s)} around an accumulator
 * allocates on every term and runs 10–15× slower once the profile has seen both outcomes (dense
 * benchmark inputs never show it; a spiking network's sparse adjoints did: 7 MB per call at 64×100×100,
 * half the entries zero). Zero terms are skipped in scalar loops that carry no vector, or added as
 * ±0.
 *
 * <p>Deterministic: the order in which each output element is summed depends only on the sizes,
 * never on the tile it falls in, so equal inputs give bit-identical outputs, and a row of the output
 * does not depend on the other rows of the batch. For {@code multTransB}, c[i][j] is the lane-wise
 * sum over full vectors of p, reduced across lanes, plus the tail p ≥ loopBound(k) in order; for the
 * other two, c[i][j] accumulates its terms in increasing p, fused for j &lt; loopBound(n). The API
 * leaves the order of {@code reduceLanes(ADD)} on doubles unspecified; on JDK 17 its compiled (C2) and
 * interpreted forms agree bit for bit, which {@code JitIndependenceTest} checks on every build. (A
 * fixed-order butterfly of shuffles was tried instead: 15× slower at batch 32, because the larger
 * method is no longer inlined and C2 boxes the vectors.)
 */
public final class Kernels {
  private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
  private static final int LANES = SPECIES.length();
  /** Row block of the register tiles. */
  private static final int ROWS = 4;
  /**
   * Narrow tiles, for a processor with 16 vector registers (x86 with AVX2 but no AVX-512, where
   * the preferred species has 4 doubles): strips of 2 vectors in blocks of 4 rows (8 accumulators)
   * and 4 × 2 tiles for multTransB, instead of tiles of 24 and 16 accumulators that only 32
   * registers hold. {@code -Dbpttlab.kernels.narrow=true|false} overrides the choice (the tests run
   * both); the results have the same bits either way.
   */
  static final boolean NARROW = System.getProperty("bpttlab.kernels.narrow") != null
      ? Boolean.getBoolean("bpttlab.kernels.narrow")
      : LANES == 4 && System.getProperty("os.arch", "").matches("amd64|x86_64");
  /** Vectors per strip of a row of c in multAdd / multAddTransA. */
  private static final int STRIP = NARROW ? 2 : 4;
  /** Rows of b (columns of c) per tile of multTransB. */
  private static final int COLS = NARROW ? 2 : 4;
  /** Doubles per strip. */
  private static final int STRIP_WIDTH = STRIP * LANES;
  /** Terms of the sum per pass of multAdd / multAddTransA: SUM_BLOCK × a strip of b fits in L1. */
  private static final int SUM_BLOCK = 64;

  /**
   * Where a product split over threads may cut its columns ({@link SplitProducts}): a multiple of
   * every strip's and tile's width, double or float, so that each column is summed in the part as
   * in the whole.
   */
  static final int PART_COLUMNS = 64;
  /**
   * Terms below which multAdd / multAddTransA go row by row ({@link #axpyRow}): at n = 512 the
   * rank-1 update took 30 µs so against 151 µs through the panel and tile; at 8 terms the strips win.
   */
  private static final int FEW_TERMS = 8;
  /** Doubles of b beyond which a short sum keeps strips of b in L1 (about 256 KiB: past L2's share). */
  static final long WIDE_B = 32_768;

  private Kernels() {}

  /**
   * {@code c = a · bᵀ}: c[i][j] = Σ_p a[i][p] b[j][p]. Covers y = W h (m = 1).
   *
   * @param a m×k, Not modified
   * @param b n×k, Not modified
   * @param c m×n, Modified (overwritten)
   */
  public static void multTransB(int m, int k, int n, double[] a, double[] b, double[] c) {
    multTransB(0, m, 0, n, k, n, a, b, c, false);
  }

  /**
   * {@code c += a · bᵀ}.
   *
   * @param a m×k, Not modified
   * @param b n×k, Not modified
   * @param c m×n, Modified (added to)
   */
  public static void multAddTransB(int m, int k, int n, double[] a, double[] b, double[] c) {
    multTransB(0, m, 0, n, k, n, a, b, c, true);
  }

  /**
   * Rows from..to, columns c0..c1 of {@code c (=|+=) a · bᵀ}. An element's sum is the same whichever
   * part is asked for as long as {@code from} is a multiple of ROWS and c0 of {@link #PART_COLUMNS}
   * (an element in a tile in the whole product is in a tile in the part).
   */
  static void multTransB(int from, int to, int c0, int c1, int k, int n, double[] a, double[] b,
      double[] c, boolean add) {
    int m = to - from;
    int kv = SPECIES.loopBound(k);
    int mb = from + (m - m % ROWS);
    int nb = c1 - (c1 - c0) % COLS;
    // columns outer: the 4 rows of b of a tile stay in L1 while the rows of a stream past (a tile
    // of 4 × 6, 24 accumulators, was tried: 7× slower at m = 32, n = 256 and 512, C2 spilling or
    // boxing its 31 live vectors)
    if (mb > from && nb > c0) {
      Panel panel = PANEL.get().fitTransB(mb - from, kv);
      double[] rowsOfA = panel.rowsOfA;
      double[] rowsOfB = panel.rowsOfB;
      double[] sums = panel.sums;
      for (int i = from; i < mb; i += ROWS) {
        interleave(a, i, ROWS, k, kv, rowsOfA, (i - from) * kv);
      }
      for (int j = c0; j < nb; j += COLS) {
        interleave(b, j, COLS, k, kv, rowsOfB, 0);
        for (int i = from; i < mb; i += ROWS) {
          if (NARROW) {
            DoubleTiles.tileTransB4x2(4 * kv, rowsOfA, (i - from) * kv, rowsOfB, sums);
          } else {
            DoubleTiles.tileTransB4x4(4 * kv, rowsOfA, (i - from) * kv, rowsOfB, sums);
          }
          storeTile(k, kv, n, a, i, b, j, c, add, sums);
        }
      }
    }
    for (int i = mb; i < to; i++) {
      rowTransB(k, kv, n, c0, c1 - (c1 - c0) % 4, c1, a, i, b, c, add);
    }
    for (int i = from; i < mb; i++) {
      for (int j = nb; j < c1; j++) {
        dotTransB(k, kv, n, a, i, b, j, c, add);
      }
    }
  }

  /**
   * How many blocks of 6 to cut {@code size} into before blocks of 4: as many as fit, one fewer
   * when that leaves 2 or 3 (so 32 = 4·6 + 2·4 and 512 = 84·6 + 2·4, nothing left for the slow
   * single-row path).
   */
  static int sixBlocks(int size) {
    if (NARROW) {
      return 0;
    }
    int sixes = size / 6;
    int rest = size % 6;
    return (rest == 2 || rest == 3) && sixes > 0 ? sixes - 1 : sixes;
  }

  /**
   * Rows r0..r0+rows of x (k columns, rows = 2 or 4), their first kv columns interleaved vector by
   * vector into {@code to} from {@code at}: the p-th vector of row r at at + rows·p + r·LANES (p a
   * multiple of LANES).
   */
  private static void interleave(
      double[] x, int r0, int rows, int k, int kv, double[] to, int at) {
    int x0 = r0 * k;
    for (int p = 0; p < kv; p += LANES) {
      int t = at + rows * p;
      DoubleVector.fromArray(SPECIES, x, x0 + p).intoArray(to, t);
      DoubleVector.fromArray(SPECIES, x, x0 + k + p).intoArray(to, t + LANES);
      if (rows == 4) {
        DoubleVector.fromArray(SPECIES, x, x0 + 2 * k + p).intoArray(to, t + 2 * LANES);
        DoubleVector.fromArray(SPECIES, x, x0 + 3 * k + p).intoArray(to, t + 3 * LANES);
      }
    }
  }

  /**
   * c[i..i+4)[j..j+COLS) (=|+=) the tile's reduced sums plus the tail terms p ≥ kv, in order (as
   * {@link #store4} does for one row).
   */
  private static void storeTile(int k, int kv, int n, double[] a, int i, double[] b, int j,
      double[] c, boolean add, double[] sums) {
    for (int r = 0; r < 4; r++) {
      int ai = (i + r) * k;
      int ci = (i + r) * n + j;
      for (int s = 0; s < COLS; s++) {
        double sum = sums[4 * r + s];
        int bj = (j + s) * k;
        for (int p = kv; p < k; p++) {
          sum += a[ai + p] * b[bj + p];
        }
        c[ci + s] = add ? c[ci + s] + sum : sum;
      }
    }
  }

  /**
   * Reduces the partial sums of a[row at ai] · b[rows b0..b0+4)ᵀ, adds the tail p ≥ kv and stores
   * into c[ci..ci+4).
   */
  private static void store4(
      int k,
      int kv,
      double[] a,
      int ai,
      double[] b,
      int b0,
      double[] c,
      int ci,
      boolean add,
      DoubleVector s0,
      DoubleVector s1,
      DoubleVector s2,
      DoubleVector s3) {
    int b1 = b0 + k;
    int b2 = b1 + k;
    int b3 = b2 + k;
    double r0 = s0.reduceLanes(VectorOperators.ADD);
    double r1 = s1.reduceLanes(VectorOperators.ADD);
    double r2 = s2.reduceLanes(VectorOperators.ADD);
    double r3 = s3.reduceLanes(VectorOperators.ADD);
    for (int p = kv; p < k; p++) {
      double ap = a[ai + p];
      r0 += ap * b[b0 + p];
      r1 += ap * b[b1 + p];
      r2 += ap * b[b2 + p];
      r3 += ap * b[b3 + p];
    }
    if (add) {
      c[ci] += r0;
      c[ci + 1] += r1;
      c[ci + 2] += r2;
      c[ci + 3] += r3;
    } else {
      c[ci] = r0;
      c[ci + 1] = r1;
      c[ci + 2] = r2;
      c[ci + 3] = r3;
    }
  }

  /**
   * Row i, columns c0..c1 of c (=|+=) a[i] · bᵀ: 4 columns at a time up to nb, then one at a time.
   */
  private static void rowTransB(int k, int kv, int n, int c0, int nb, int c1, double[] a, int i,
      double[] b, double[] c, boolean add) {
    int ai = i * k;
    for (int j = c0; j < nb; j += 4) {
      int b0 = j * k;
      int b1 = b0 + k;
      int b2 = b1 + k;
      int b3 = b2 + k;
      DoubleVector s0 = DoubleVector.zero(SPECIES);
      DoubleVector s1 = s0;
      DoubleVector s2 = s0;
      DoubleVector s3 = s0;
      for (int p = 0; p < kv; p += LANES) {
        DoubleVector u = DoubleVector.fromArray(SPECIES, a, ai + p);
        s0 = u.fma(DoubleVector.fromArray(SPECIES, b, b0 + p), s0);
        s1 = u.fma(DoubleVector.fromArray(SPECIES, b, b1 + p), s1);
        s2 = u.fma(DoubleVector.fromArray(SPECIES, b, b2 + p), s2);
        s3 = u.fma(DoubleVector.fromArray(SPECIES, b, b3 + p), s3);
      }
      store4(k, kv, a, ai, b, b0, c, i * n + j, add, s0, s1, s2, s3);
    }
    for (int j = nb; j < c1; j++) {
      dotTransB(k, kv, n, a, i, b, j, c, add);
    }
  }

  /** c[i][j] (=|+=) a[i] · b[j]. */
  private static void dotTransB(
      int k, int kv, int n, double[] a, int i, double[] b, int j, double[] c, boolean add) {
    int ai = i * k;
    int bj = j * k;
    DoubleVector s = DoubleVector.zero(SPECIES);
    for (int p = 0; p < kv; p += LANES) {
      s = DoubleVector.fromArray(SPECIES, a, ai + p)
          .fma(DoubleVector.fromArray(SPECIES, b, bj + p), s);
    }
    double r = s.reduceLanes(VectorOperators.ADD);
    for (int p = kv; p < k; p++) {
      r += a[ai + p] * b[bj + p];
    }
    int ci = i * n + j;
    c[ci] = add ? c[ci] + r : r;
  }

  /**
   * {@code c += a · b}: c[i][j] += Σ_p a[i][p] b[p][j]. Covers δh += δa W (m = batch).
   *
   * @param a m×k, Not modified
   * @param b k×n, Not modified
   * @param c m×n, Modified (added to)
   */
  public static void multAdd(int m, int k, int n, double[] a, double[] b, double[] c) {
    sumOfRankOne(0, m, 0, n, k, n, a, k, 1, b, c);
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
    sumOfRankOne(0, m, 0, n, k, n, a, 1, m, b, c);
  }

  /**
   * Rows from..to, columns c0..c1 (c0 a multiple of {@link #PART_COLUMNS}) of
   * c[i][j] += Σ_p A(i,p) b[p][j] with A(i,p) = a[i·rowStride + p·sumStride],
   * terms in increasing p; a zero A(i,p) is skipped or adds ±0 (which changes nothing but the sign
   * of a zero sum). Blocks of 6 rows, then of ROWS, whose entries of a are first packed into a
   * {@link Panel}: then strips of STRIP vectors of c stay in registers over the terms (for a long
   * sum, blocks of SUM_BLOCK terms whose rows of b stay in L1 while the row blocks of c pass).
   * Leftover rows: {@link #axpyRow}. The loop order and the part asked for change what stays in
   * cache, never the order in which an element's terms are summed.
   */
  static void sumOfRankOne(int from, int to, int c0, int c1, int k, int n, double[] a,
      int rowStride, int sumStride, double[] b, double[] c) {
    int m = to - from;
    int nv = c0 + SPECIES.loopBound(c1 - c0);
    int ns = nv - (nv - c0) % (STRIP * LANES);
    // blocks of 6 rows (24 accumulators, each load of b feeding 6 rows), then of ROWS; i counts
    // rows from `from`
    int six = 6 * sixBlocks(m);
    int mb = six + ROWS * ((m - six) / ROWS);
    if (mb == 0 || k < FEW_TERMS) {
      // a sum of a few outer products (k = 1: the rank-1 update): row by row, c read and written
      // once, cheaper than packing the panel and copying c through the tile
      for (int i = from; i < to; i++) {
        axpyRow(k, n, c0, nv, c1, a, i, rowStride, sumStride, b, c);
      }
      return;
    }
    Panel panel = PANEL.get().fit(mb, Math.min(k, SUM_BLOCK));
    if (k <= SUM_BLOCK && (long) k * (c1 - c0) > WIDE_B) {
      // a short sum over a wide b (RTRL's J_t M_{t-1}): a strip of b stays in L1 while the row
      // blocks of c pass, instead of streaming all of b once per row block
      panel.pack(a, from, rowStride, sumStride, 0, k, mb, six);
      for (int j = c0; j < ns; j += STRIP * LANES) {
        for (int i = 0; i < mb; i += i < six ? 6 : ROWS) {
          strip(i < six, panel, i, from + i, n, b, c, j);
        }
      }
      for (int r = from; r < from + mb; r++) {
        rowTail(0, k, n, ns, nv, c1, a, r, rowStride, sumStride, b, c);
      }
    } else if (k <= SUM_BLOCK) {
      // a short sum (the gradient over a batch, the outer product): c streamed row by row
      panel.pack(a, from, rowStride, sumStride, 0, k, mb, six);
      for (int i = 0; i < mb; i += i < six ? 6 : ROWS) {
        for (int j = c0; j < ns; j += STRIP * LANES) {
          strip(i < six, panel, i, from + i, n, b, c, j);
        }
        for (int r = from + i; r < from + i + (i < six ? 6 : ROWS); r++) {
          rowTail(0, k, n, ns, nv, c1, a, r, rowStride, sumStride, b, c);
        }
      }
    } else {
      // a long sum (δh += δa W): a block of rows of b stays in L1 while the row blocks of c pass
      for (int p0 = 0; p0 < k; p0 += SUM_BLOCK) {
        int p1 = Math.min(k, p0 + SUM_BLOCK);
        panel.pack(a, from, rowStride, sumStride, p0, p1, mb, six);
        for (int j = c0; j < ns; j += STRIP * LANES) {
          for (int i = 0; i < mb; i += i < six ? 6 : ROWS) {
            strip(i < six, panel, i, from + i, n, b, c, j);
          }
        }
        for (int r = from; r < from + mb; r++) {
          rowTail(p0, p1, n, ns, nv, c1, a, r, rowStride, sumStride, b, c);
        }
      }
    }
    for (int i = from + mb; i < to; i++) {
      axpyRow(k, n, c0, nv, c1, a, i, rowStride, sumStride, b, c);
    }
  }

  private static final ThreadLocal<Panel> PANEL = ThreadLocal.withInitial(Panel::new);

  /**
   * The kernels' scratch, one per thread: the packed rows of a of multAdd / multAddTransA, the tile
   * of c, and multTransB's interleaved rows of a and b with its tile of sums.
   *
   * <p>The entries of a for a block of terms p0 ≤ p &lt; p1, row block by row block (6 or ROWS rows):
   * for the row block at row i, {@code count[i]} terms, the q-th being term {@code term[i·K + q]}
   * with its entries of the block's R rows at {@code value[i·K + q·R + r]} (K = p1 − p0). A term
   * that is zero in all R rows is left out, except the last (so a block always has a term). Packed,
   * the inner loop of a strip reads a with one index that is linear in q, so C2 removes its range
   * checks and keeps all 24 accumulators and 4 vectors of b in registers; reading a in place
   * (an index and a range check per row) left it so few general registers that in some JVM runs it
   * spilled b's vectors to the stack, 2.5× slower.
   */
  private static final class Panel {
    double[] value = new double[0];
    int[] term = new int[0];
    int[] count = new int[0];
    final double[] tile = new double[6 * STRIP_WIDTH];
    int width;
    double[] rowsOfA = new double[0];
    double[] rowsOfB = new double[0];
    final double[] sums = new double[16];

    /** Room for multTransB: mb rows of a and 4 rows of b, kv columns each, interleaved. */
    Panel fitTransB(int mb, int kv) {
      if (rowsOfA.length < mb * kv) {
        rowsOfA = new double[mb * kv];
      }
      if (rowsOfB.length < 4 * kv) {
        rowsOfB = new double[4 * kv];
      }
      return this;
    }

    Panel fit(int rows, int terms) {
      if (value.length < rows * terms) {
        value = new double[rows * terms];
        term = new int[rows * terms];
      }
      if (count.length < rows) {
        count = new int[rows];
      }
      return this;
    }

    /** Packs rows from..from+mb of A (row block i of the panel is row from + i of A). */
    void pack(double[] a, int from, int rowStride, int sumStride, int p0, int p1, int mb,
        int six) {
      width = p1 - p0;
      for (int i = 0; i < mb; i += i < six ? 6 : ROWS) {
        int rows = i < six ? 6 : ROWS;
        int at = i * width;
        int q = 0;
        for (int p = p0; p < p1; p++) {
          int ap = (from + i) * rowStride + p * sumStride;
          boolean zero = true;
          for (int r = 0; r < rows; r++) {
            zero &= a[ap + r * rowStride] == 0.0;
          }
          if (zero && p < p1 - 1) {
            continue;
          }
          term[at + q] = p;
          for (int r = 0; r < rows; r++) {
            value[at + q * rows + r] = a[ap + r * rowStride];
          }
          q++;
        }
        count[i] = q;
      }
    }
  }

  /** The strip of the panel's row block i (row {@code row} of c) and columns j..j+STRIP_WIDTH. */
  private static void strip(
      boolean six, Panel panel, int i, int row, int n, double[] b, double[] c, int j) {
    int at = i * panel.width;
    int c0 = row * n + j;
    if (six) {
      copyTile(c, c0, n, panel.tile, 6, true);
      DoubleTiles.strip6x4(panel.count[i], panel.value, panel.term, at, n, b, panel.tile, j);
      copyTile(c, c0, n, panel.tile, 6, false);
    } else {
      copyTile(c, c0, n, panel.tile, ROWS, true);
      if (NARROW) {
        DoubleTiles.strip4x2(panel.count[i], panel.value, panel.term, at, n, b, panel.tile, j);
      } else {
        DoubleTiles.strip4x4(panel.count[i], panel.value, panel.term, at, n, b, panel.tile, j);
      }
      copyTile(c, c0, n, panel.tile, ROWS, false);
    }
  }

  /** Rows of c from c0 (stride n), STRIP_WIDTH each, into the tile ({@code in}) or back. */
  private static void copyTile(double[] c, int c0, int n, double[] tile, int rows, boolean in) {
    for (int r = 0; r < rows; r++) {
      if (in) {
        System.arraycopy(c, c0 + r * n, tile, r * STRIP_WIDTH, STRIP_WIDTH);
      } else {
        System.arraycopy(tile, r * STRIP_WIDTH, c, c0 + r * n, STRIP_WIDTH);
      }
    }
  }

  /**
   * Row i, columns c0..c1 of c += Σ_p A(i,p) b[p] (fused up to nv): the nonzero terms four at a
   * time, each vector of c loaded and stored once per four rows of b (streamed in order, so the
   * prefetcher follows).
   */
  private static void axpyRow(int k, int n, int c0, int nv, int c1, double[] a, int i,
      int rowStride, int sumStride, double[] b, double[] c) {
    int a0 = i * rowStride;
    int ci = i * n;
    int p = 0;
    while (p < k) {
      // gather the next four nonzero terms q0 < q1 < q2 < q3
      int q0 = -1;
      int q1 = -1;
      int q2 = -1;
      int q3 = -1;
      for (; p < k && q3 < 0; p++) {
        if (a[a0 + p * sumStride] != 0.0) {
          if (q0 < 0) {
            q0 = p;
          } else if (q1 < 0) {
            q1 = p;
          } else if (q2 < 0) {
            q2 = p;
          } else {
            q3 = p;
          }
        }
      }
      if (q3 < 0) {
        // fewer than four left: one row of b at a time
        if (q0 >= 0) {
          axpy(a[a0 + q0 * sumStride], b, q0 * n + c0, c, ci + c0, c1 - c0, nv - c0);
        }
        if (q1 >= 0) {
          axpy(a[a0 + q1 * sumStride], b, q1 * n + c0, c, ci + c0, c1 - c0, nv - c0);
        }
        if (q2 >= 0) {
          axpy(a[a0 + q2 * sumStride], b, q2 * n + c0, c, ci + c0, c1 - c0, nv - c0);
        }
        break;
      }
      double x0 = a[a0 + q0 * sumStride];
      double x1 = a[a0 + q1 * sumStride];
      double x2 = a[a0 + q2 * sumStride];
      double x3 = a[a0 + q3 * sumStride];
      DoubleVector u0 = DoubleVector.broadcast(SPECIES, x0);
      DoubleVector u1 = DoubleVector.broadcast(SPECIES, x1);
      DoubleVector u2 = DoubleVector.broadcast(SPECIES, x2);
      DoubleVector u3 = DoubleVector.broadcast(SPECIES, x3);
      int b0 = q0 * n;
      int b1 = q1 * n;
      int b2 = q2 * n;
      int b3 = q3 * n;
      int j = c0;
      for (; j < nv; j += LANES) {
        DoubleVector s = DoubleVector.fromArray(SPECIES, c, ci + j);
        s = u0.fma(DoubleVector.fromArray(SPECIES, b, b0 + j), s);
        s = u1.fma(DoubleVector.fromArray(SPECIES, b, b1 + j), s);
        s = u2.fma(DoubleVector.fromArray(SPECIES, b, b2 + j), s);
        s = u3.fma(DoubleVector.fromArray(SPECIES, b, b3 + j), s);
        s.intoArray(c, ci + j);
      }
      for (; j < c1; j++) {
        double s = c[ci + j];
        s += x0 * b[b0 + j];
        s += x1 * b[b1 + j];
        s += x2 * b[b2 + j];
        s += x3 * b[b3 + j];
        c[ci + j] = s;
      }
    }
  }

  /** c[co..co+n) += s · b[bo..bo+n), fused up to nv. */
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

  /** Row i of c, columns ns..c1: single vectors up to nv, then scalars (unfused). */
  private static void rowTail(
      int p0,
      int p1,
      int n,
      int ns,
      int nv,
      int c1,
      double[] a,
      int i,
      int rowStride,
      int sumStride,
      double[] b,
      double[] c) {
    if (ns == c1) {
      return;
    }
    int a0 = i * rowStride;
    int ci = i * n;
    for (int j = ns; j < nv; j += LANES) {
      DoubleVector s = DoubleVector.fromArray(SPECIES, c, ci + j);
      for (int p = p0; p < p1; p++) {
        // no branch around a vector accumulator (see the class comment): a zero term adds ±0
        double x = a[a0 + p * sumStride];
        s = DoubleVector.broadcast(SPECIES, x).fma(DoubleVector.fromArray(SPECIES, b, p * n + j), s);
      }
      s.intoArray(c, ci + j);
    }
    for (int j = nv; j < c1; j++) {
      double s = c[ci + j];
      for (int p = p0; p < p1; p++) {
        double x = a[a0 + p * sumStride];
        if (x != 0.0) {
          s += x * b[p * n + j];
        }
      }
      c[ci + j] = s;
    }
  }
}
