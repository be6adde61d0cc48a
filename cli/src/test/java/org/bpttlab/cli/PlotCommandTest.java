package org.bpttlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bpttlab.results.figures.Figure;
import org.bpttlab.results.figures.Figures;
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
    assertEquals("wrote 9 figures (PNG, SVG and PDF) to " + d.resolve("figures") + " and "
        + d.resolve("report.html") + "\n", r.out());
    assertEquals(27, list(d.resolve("figures")).size());
    assertTrue(Files.isRegularFile(d.resolve("report.html")));

    // figures/ is replaced whole: the figures of a file that is gone go too
    Files.delete(d.resolve("cost.csv"));
    Files.writeString(d.resolve("figures/stale.txt"), "old");
    assertEquals(0, plot(d.toString()).code());
    List<String> names = list(d.resolve("figures"));
    assertEquals(24, names.size(), names.toString());
    assertFalse(names.contains("cost.png"));
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

  @Test
  void severalFoldersAreOverlaidInOneSetOfFigures(@TempDir Path d) throws IOException {
    Path a = Files.createDirectory(d.resolve("a"));
    Path b = Files.createDirectory(d.resolve("b"));
    FixedCsvs.writeAll(a);
    FixedCsvs.writeAll(b);
    Path out = d.resolve("both");
    Result r = plot(a.toString(), b.toString(), "--out", out.toString());
    assertEquals(0, r.code(), r.err());
    assertEquals("wrote 9 figures (PNG, SVG and PDF) of 2 folders to " + out.resolve("figures")
        + " and " + out.resolve("report.html") + "\n", r.out());
    assertEquals(27, list(out.resolve("figures")).size());
    assertEquals(List.of("a", "b"), list(d).stream().filter(n -> n.length() == 1).toList());
    // the same rules in both: named by folder, twice the series of one folder
    Map<String, Integer> series = new HashMap<>();
    for (Figure f : Figures.read(out)) {
      series.put(f.name(), f.series());
    }
    assertEquals(12, series.get("learning"), "2 folders x 3 rules x 2 panels");
    assertEquals(6, series.get("final-loss"));
    assertEquals(6, series.get("lag"));
    List<String> metrics = Files.readAllLines(out.resolve("metrics.csv"));
    assertEquals(2 * (Files.readAllLines(a.resolve("metrics.csv")).size() - 1),
        metrics.size() - 1);
    assertTrue(metrics.get(1).contains(",a/bptt,"), metrics.get(1));
    assertTrue(metrics.contains(Files.readAllLines(b.resolve("metrics.csv")).get(1)
        .replace(",bptt,", ",b/bptt,")));
    assertTrue(metrics.stream().anyMatch(l -> l.contains(",\"b/tbptt:k1=5,k2=10\",")));
    String html = Files.readString(out.resolve("report.html"));
    assertTrue(html.contains("<li><b>a</b>: <code>" + a + "</code></li>\n<li><b>b</b>: <code>"
        + b + "</code></li>"), html);

    // distinct rules: named by rule; again into the same --out replaces it
    Files.writeString(b.resolve("metrics.csv"), Files.readString(b.resolve("metrics.csv"))
        .replace(",bptt,", ",rtrl,").replace(",eprop,", ",rflo,")
        .replace("\"tbptt:k1=5,k2=10\"", "readout-only"));
    Path c = Files.createDirectory(d.resolve("c"));
    Files.copy(b.resolve("metrics.csv"), c.resolve("metrics.csv"));
    Files.writeString(a.resolve("stale.txt"), "");
    Path small = Files.createDirectory(d.resolve("small"));
    Files.copy(a.resolve("metrics.csv"), small.resolve("metrics.csv"));
    assertEquals(0, plot(small.toString(), c.toString(), "--out", out.toString()).code());
    assertEquals(List.of("config.json", "figures", "metrics.csv", "report.html"), list(out));
    Figure learning = Figures.read(out).get(0);
    assertEquals(12, learning.series());
    assertTrue(Files.readString(out.resolve("metrics.csv")).contains(",rflo,"));
    assertFalse(Files.readString(out.resolve("metrics.csv")).contains("c/"));

    // two folders of one name: told apart by their parents
    Path x = Files.createDirectories(d.resolve("x/run"));
    Path y = Files.createDirectories(d.resolve("y/run"));
    Files.copy(a.resolve("metrics.csv"), x.resolve("metrics.csv"));
    Files.copy(a.resolve("metrics.csv"), y.resolve("metrics.csv"));
    assertEquals(0, plot(x.toString(), y.toString(), "--out", out.toString()).code());
    String both = Files.readString(out.resolve("metrics.csv"));
    assertTrue(both.contains(",x/run/bptt,") && both.contains(",y/run/eprop,"), both);
  }

  @Test
  void foldersThatCannotBeOverlaidAreRefusedAndNothingIsWritten(@TempDir Path d)
      throws IOException {
    Path a = Files.createDirectory(d.resolve("a"));
    Path b = Files.createDirectory(d.resolve("b"));
    FixedCsvs.writeAll(a);
    FixedCsvs.writeAll(b);
    Path out = d.resolve("out");
    assertUsage(plot(a.toString(), b.toString()), "Missing required option '--out=DIR':"
        + " overlaying 2 folders needs a folder to write to");
    assertUsage(plot(a.toString(), d.resolve("nope").toString(), "--out", out.toString()),
        "Invalid value for parameter 'RUN_FOLDER': there is no folder " + d.resolve("nope"));
    assertUsage(plot(a.toString(), b.toString(), "--out", b.toString()),
        "Invalid value for option '--out': " + b + " is a RUN_FOLDER; the overlay needs a folder"
            + " of its own");
    assertUsage(plot(a.toString(), a.toString(), "--out", out.toString()),
        "Invalid value for parameter 'RUN_FOLDER': " + a + " is given twice");
    Files.writeString(b.resolve("metrics.csv"), Files.readString(b.resolve("metrics.csv"))
        .replace("loss,mse,", "loss,error,"));
    assertUsage(plot(a.toString(), b.toString(), "--out", out.toString()),
        "Invalid value for parameter 'RUN_FOLDER': " + a + " measures mse but " + b
            + " measures error (metrics.csv): runs of different metrics cannot share a figure");
    Files.writeString(b.resolve("metrics.csv"), Files.readString(a.resolve("metrics.csv")));
    Files.writeString(b.resolve("lag.csv"), "series,lag,grad_norm,extra\nr,1,2,3\n");
    assertUsage(plot(a.toString(), b.toString(), "--out", out.toString()),
        "Invalid value for parameter 'RUN_FOLDER': " + a.resolve("lag.csv") + " and "
            + b.resolve("lag.csv") + " have other columns (series,lag,grad_norm against"
            + " series,lag,grad_norm,extra): they cannot be overlaid");
    assertFalse(Files.exists(out), "nothing written");
    Path other = Files.createDirectory(d.resolve("other"));
    Files.writeString(other.resolve("notes.txt"), "mine");
    assertUsage(plot(a.toString(), "--out", other.toString()),
        "Invalid value for option '--out': " + other + " exists and was not written by plot"
            + " --out; give a new folder");
    assertEquals(List.of("notes.txt"), list(other));
    assertEquals(List.of("a", "b", "other"), list(d));
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
