package org.bpttlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.bpttlab.results.figures.FixedCsvs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bpttlab plot RUN_FOLDER}: redraws the figures and the report; bad folders exit 2. */
class PlotCommandTest {
  private record Result(int code, String out, String err) {}

  private static Result plot(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cmd = Main.commandLine();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    String[] all = new String[args.length + 1];
    all[0] = "plot";
    System.arraycopy(args, 0, all, 1, args.length);
    int code = cmd.execute(all);
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void plotRedrawsTheFiguresAndTheReport(@TempDir Path d) throws IOException {
    FixedCsvs.writeAll(d);
    Result r = plot(d.toString());
    assertEquals(0, r.code(), r.err());
    assertEquals("", r.err());
    assertEquals("wrote 15 figures (PNG and SVG) to " + d.resolve("figures") + " and "
        + d.resolve("report.html") + "\n", r.out());
    assertEquals(30, list(d.resolve("figures")).size());
    assertTrue(Files.isRegularFile(d.resolve("report.html")));

    // figures/ is replaced whole: the figures of a file that is gone go too
    Files.delete(d.resolve("cost.csv"));
    Files.writeString(d.resolve("figures/stale.txt"), "old");
    assertEquals(0, plot(d.toString()).code());
    List<String> names = list(d.resolve("figures"));
    assertEquals(22, names.size(), names.toString());
    assertFalse(names.contains("cost-n-time.png"));
    assertFalse(names.contains("stale.txt"));
  }

  @Test
  void aBadFolderIsOneLineNamingTheArgument(@TempDir Path d) throws IOException {
    Path missing = d.resolve("nope");
    assertUsage(plot(missing.toString()), "Invalid value for parameter 'RUN_FOLDER': there is no"
        + " folder " + missing);
    Path file = Files.writeString(d.resolve("f.txt"), "x");
    assertUsage(plot(file.toString()), "Invalid value for parameter 'RUN_FOLDER': " + file
        + " is not a folder");
    Path empty = Files.createDirectory(d.resolve("empty"));
    assertUsage(plot(empty.toString()), "Invalid value for parameter 'RUN_FOLDER': " + empty
        + " holds none of metrics.csv, alignment.csv, summary.csv, alignment-pairs.csv, lag.csv,"
        + " cost.csv, points.csv, curriculum.csv, analysis/pca.csv, analysis/trajectories.csv,"
        + " analysis/fixed-points.csv, analysis/eigenvalues.csv, analysis/spikes.csv,"
        + " analysis/rates.csv, analysis/traces.csv: nothing to draw");
    assertEquals(List.of(), list(empty));
    assertUsage(plot(), "Missing required parameter: 'RUN_FOLDER'");

    Path bad = Files.createDirectory(d.resolve("bad"));
    Files.writeString(bad.resolve("lag.csv"), "series,lag,grad_norm\nr,1,x\n");
    assertUsage(plot(bad.toString()), bad.resolve("lag.csv") + " line 2, column grad_norm: not a"
        + " number: 'x'");
    assertEquals(List.of("lag.csv"), list(bad), "nothing written");

    // issue 27: "Input length = 1" named nothing
    Path latin = Files.createDirectory(d.resolve("latin"));
    Files.write(latin.resolve("lag.csv"), "series,lag,grad_norm\nr\u00e9,1,2\n"
        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    assertUsage(plot(latin.toString()), latin.resolve("lag.csv") + " is not UTF-8 text");
    assertEquals(List.of("lag.csv"), list(latin), "nothing written");
  }

  private static void assertUsage(Result r, String message) {
    assertEquals(Main.USAGE, r.code(), r.err());
    assertEquals("", r.out());
    assertTrue(r.err().startsWith("bpttlab plot: " + message), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
  }

  private static List<String> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
