import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.IntFunction;

/**
 * Writes the register tiles of the kernels, DoubleTiles for Kernels and FloatTiles for
 * SingleKernels, into package org.bpttlab.kernels below the folder given as the only argument (the
 * kernels module runs it in generate-sources: {@code java GenerateTiles.java <folder>}).
 *
 * <p>The tiles are unrolled by hand because C2 of JDK 17 keeps a vector in a register only as a
 * named local: an array of accumulators, or a loop over them, would put them on the heap. So each
 * width is its own method, and this program writes them all, once for each precision, from one
 * description. A file whose text is unchanged is not written again.
 */
public final class GenerateTiles {
  /** One precision: its element type, vector class, and how a strip's accumulators start. */
  private record Precision(String className, String type, String vector, String box,
      boolean fromTile, String owner) {}

  private static final Precision DOUBLE = new Precision("DoubleTiles", "double", "DoubleVector",
      "Double", true, "Kernels");
  private static final Precision FLOAT = new Precision("FloatTiles", "float", "FloatVector",
      "Float", false, "SingleKernels");

  /** The strips' packed terms and multTransB's interleaved rows: loops that need no unrolling. */
  private static final String PACK_AND_INTERLEAVE = """

        /**
         * The terms p = first..first+width of A's rows (A(i,p) = x[i·rowStride + p·sumStride]),
         * packed in row blocks of 6 rows and then 4: for the block at row i, count[i] terms, the
         * q-th being first + term[i·width + q] with its entries of the block's R rows at
         * value[i·width + q·R + r]. A term zero in all R rows is left out, but the last, so a block
         * always has a term.
         */
        static class Packed {
          $T[] value = new $T[0];
          int[] term = new int[0];
          int[] count = new int[0];
          int first;
          int width;

          /** Room for rows rows and terms terms. */
          void fit(int rows, int terms) {
            if (value.length < rows * terms) {
              value = new $T[rows * terms];
              term = new int[rows * terms];
            }
            if (count.length < rows) {
              count = new int[rows];
            }
          }

          /** Packs terms p0..p1 of A's rows from..from+mb, in blocks of 6 below row six. */
          void pack(double[] x, int from, int rowStride, int sumStride, int p0, int p1, int mb,
              int six) {
            first = p0;
            width = p1 - p0;
            for (int i = 0; i < mb; i += i < six ? 6 : 4) {
              int rows = i < six ? 6 : 4;
              int at = i * width;
              int q = 0;
              for (int p = p0; p < p1; p++) {
                int ap = (from + i) * rowStride + p * sumStride;
                boolean zero = true;
                for (int r = 0; r < rows; r++) {
                  zero &= x[ap + r * rowStride] == 0.0;
                }
                if (zero && p < p1 - 1) {
                  continue;
                }
                term[at + q] = p - p0;
                for (int r = 0; r < rows; r++) {
                  value[at + q * rows + r] = $CASTx[ap + r * rowStride];
                }
                q++;
              }
              count[i] = q;
            }
          }
        }

        /**
         * Rows r0..r0+rows of x (k columns, rows = 2 or 4), their first kv columns interleaved
         * vector by vector into {@code to} from {@code at}: the p-th vector of row r at
         * at + rows·p + r·LANES (p a multiple of LANES).
         */
        static void interleave($T[] x, int r0, int rows, int k, int kv, $T[] to, int at) {
          int x0 = r0 * k;
          for (int p = 0; p < kv; p += LANES) {
            int t = at + rows * p;
            $V.fromArray(SPECIES, x, x0 + p).intoArray(to, t);
            $V.fromArray(SPECIES, x, x0 + k + p).intoArray(to, t + LANES);
            if (rows == 4) {
              $V.fromArray(SPECIES, x, x0 + 2 * k + p).intoArray(to, t + 2 * LANES);
              $V.fromArray(SPECIES, x, x0 + 3 * k + p).intoArray(to, t + 3 * LANES);
            }
          }
        }
      """;

  private GenerateTiles() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: java GenerateTiles.java <output folder>");
    }
    Path dir = Path.of(args[0], "org", "bpttlab", "kernels");
    Files.createDirectories(dir);
    for (Precision p : new Precision[] {DOUBLE, FLOAT}) {
      Path file = dir.resolve(p.className() + ".java");
      byte[] text = tiles(p).getBytes(StandardCharsets.UTF_8);
      if (!Files.exists(file) || !Arrays.equals(Files.readAllBytes(file), text)) {
        Files.write(file, text);
      }
    }
  }

  private static String tiles(Precision p) {
    Out o = new Out();
    o.line("// Generated by kernels/src/tiles/GenerateTiles.java: edit that, not this.");
    o.line("package org.bpttlab.kernels;");
    o.line("");
    o.line("import jdk.incubator.vector.%s;", p.vector());
    o.line("import jdk.incubator.vector.VectorOperators;");
    o.line("import jdk.incubator.vector.VectorSpecies;");
    o.line("");
    o.line("/** %s' register tiles in %s (written by GenerateTiles). */", p.owner(), p.type());
    o.line("final class %s {", p.className());
    o.line("  private static final VectorSpecies<%s> SPECIES = %s.SPECIES_PREFERRED;", p.box(),
        p.vector());
    o.line("  private static final int LANES = SPECIES.length();");
    o.line("  /** A strip's width in the tile: STRIP vectors of %s. */", p.owner());
    o.line("  private static final int STRIP_WIDTH = (Kernels.NARROW ? 2 : 4) * LANES;");
    o.line("");
    o.line("  private %s() {}", p.className());
    strip(o, p, 6, 4);
    strip(o, p, 4, 4);
    strip(o, p, 4, 2);
    tileTransB(o, p, 4);
    tileTransB(o, p, 2);
    o.text(PACK_AND_INTERLEAVE.replace("$T", p.type()).replace("$V", p.vector())
        .replace("$CAST", p.type().equals("double") ? "" : "(float) "));
    o.line("}");
    return o.toString();
  }

  /**
   * Rows i..i+rows of c, vectors vectors of columns from j, over the packed terms: each load of b
   * feeds every row. Double accumulates into the tile (c's block, copied in); float sums from zero,
   * its first term out of the loop so that every accumulator starts as its own product.
   */
  private static void strip(Out o, Precision p, int rows, int vectors) {
    String v = p.vector();
    String t = p.type();
    o.line("");
    if (p.fromTile()) {
      o.line("  /** Rows of c i..i+%d (in the tile), columns j..j+%d·LANES, += the packed terms. */",
          rows, vectors);
    } else {
      o.line("  /** Rows i..i+%d × %d vectors of a strip, summed from zero into the tile. */", rows,
          vectors);
    }
    o.line("  static void strip%dx%d(", rows, vectors);
    o.line("      int count, %s[] value, int[] term, int at, int n, %s[] b, %s[] tile, int j) {", t,
        t, t);
    int q0;
    if (p.fromTile()) {
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < vectors; c++) {
          o.line("    %s s%d%d = %s.fromArray(SPECIES, tile, %s);", v, r, c, v, tileAt(r, c));
        }
      }
      q0 = 0;
    } else {
      o.line("    %s z = %s.zero(SPECIES);", v, v);
      o.line("    int bp0 = term[at] * n + j;");
      for (int c = 0; c < vectors; c++) {
        o.line("    %s w%d = %s.fromArray(SPECIES, b, bp0%s);", v, c, v, plusLanes(c));
      }
      for (int r = 0; r < rows; r++) {
        o.line("    %s x%d = %s.broadcast(SPECIES, value[at%s]);", v, r, v, plus(r));
        for (int c = 0; c < vectors; c++) {
          o.line("    %s s%d%d = x%d.fma(w%d, z);", v, r, c, r, c);
        }
      }
      q0 = 1;
    }
    o.line("    for (int q = %d; q < count; q++) {", q0);
    o.line("      int bp = term[at + q] * n + j;");
    o.line("      int aq = at + q * %d;", rows);
    for (int c = 0; c < vectors; c++) {
      o.line("      %s v%d = %s.fromArray(SPECIES, b, bp%s);", v, c, v, plusLanes(c));
    }
    fmas(o, v, rows, vectors, r -> v + ".broadcast(SPECIES, value[aq" + plus(r) + "])");
    o.line("    }");
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < vectors; c++) {
        o.line("    s%d%d.intoArray(tile, %s);", r, c, tileAt(r, c));
      }
    }
    o.line("  }");
  }

  /**
   * 4 interleaved rows of a against cols interleaved rows of b, the lane-wise partial sums reduced
   * into sums[4·r + s].
   */
  private static void tileTransB(Out o, Precision p, int cols) {
    String v = p.vector();
    int rows = 4;
    o.line("");
    o.line("  /**");
    o.line("   * 4 rows of a (interleaved, from ai) against %d rows of b (interleaved, from 0), len =",
        cols);
    o.line("   * 4·kv each: the %d lane-wise sums reduced into sums[4·r + s].", rows * cols);
    o.line("   */");
    o.line("  static void tileTransB4x%d(", cols);
    o.line("      int len, %s[] rowsOfA, int ai, %s[] rowsOfB, %s[] sums) {", p.type(), p.type(),
        p.type());
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        o.line("    %s s%d%d = %s;", v, r, c,
            r == 0 && c == 0 ? v + ".zero(SPECIES)" : "s00");
      }
    }
    // b's rows advance by cols vectors per step, a's by 4: one index when they are equal
    String h = cols == rows ? "q" : "h";
    o.line("    for (int q = 0%s; q < len; q += 4 * LANES%s) {",
        cols == rows ? "" : ", h = 0", cols == rows ? "" : ", h += " + cols + " * LANES");
    for (int c = 0; c < cols; c++) {
      o.line("      %s v%d = %s.fromArray(SPECIES, rowsOfB, %s%s);", v, c, v, h, plusLanes(c));
    }
    fmas(o, v, rows, cols, r -> v + ".fromArray(SPECIES, rowsOfA, ai + q" + plusLanes(r) + ")");
    o.line("    }");
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        o.line("    sums[%d] = s%d%d.reduceLanes(VectorOperators.ADD);", 4 * r + c, r, c);
      }
    }
    o.line("  }");
  }

  /** A loop step's multiply-adds: for each row r, u = the row's operand, s_rc = u·v_c + s_rc. */
  private static void fmas(Out o, String vector, int rows, int cols, IntFunction<String> operand) {
    for (int r = 0; r < rows; r++) {
      o.line("      %su = %s;", r == 0 ? vector + " " : "", operand.apply(r));
      for (int c = 0; c < cols; c++) {
        o.line("      s%d%d = u.fma(v%d, s%d%d);", r, c, c, r, c);
      }
    }
  }

  /** The tile's offset of row r, vector c. */
  private static String tileAt(int r, int c) {
    String row = r == 0 ? "" : r == 1 ? "STRIP_WIDTH" : r + " * STRIP_WIDTH";
    String col = c == 0 ? "" : c == 1 ? "LANES" : c + " * LANES";
    if (row.isEmpty() && col.isEmpty()) {
      return "0";
    }
    return row.isEmpty() ? col : col.isEmpty() ? row : row + " + " + col;
  }

  private static String plus(int x) {
    return x == 0 ? "" : " + " + x;
  }

  private static String plusLanes(int c) {
    return c == 0 ? "" : c == 1 ? " + LANES" : " + " + c + " * LANES";
  }

  /** Lines of Java text. */
  private static final class Out {
    private final StringBuilder text = new StringBuilder();

    void text(String lines) {
      text.append(lines);
    }

    void line(String format, Object... args) {
      text.append(String.format(format, args)).append('\n');
    }

    @Override
    public String toString() {
      return text.toString();
    }
  }
}
