package org.bpttlab.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.bpttlab.experiment.run.Run;
import org.bpttlab.experiment.sweep.Suites;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sweep}: the plan and the runs it writes, a rerun that skips and resumes to the numbers
 * of an uninterrupted sweep, the dry run, and the refusals.
 */
class SweepCommandTest {
  @TempDir Path dir;

  /** 2 learning rates × 2 rules × 2 seeds, tiny. */
  private static final String SWEEP = """
      {"name": "tiny", "task": "adding:steps=6", "network": {"cell": "rate", "hidden": 5},
       "rule": "bptt", "optimizer": {"kind": "adam", "learning_rate": 0.01},
       "iterations": 12, "batch_size": 3, "eval_every": 4, "eval_sequences": 6,
       "checkpoint_every": 3,
       "grid": {"optimizer.learning_rate": [0.01, 0.003], "rule": ["bptt", "eprop"]},
       "seeds": [1, 2]}
      """;

  @AfterEach
  void restore() {
    SweepCommand.stopRequested = Interrupts::requested;
  }

  private Path file(String name, String text) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(f, text);
    return f;
  }

  private Cli.Result sweep(Path file, String out, String... more) {
    List<String> args = new ArrayList<>(List.of("sweep", file.toString(), "--out",
        dir.resolve(out).toString(), "--threads", "2"));
    args.addAll(List.of(more));
    return Cli.run(args.toArray(String[]::new));
  }

  private static List<Path> parameterFiles(Path run) throws IOException {
    try (Stream<Path> s = Files.list(run.resolve(Run.PARAMETERS))) {
      return s.sorted().toList();
    }
  }

  private static List<String> runNames(Path sweepDir) throws IOException {
    List<String> plan = Files.readAllLines(sweepDir.resolve("plan.csv"));
    return plan.subList(1, plan.size()).stream().map(l -> l.split(",")[0]).toList();
  }

  @Test
  void aSweepStoppedAnywhereCompletesToTheNumbersOfAnUninterruptedOne() throws IOException {
    Path f = file("tiny.json", SWEEP);
    Cli.Result whole = sweep(f, "whole");
    assertEquals(0, whole.code(), whole.err());
    Path w = dir.resolve("whole");
    List<String> plan = Files.readAllLines(w.resolve("plan.csv"));
    assertEquals("run,optimizer.learning_rate,rule,seed,config", plan.get(0));
    assertEquals(1 + 8, plan.size());
    List<String> names = runNames(w);
    assertTrue(names.get(0).matches("lr0\\.01-bptt-s1-[0-9a-f]{8}"), names.get(0));
    for (String n : names) {
      assertTrue(Files.exists(w.resolve("configs/" + n + ".json")), n);
      assertEquals(Run.Status.COMPLETE, Run.status(w.resolve("runs/" + n)), n);
    }
    assertTrue(whole.out().contains("8 runs, 8 trained now, 0 already complete"), whole.out());

    // a config of the plan is one run accepts as is, to the same numbers
    Cli.Result alone = Cli.run("run", w.resolve("configs/" + names.get(3) + ".json").toString(),
        "--runs-dir", dir.resolve("alone").toString(), "--quiet");
    assertEquals(0, alone.code(), alone.err());
    assertEquals(RunCommandTest.numbers(w.resolve("runs/" + names.get(3))),
        RunCommandTest.numbers(dir.resolve("alone/" + names.get(3))));

    // stopped after a few iterations of the runs under way; rerun until complete
    Path s = dir.resolve("stopped");
    int stops = 0;
    for (int after : new int[] {8, 24}) {
      AtomicInteger calls = new AtomicInteger();
      SweepCommand.stopRequested = () -> calls.incrementAndGet() > after;
      Cli.Result r = sweep(f, "stopped", "--quiet");
      if (r.code() != 0) {
        stops++;
        assertTrue(r.err().contains("complete the sweep with: ./bpttlab sweep " + f
            + " --out " + s), r.err());
      }
    }
    assertTrue(stops >= 2, "the sweep was stopped at least twice");
    SweepCommand.stopRequested = () -> false;
    Cli.Result last = sweep(f, "stopped");
    assertEquals(0, last.code(), last.err());
    assertEquals(names, runNames(s));
    for (String n : names) {
      Path a = w.resolve("runs/" + n);
      Path b = s.resolve("runs/" + n);
      assertEquals(RunCommandTest.numbers(a), RunCommandTest.numbers(b), n);
      List<Path> pa = parameterFiles(a);
      List<Path> pb = parameterFiles(b);
      assertEquals(pa.stream().map(Path::getFileName).toList(),
          pb.stream().map(Path::getFileName).toList());
      for (int i = 0; i < pa.size(); i++) {
        assertArrayEquals(Files.readAllBytes(pa.get(i)), Files.readAllBytes(pb.get(i)),
            n + " " + pa.get(i).getFileName());
      }
    }

    // a rerun of a complete sweep skips every run
    Cli.Result again = sweep(f, "whole");
    assertEquals(0, again.code(), again.err());
    assertTrue(again.out().contains("8 runs, 0 trained now, 8 already complete"), again.out());
  }

  /**
   * A tuned sweep: 3 learning rates of which one diverges, on 2 tune seeds, then the chosen one
   * on 3 report seeds; the choice is the candidate with the lowest mean validation loss, the
   * report runs are scored on the test batches, and a rerun trains nothing.
   */
  @Test
  void aTunedSweepReportsTheSettingChosenOnValidationOnFreshSeeds() throws IOException {
    Path f = file("tuned.json", """
        {"name": "tuned", "task": "adding:steps=6", "network": {"cell": "rate", "hidden": 5},
         "rule": "bptt", "optimizer": {"kind": "sgd", "learning_rate": 0.01},
         "iterations": 12, "batch_size": 3, "eval_every": 4, "eval_sequences": 6,
         "grid": {"optimizer.learning_rate": [1e300, 0.3, 0.03]},
         "seeds": [1, 2, 3], "tune": {"select": "optimizer.learning_rate", "seeds": [101, 102]}}
        """);
    Cli.Result dry = sweep(f, "t", "--dry-run");
    assertEquals(0, dry.code(), dry.err());
    assertTrue(dry.out().startsWith("sweep tuned: 6 candidate runs into " + dir.resolve("t/tuning")
        + " (optimizer.learning_rate selected by the validation loss on seeds [101, 102]), then 3"
        + " report runs into " + dir.resolve("t")), dry.out());
    assertFalse(Files.exists(dir.resolve("t")));
    Cli.Result r = sweep(f, "t", "--quiet");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("6 candidates, 4 trained now, 0 already complete, 2 diverged"),
        r.out());
    assertTrue(r.out().contains("3 runs, 3 trained now, 0 already complete"), r.out());
    Path t = dir.resolve("t");
    List<String> candidates = runNames(t.resolve("tuning"));
    assertEquals(6, candidates.size());
    // the mean validation loss of each finite learning rate, from the candidates' summaries
    double[] mean = new double[3];
    for (String c : candidates) {
      List<String> summary = Files.readAllLines(t.resolve("tuning/runs/" + c + "/summary.csv"));
      int lr = c.startsWith("lr1.0E300") ? 0 : c.startsWith("lr0.3-") ? 1 : 2;
      mean[lr] += Double.parseDouble(summary.get(1).split(",")[2]);
    }
    for (int lr = 0; lr < 3; lr++) {
      mean[lr] /= 2;
    }
    assertTrue(Double.isNaN(mean[0]), "the largest rate diverges");
    String chosen = mean[1] < mean[2] ? "0.3" : "0.03";
    List<String> selection = Files.readAllLines(t.resolve("selection.csv"));
    assertEquals(List.of("optimizer.learning_rate,seeds,diverged,validation_loss,chosen",
        "1.0E300,2,2,NaN,false",
        "0.3,2,0," + mean[1] + "," + chosen.equals("0.3"),
        "0.03,2,0," + mean[2] + "," + chosen.equals("0.03")), selection);
    List<String> report = runNames(t);
    assertEquals(3, report.size());
    for (int i = 0; i < 3; i++) {
      assertTrue(report.get(i).startsWith("lr" + chosen + "-s" + (i + 1) + "-"), report.get(i));
      String config = Files.readString(t.resolve("configs/" + report.get(i) + ".json"));
      assertTrue(config.contains("\"held_out\": \"test\""), config);
      assertEquals(Run.Status.COMPLETE, Run.status(t.resolve("runs/" + report.get(i))));
      assertFalse(candidates.contains(report.get(i)));
    }
    assertTrue(Files.readString(t.resolve("tuning/configs/" + candidates.get(0) + ".json"))
        .contains("\"held_out\": \"validation\""));

    Cli.Result again = sweep(f, "t", "--quiet");
    assertEquals(0, again.code(), again.err());
    assertTrue(again.out().contains("6 candidates, 0 trained now, 6 already complete"),
        again.out());
    assertTrue(again.out().contains("3 runs, 0 trained now, 3 already complete"), again.out());
    assertEquals(selection, Files.readAllLines(t.resolve("selection.csv")));

    // collect reads the report's runs; the candidates are collected from tuning/
    Cli.Result c = Cli.run("collect", t.toString());
    assertEquals(0, c.code(), c.err());
    assertTrue(c.out().startsWith("collected 3 runs"), c.out());

    // --slurm --dry-run prints the candidates' array; the report waits for them
    Cli.Result slurm = sweep(f, "s", "--slurm", "--dry-run", "--jar",
        file("bpttlab.jar", "").toString());
    assertEquals(0, slurm.code(), slurm.err());
    assertTrue(slurm.out().contains("#SBATCH --array=0-5\n"), slurm.out());
    assertTrue(slurm.out().contains("run this command again then"), slurm.out());
    assertEquals(1 + 6, Files.readAllLines(dir.resolve("s/tuning/plan.csv")).size());
    assertFalse(Files.exists(dir.resolve("s/plan.csv")), "the report is not planned yet");
  }

  @Test
  void aDryRunPrintsThePlanAndWritesNothing() throws IOException {
    Path f = file("tiny.json", SWEEP);
    Cli.Result r = sweep(f, "out", "--dry-run");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("sweep tiny: 8 runs into "), r.out());
    assertTrue(r.out().contains("  lr0.003-eprop-s2-"), r.out());
    assertFalse(Files.exists(dir.resolve("out")));
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(List.of(f), s.toList());
    }
  }

  /**
   * --slurm with --dry-run writes the plan and prints a job array of one task per run, trains
   * nothing and submits nothing; a bad SLURM option is refused before anything is written.
   */
  @Test
  void slurmDryRunWritesThePlanAndPrintsTheJobArray() throws IOException {
    Path f = file("tiny.json", SWEEP);
    String jar = file("bpttlab.jar", "").toString();
    Cli.Result r = sweep(f, "out", "--slurm", "--dry-run", "--time", "1:00:00", "--mem", "2G",
        "--jar", jar);
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("#SBATCH --array=0-7\n"), r.out());
    assertTrue(r.out().contains("#SBATCH --time=1:00:00\n"), r.out());
    assertTrue(r.out().contains("#SBATCH --mem=2G\n"), r.out());
    assertEquals(1 + 8, Files.readAllLines(dir.resolve("out/plan.csv")).size());
    try (Stream<Path> runs = Files.list(dir.resolve("out/runs"))) {
      assertEquals(0, runs.count(), "nothing trained");
    }
    assertFalse(Files.exists(dir.resolve("out/slurm/jobs.csv")), "nothing submitted");

    Cli.Result bad = sweep(f, "bad", "--slurm", "--time", "soon", "--jar", jar);
    assertEquals(2, bad.code());
    assertEquals(1, bad.err().strip().lines().count(), bad.err());
    assertTrue(bad.err().contains("--time must be"), bad.err());
    assertFalse(Files.exists(dir.resolve("bad")));
  }

  @Test
  void anotherSweepIntoTheSameFolderIsRefusedNamingTheField() throws IOException {
    Path f = file("tiny.json", SWEEP.replace("\"seeds\": [1, 2]", "\"seeds\": [1]")
        .replace("[0.01, 0.003]", "[0.01]").replace("[\"bptt\", \"eprop\"]", "[\"bptt\"]"));
    assertEquals(0, sweep(f, "out", "--quiet").code());
    Path g = file("other.json", Files.readString(f).replace("\"iterations\": 12",
        "\"iterations\": 13"));
    Cli.Result r = sweep(g, "out");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("holds another sweep (its sweep.json differs in iterations)"),
        r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
  }

  @Test
  void anInvalidSweepIsRefusedInOneLineWithNothingWritten() throws IOException {
    Path f = file("bad.json", SWEEP.replace("\"rule\": [\"bptt\", \"eprop\"]",
        "\"rule\": [\"bptt\", \"bogus\"]"));
    Cli.Result r = sweep(f, "out");
    assertEquals(2, r.code());
    assertTrue(r.err().startsWith("bpttlab sweep: Invalid value for parameter 'SWEEP': "),
        r.err());
    assertTrue(r.err().contains("member {optimizer.learning_rate=0.01, rule=bogus, seed=1}: "),
        r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertFalse(Files.exists(dir.resolve("out")));
  }

  @Test
  void printShowsABuiltInSuiteAsShipped() {
    Cli.Result r = Cli.run("sweep", "memory-quick", "--print");
    assertEquals(0, r.code(), r.err());
    assertEquals(Suites.get("memory-quick").text(), r.out());
    assertTrue(r.out().startsWith("{\n  \"name\": \"memory-quick\",\n"), r.out());
  }

  @Test
  void aSuiteRunsByName() {
    Cli.Result r = Cli.run("sweep", "memory", "--out", dir.resolve("m").toString(), "--dry-run");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("sweep memory: 570 candidate runs into " + dir.resolve("m/tuning")
        + " (optimizer.learning_rate selected by the validation loss on seeds [101, 102]), then"
        + " 171 report runs"), r.out());
    assertEquals(1 + 570, r.out().lines().count());
    assertEquals(741, Suites.get("memory").runs());
  }

  @Test
  void anArgumentThatIsNeitherAFileNorASuiteIsRefusedNamingTheSuites() {
    String missing = dir.resolve("memroy").toString();
    Cli.Result r = Cli.run("sweep", missing, "--out", dir.resolve("out").toString());
    assertEquals(2, r.code());
    assertEquals("bpttlab sweep: Invalid value for parameter 'SWEEP': there is no file " + missing
        + " and no built-in suite of that name; suites: memory, memory-quick, spiking,"
        + " spiking-quick", r.err().strip().lines().findFirst().orElseThrow());
    assertFalse(Files.exists(dir.resolve("out")));
  }

  @Test
  void printRefusesAFile() throws IOException {
    Path f = file("tiny.json", SWEEP);
    Cli.Result r = Cli.run("sweep", f.toString(), "--print");
    assertEquals(2, r.code());
    assertTrue(r.err().startsWith("bpttlab sweep: Invalid value for option '--print': " + f
        + " is a file; --print prints a built-in suite (memory, memory-quick, spiking,"
        + " spiking-quick)"), r.err());
  }
}
