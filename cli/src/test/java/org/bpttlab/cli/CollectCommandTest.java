package org.bpttlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bpttlab.experiment.io.AtomicFiles;
import org.bpttlab.experiment.io.Csv;
import org.bpttlab.experiment.io.FolderLock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code collect}: two small sweeps of plain run folders, one over the learning rate (3 seeds),
 * one over the task length (2 seeds), each with two rules.
 */
class CollectCommandTest {
  @TempDir static Path dir;

  static final List<String> RULES = List.of("bptt", "eprop:feedback=random");

  /** A tiny run config (adding, hidden 8, 20 iterations). */
  static String config(String name, String rule, int steps, double lr, int seed) {
    return """
        {"name": "%s", "task": "adding:steps=%d", "network": {"cell": "rate", "hidden": 8},
         "rule": "%s", "optimizer": {"kind": "adam", "learning_rate": %s, "clip_norm": 1.0},
         "seed": %d, "iterations": 20, "batch_size": 4, "eval_every": 10,
         "eval_sequences": 8, "align_every": 10}
        """.formatted(name, steps, rule, lr, seed);
  }

  static final List<String[]> RUNS = new ArrayList<>();

  static void run(Path runs, String text, String name) throws IOException {
    Path file = Files.writeString(dir.resolve(name + ".json"), text);
    RUNS.add(new String[] {"run", file.toString(), "--runs-dir", runs.toString(), "--quiet",
        "--threads", "1"});
  }

  @BeforeAll
  static void sweeps() throws IOException {
    Files.createDirectories(dir.resolve("lr/runs"));
    Files.createDirectories(dir.resolve("t"));
    int i = 0;
    for (String rule : RULES) {
      for (double lr : new double[] {0.01, 0.1}) {
        for (int seed = 1; seed <= 3; seed++) {
          String name = "lr-" + i++;
          run(dir.resolve("lr/runs"), config(name, rule, 10, lr, seed), name);
        }
      }
      for (int seed = 1; seed <= 2; seed++) {
        String name = "t-" + i++;
        run(dir.resolve("t"), config(name, rule, 5, 0.01, seed), name);
      }
    }
    // two runs at a time (each on one thread)
    List<Cli.Result> results = RUNS.parallelStream().map(Cli::run).toList();
    for (Cli.Result r : results) {
      assertEquals(0, r.code(), r.err());
    }
    // the T sweep's T = 10 runs are the learning-rate sweep's at 0.01, seeds 1 and 2
    for (String run : List.of("lr-0", "lr-1", "lr-8", "lr-9")) {
      copy(dir.resolve("lr/runs").resolve(run), dir.resolve("t").resolve(run));
    }
  }

  static List<List<String>> csv(Path file) throws IOException {
    List<List<String>> rows = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      rows.add(Csv.fields(line));
    }
    return rows;
  }

  static List<String> list(Path folder) throws IOException {
    try (Stream<Path> s = Files.list(folder)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void theTidyCsvHoldsEveryRunAndMeasureWithTheConfigAsColumns() throws IOException {
    Cli.Result r = Cli.run("collect", dir.resolve("lr").toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("collected 12 runs"), r.out());
    List<List<String>> rows = csv(dir.resolve("lr/collect/results.csv"));
    List<String> h = rows.get(0);
    assertEquals(List.of("run", "measure", "group", "value", "name", "task", "task.name",
        "task.steps"), h.subList(0, 8));
    for (String c : List.of("network.hidden", "rule", "rule.name", "optimizer.kind",
        "optimizer.learning_rate", "seed", "iterations")) {
      assertTrue(h.contains(c), c + " in " + h);
    }
    // 6 summary measures + 3 alignment measures × 5 groups (all, W_in, W_rec, b, W_out, b_out)
    int perRun = rows.stream().skip(1).filter(f -> f.get(0).equals("lr-0")).toList().size();
    assertEquals(6 + 3 * 6, perRun);
    assertEquals(1 + 12 * perRun, rows.size());
    // values equal the run's summary.csv
    List<List<String>> summary = csv(dir.resolve("lr/runs/lr-9/summary.csv"));
    Map<String, String> values = new HashMap<>();
    for (List<String> f : rows) {
      if (f.get(0).equals("lr-9") && f.get(2).isEmpty()) {
        values.put(f.get(1), f.get(3));
      }
    }
    for (String m : List.of("loss", "mse", "baseline", "train_seconds", "diverged_at")) {
      int c = summary.get(0).indexOf(m);
      assertEquals(summary.get(1).get(c), values.get(m), m);
    }
    assertEquals(Boolean.parseBoolean(summary.get(1).get(summary.get(0).indexOf("success")))
        ? "1" : "0", values.get("success"));
    List<String> lr9 = rows.stream().skip(1).filter(f -> f.get(0).equals("lr-9")).findFirst()
        .orElseThrow();
    assertEquals("eprop:feedback=random", lr9.get(h.indexOf("rule")));
    assertEquals("eprop", lr9.get(h.indexOf("rule.name")));
    assertEquals("0.01", lr9.get(h.indexOf("optimizer.learning_rate")));
    assertEquals("2", lr9.get(h.indexOf("seed")));

    // the summary: rule × learning rate, 3 seeds each, an interval for every measure
    List<List<String>> s = csv(dir.resolve("lr/collect/summary.csv"));
    assertEquals(List.of("rule", "optimizer.learning_rate", "measure", "group", "n", "mean",
        "ci_low", "ci_high"), s.get(0));
    for (List<String> f : s.subList(1, s.size())) {
      assertEquals("3", f.get(4), f.toString());
      assertFalse(f.get(6).isEmpty(), f.toString());
    }
    // summary.md's first table: one row per setting, its loss with the interval of summary.csv
    List<String> loss = s.stream().filter(f -> f.subList(0, 3).equals(List.of("bptt", "0.01",
        "loss"))).findFirst().orElseThrow();
    String row = "| bptt | 0.01 | 3 | 0 | " + g4(loss.get(5)) + " [" + g4(loss.get(6)) + ", "
        + g4(loss.get(7)) + "] | mse | ";
    String md = Files.readString(dir.resolve("lr/collect/summary.md"));
    assertTrue(md.contains(row), row + "\n" + md);
    assertTrue(md.indexOf(row) < md.indexOf("## Every measure"), md);
    // the learning-rate figure only: one curve per rule
    assertEquals(List.of("loss-vs-optimizer-learning-rate.pdf",
        "loss-vs-optimizer-learning-rate.png", "loss-vs-optimizer-learning-rate.svg"),
        list(dir.resolve("lr/collect/figures")));
    // collecting again replaces the folder
    assertEquals(0, Cli.run("collect", dir.resolve("lr").toString()).code());
  }

  @Test
  void withTwoSeedsTheIntervalIsNotAvailable() throws IOException {
    Cli.Result r = Cli.run("collect", dir.resolve("t").toString());
    assertEquals(0, r.code(), r.err());
    List<List<String>> s = csv(dir.resolve("t/collect/summary.csv"));
    assertEquals(List.of("rule", "task", "task.steps", "measure"), s.get(0).subList(0, 4));
    for (List<String> f : s.subList(1, s.size())) {
      assertEquals("2", f.get(5), f.toString());
      assertEquals("", f.get(7));
      assertEquals("", f.get(8));
    }
    String md = Files.readString(dir.resolve("t/collect/summary.md"));
    assertTrue(md.contains("| n/a |"), md);
    assertTrue(md.matches("(?s).*\\| 2 \\| 0 \\| [0-9.]+ \\(n/a\\) \\| mse \\| .*"), md);
    assertEquals(List.of("cosine-vs-task-steps.pdf", "cosine-vs-task-steps.png",
        "cosine-vs-task-steps.svg", "mse-vs-task-steps.pdf", "mse-vs-task-steps.png",
        "mse-vs-task-steps.svg"), list(dir.resolve("t/collect/figures")));
  }

  private static String g4(String number) {
    return String.format(java.util.Locale.ROOT, "%.4g", Double.parseDouble(number));
  }

  private static void assertRefused(Path folder, String... words) throws IOException {
    List<String> before = Files.exists(folder) ? list(folder) : List.of();
    Cli.Result r = Cli.run("collect", folder.toString());
    assertEquals(2, r.code(), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    for (String w : words) {
      assertTrue(r.err().contains(w), r.err());
    }
    assertEquals(before, Files.exists(folder) ? list(folder) : List.of());
  }

  @Test
  @SuppressWarnings("try") // the lock is held, not used
  void refusals() throws IOException {
    assertRefused(dir.resolve("missing"), "there is no folder");
    Path empty = Files.createDirectories(dir.resolve("empty"));
    assertRefused(empty, "no run folders");
    // a run still training: no summary.csv, or its lock held
    Path bad = dir.resolve("bad");
    Files.createDirectories(bad);
    copy(dir.resolve("t/t-6"), bad.resolve("a"));
    copy(dir.resolve("t/t-7"), bad.resolve("b"));
    Files.delete(bad.resolve("b/summary.csv"));
    assertRefused(bad, "not finished", "b", "--resume");
    Files.copy(dir.resolve("t/t-7/summary.csv"), bad.resolve("b/summary.csv"));
    try (FolderLock lock = FolderLock.acquire(bad.resolve("a"), "run")) {
      assertRefused(bad, "not finished", "a");
    }
    // two runs with one name
    copy(dir.resolve("t/t-6"), bad.resolve("more/a"));
    assertRefused(bad, "two runs are named a");
    AtomicFiles.deleteRecursively(bad.resolve("more"));
    assertEquals(0, Cli.run("collect", bad.toString()).code());
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
  }
}
