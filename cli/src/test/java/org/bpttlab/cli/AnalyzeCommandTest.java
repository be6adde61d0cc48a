package org.bpttlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.bpttlab.experiment.dynamics.Analysis;
import org.bpttlab.results.figures.Figure;
import org.bpttlab.results.figures.Figures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bpttlab analyze RUN_FOLDER} and {@code compare --analyze} on a compare of each cell: the
 * analysis files, their rows per rule, the same bytes either way; bad folders exit 2 and leave
 * nothing.
 */
class AnalyzeCommandTest {
  private static Cli.Result bpttlab(String... args) {
    return Cli.run(args);
  }

  private static Path compare(Path runs, String name, String cell, String task, String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("compare", "--cell", cell, "--task",
        task, "--rules", "bptt,eprop", "--hidden", "8", "--batch", "4", "--iterations", "3",
        "--runs-dir", runs.toString(), "--name", name, "--quiet", "--threads", "2"));
    args.addAll(List.of(more));
    Cli.Result r = bpttlab(args.toArray(String[]::new));
    assertEquals(0, r.code(), r.err());
    return runs.resolve(name);
  }

  private static Map<String, String> analysisFiles(Path run) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> s = Files.list(run.resolve(Analysis.FOLDER))) {
      for (Path f : s.toList()) {
        files.put(f.getFileName().toString(), Files.readString(f));
      }
    }
    return files;
  }

  /** Data rows of a CSV text whose first field is {@code rule}. */
  private static long rowsOf(String text, String rule) {
    return text.lines().skip(1).filter(l -> l.startsWith(rule + ",")).count();
  }

  @Test
  void aRateCompareIsAnalysedAfterwardsOrAtItsEndTheSame(@TempDir Path runs) throws IOException {
    Path later = compare(runs, "later", "rate", "flip-flop:steps=40");
    Cli.Result r = bpttlab("analyze", later.toString(), "--threads", "1");
    assertEquals(0, r.code(), r.err());
    assertEquals("wrote 4 files to " + later.resolve("analysis") + ", then "
        + later.resolve("figures") + " and " + later.resolve("report.html") + "\n", r.out());
    Map<String, String> files = analysisFiles(later);
    assertEquals(List.of("eigenvalues.csv", "fixed-points.csv", "pca.csv", "trajectories.csv"),
        List.copyOf(files.keySet()));
    for (String rule : List.of("bptt", "eprop")) {
      assertEquals(8, rowsOf(files.get("pca.csv"), rule), "n = 8 components");
      assertEquals(Analysis.TRIALS * 40, rowsOf(files.get("trajectories.csv"), rule));
      long points = rowsOf(files.get("fixed-points.csv"), rule);
      assertEquals(8 * points, rowsOf(files.get("eigenvalues.csv"), rule), "n per point");
    }
    Path atEnd = compare(runs, "at-end", "rate", "flip-flop:steps=40", "--analyze");
    assertEquals(files, analysisFiles(atEnd), "the same bytes");

    // the dynamics figures: a panel per rule (and view), a series per condition or kind
    long conditions = files.get("trajectories.csv").lines().skip(1)
        .map(l -> l.split(",")[3]).distinct().count();
    Map<String, Figure> figures = figures(later);
    assertShape(figures.get("pca-variance"), 2, 2, 4);
    assertShape(figures.get("state-space-3d"), 4, 2, (int) (4 * conditions));
    assertShape(figures.get("state-space-2d"), 6, 3, (int) (6 * conditions));
    int kinds = 0;
    for (String rule : List.of("bptt", "eprop")) {
      kinds += (int) files.get("fixed-points.csv").lines().skip(1)
          .filter(l -> l.startsWith(rule + ",")).map(l -> l.split(",")[3] + l.split(",")[5])
          .distinct().count();
    }
    if (kinds > 0) {
      assertShape(figures.get("eigenvalues"), 2, 2, kinds);
    }
  }

  @Test
  void spikingComparesGetRastersRatesAndTraces(@TempDir Path runs) throws IOException {
    for (String cell : List.of("lif", "alif")) {
      Path run = compare(runs, cell, cell, "evidence:cues=3,steps=750", "--analyze");
      Map<String, String> files = analysisFiles(run);
      assertEquals(List.of("pca.csv", "rates.csv", "spikes.csv", "traces.csv",
          "trajectories.csv"), List.copyOf(files.keySet()), cell);
      for (String rule : List.of("bptt", "eprop")) {
        assertEquals(8, rowsOf(files.get("rates.csv"), rule));
        assertEquals(Analysis.TRIALS * 250, rowsOf(files.get("trajectories.csv"), rule),
            "750 steps kept every third");
        assertEquals(2 * 750, rowsOf(files.get("traces.csv"), rule), "2 neurons of 1 population");
        assertTrue(files.get("spikes.csv").lines().anyMatch(l -> l.startsWith(rule + ",1,0,")
            && l.contains(",input,")), "the inputs' spikes");
      }
      String population = cell.equals("lif") ? ",lif," : ",alif,";
      assertTrue(files.get("rates.csv").lines().skip(1).allMatch(l -> l.contains(population)));
      Map<String, Figure> figures = figures(run);
      assertShape(figures.get("raster"), 2, 2, 4); // input and one hidden population, per rule
      assertShape(figures.get("firing-rates"), 2, 2, 2);
      assertShape(figures.get("traces"), 2, 2, 8); // 2 neurons' v and threshold per rule
      assertShape(figures.get("state-space-3d"), 4, 2, 8); // left and right
    }
  }

  /** The folder's figures by name, each drawn as PNG of its grid's size, SVG and PDF. */
  private static Map<String, Figure> figures(Path run) throws IOException {
    Map<String, Figure> byName = new TreeMap<>();
    for (Figure f : Figures.read(run)) {
      byName.put(f.name(), f);
      byte[] png = Files.readAllBytes(run.resolve("figures").resolve(f.name() + ".png"));
      java.nio.ByteBuffer size = java.nio.ByteBuffer.wrap(png, 16, 8);
      assertEquals(f.width() * Figures.PNG_SCALE, size.getInt(), f.name());
      assertEquals(f.height() * Figures.PNG_SCALE, size.getInt(), f.name());
      for (String extension : List.of("svg", "pdf")) {
        assertTrue(Files.size(run.resolve("figures").resolve(f.name() + "." + extension)) > 1000);
      }
    }
    return byName;
  }

  private static void assertShape(Figure f, int panels, int columns, int series) {
    assertEquals(List.of(panels, columns, series), List.of(f.panels().size(), f.columns(),
        f.series()), f.name());
  }

  @Test
  void aFolderWithoutConfigOrParametersIsOneLineAndNothingIsWritten(@TempDir Path runs)
      throws IOException {
    Path empty = Files.createDirectories(runs.resolve("empty"));
    Cli.Result r = bpttlab("analyze", empty.toString());
    assertEquals(2, r.code());
    assertEquals("bpttlab analyze: Invalid value for parameter 'RUN_FOLDER': " + empty
        + " has no config.json: it is not the folder of a run or a compare",
        r.err().lines().findFirst().orElse(""));
    assertFalse(Files.exists(empty.resolve("analysis")));

    Path run = compare(runs, "x", "rate", "adding:steps=10");
    deleteTree(run.resolve("parameters"));
    r = bpttlab("analyze", run.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().startsWith("bpttlab analyze: Invalid value for parameter 'RUN_FOLDER': "
        + run + " has no parameters/seed1-rule1/: the trained parameters are saved"), r.err());
    assertFalse(Files.exists(run.resolve("analysis")));

    r = bpttlab("analyze", run.toString(), "--trials", "3,16");
    assertEquals(2, r.code());
    assertEquals("bpttlab analyze: Invalid value for option '--trials': trials must be 1 to 4"
        + " distinct held-out trials, each 0 to 15, were [3, 16]", r.err().lines().findFirst()
        .orElse(""));

    r = bpttlab("analyze", runs.resolve("nope").toString());
    assertEquals(2, r.code());
    assertTrue(r.err().startsWith("bpttlab analyze: Invalid value for parameter 'RUN_FOLDER':"
        + " there is no folder"), r.err());
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
