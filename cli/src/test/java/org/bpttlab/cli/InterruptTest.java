package org.bpttlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.bpttlab.experiment.io.AtomicFiles;
import org.bpttlab.experiment.io.Json;
import org.bpttlab.experiment.run.CheckpointFile;
import org.bpttlab.experiment.run.CompareConfig;
import org.bpttlab.experiment.run.Comparison;
import org.bpttlab.experiment.run.Run;
import org.bpttlab.experiment.run.RunConfig;
import org.bpttlab.experiment.train.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training stopped by SIGINT or SIGTERM finishes its iteration, writes a checkpoint there, says
 * how to resume, exits 130 or 143, and resumes to the numbers of an uninterrupted training: for
 * {@code run} and {@code compare}, in-process (the stop flag) and in a real JVM (the signals).
 */
class InterruptTest {
  @TempDir Path dir;

  /** A run long enough to be interrupted after its first checkpoint, short enough to resume. */
  private static final String CONFIG = """
      {"task": "adding:steps=8", "network": {"cell": "rate", "hidden": 6},
       "rule": "eprop:feedback=adaptive",
       "optimizer": {"kind": "adam", "learning_rate": 0.01, "clip_norm": 1.0},
       "seed": 4, "iterations": 3000, "batch_size": 4, "eval_every": 10, "eval_sequences": 8,
       "align_every": 50, "checkpoint_every": 100}
      """;

  private static final List<String> COMPARE = List.of("compare", "--seq-len", "8", "--hidden",
      "6", "--batch", "4", "--rules", "bptt,eprop", "--seeds", "2", "--eval-every", "10",
      "--align-every", "50", "--eval-sequences", "8", "--threads", "2", "--quiet");

  private static final Pattern STOPPED =
      Pattern.compile("stopped at iterations? (\\d+)(?: to (\\d+))?[^;]*; resume with: (.*)");

  private List<String> compareArgs(String runs, int iterations, int checkpointEvery) {
    List<String> args = new ArrayList<>(COMPARE);
    args.addAll(List.of("--iterations", Integer.toString(iterations), "--checkpoint-every",
        Integer.toString(checkpointEvery), "--runs-dir", dir.resolve(runs).toString(), "--name",
        "cmp"));
    return args;
  }

  /** The reproducible columns of a run's or a comparison's tables. */
  private static List<String> numbers(Path folder) throws IOException {
    List<String> all = new ArrayList<>();
    all.addAll(Cli.withoutColumn(folder.resolve("metrics.csv"), "seconds"));
    all.addAll(Cli.withoutColumn(folder.resolve("alignment.csv"), ""));
    all.addAll(Cli.withoutColumn(folder.resolve("summary.csv"), "train_seconds"));
    return all;
  }

  private static BooleanSupplier after(int calls) {
    AtomicInteger n = new AtomicInteger();
    return () -> n.incrementAndGet() > calls;
  }

  private static int checkpointIteration(Path folder, RunConfig rc) throws IOException {
    return CheckpointFile.read(folder.resolve(Run.CHECKPOINT), Json.toText(rc.toJson()))
        .training().iteration();
  }

  /** The stop flag: a run stops after iteration 130 with its checkpoint there, not at 100. */
  @Test
  void aRunStoppedByTheFlagCheckpointsWhereItStopsAndResumesToTheSameNumbers()
      throws IOException {
    Path file = Files.writeString(dir.resolve("small.json"),
        CONFIG.replace("\"iterations\": 3000", "\"iterations\": 300"));
    assertEquals(0, Cli.run("run", file.toString(), "--runs-dir", dir.resolve("a").toString())
        .code());
    RunConfig rc = RunConfig.read(file, "small");
    Path folder = dir.resolve("b/small");
    try (Run run = Run.create(rc, folder, false)) {
      assertTrue(run.trainUntil(300, Trainer.Progress.none(), after(130)));
      assertEquals(130, run.iteration());
    }
    assertEquals(130, checkpointIteration(folder, rc));
    Cli.Result r = Cli.run("run", file.toString(), "--runs-dir", dir.resolve("b").toString(),
        "--resume");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("(resumed after iteration 130)"), r.out());
    assertEquals(numbers(dir.resolve("a/small")), numbers(folder));
  }

  /**
   * The stop flag in a comparison: each rule and seed stops with a checkpoint; compare --resume
   * finishes them to the outputs of an uninterrupted compare, and refuses other options.
   */
  @Test
  void aComparisonStoppedByTheFlagResumesToTheSameNumbers() throws IOException {
    Cli.Result straight = Cli.run(compareArgs("a", 300, 100).toArray(String[]::new));
    assertEquals(0, straight.code(), straight.err());
    CompareConfig config = Comparison.started(dir.resolve("a/cmp"), "cmp");
    Path partial = Comparison.inProgress(dir.resolve("c/cmp"));
    Comparison c;
    try (AtomicFiles.StagedFolder stage = AtomicFiles.stage(partial, false)) {
      c = Comparison.create(config, stage);
    }
    // one thread: the members train one after another, each asking before it starts and before
    // each iteration; the second stops after its iteration 70, the others before they start
    List<Integer> stopped = c.train(1, Trainer.Progress.none(), after(1 + 300 + 1 + 70));
    assertEquals(List.of(0, 0, 70), stopped);
    RunConfig second = config.run(config.rules().get(1), config.seeds().get(0));
    assertEquals(70, checkpointIteration(partial.resolve("members/seed1-rule2"), second));

    Cli.Result other = Cli.run(compareArgs("c", 301, 100).toArray(String[]::new));
    assertEquals(Main.USAGE, other.code());
    assertTrue(other.err().contains("add --resume to continue it"), other.err());
    List<String> changed = compareArgs("c", 301, 100);
    changed.add("--resume");
    other = Cli.run(changed.toArray(String[]::new));
    assertEquals(Main.USAGE, other.code());
    assertTrue(other.err().contains("differ from " + partial.resolve("config.json")
        + " in --iterations;"), other.err());
    assertEquals(1, other.err().strip().lines().count(), other.err());

    List<String> resume = compareArgs("c", 300, 100);
    resume.add("--resume");
    Cli.Result r = Cli.run(resume.toArray(String[]::new));
    assertEquals(0, r.code(), r.err());
    assertEquals(numbers(dir.resolve("a/cmp")), numbers(dir.resolve("c/cmp")));
    assertFalse(Files.exists(partial), "the in-progress folder goes at the end");
    r = Cli.run(resume.toArray(String[]::new));
    assertEquals(Main.USAGE, r.code());
    assertTrue(r.err().contains("is complete; there is nothing to resume"), r.err());
  }

  /** True if this JVM ignores SIGINT (a background job of a script): its children do too. */
  private static boolean sigintIgnored() throws IOException {
    Path status = Paths.get("/proc/self/status");
    if (!Files.exists(status)) {
      return false;
    }
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("SigIgn:")) {
        return (Long.parseUnsignedLong(line.substring(7).strip(), 16) & 2) != 0;
      }
    }
    return false;
  }

  /** Starts bpttlab in its own JVM, with this JVM's class path. */
  private Process start(List<String> args, Path err) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
        Main.class.getName()));
    command.addAll(args);
    return new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(err.toFile()).start();
  }

  /** Waits until a file matching {@code glob} appears under {@code root}. */
  private static void await(Path root, String glob, Process p) throws Exception {
    var matcher = root.getFileSystem().getPathMatcher("glob:" + glob);
    for (int i = 0; i < 6000; i++) {
      if (Files.exists(root)) {
        try (Stream<Path> s = Files.walk(root)) {
          if (s.anyMatch(matcher::matches)) {
            return;
          }
        }
      }
      assertTrue(p.isAlive(), "the JVM ended before its first checkpoint");
      Thread.sleep(10);
    }
    throw new AssertionError("no " + glob + " after 60 s");
  }

  /** Sends SIGINT (SIGTERM if this JVM ignores SIGINT); returns the exit code expected. */
  private static int interrupt(Process p) throws Exception {
    if (sigintIgnored()) {
      p.destroy();
      return 143;
    }
    Process kill = new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start();
    assertEquals(0, kill.waitFor());
    return 130;
  }

  private static Matcher stoppedLine(Process p, Path err, int code) throws Exception {
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the JVM did not stop");
    String text = Files.readString(err, StandardCharsets.UTF_8);
    assertEquals(code, p.exitValue(), text);
    List<String> lines = text.lines().filter(l -> l.contains("stopped at")).toList();
    assertEquals(1, lines.size(), text);
    Matcher m = STOPPED.matcher(lines.get(0));
    assertTrue(m.find(), lines.get(0));
    return m;
  }

  /**
   * run in its own JVM, interrupted after its first checkpoint: exit 130 (143 for SIGTERM), the
   * line with the stop iteration and the command that resumes, the checkpoint at that iteration;
   * that command, run here, gives the numbers of an uninterrupted run.
   */
  @Test
  void anInterruptedRunCheckpointsSaysHowToResumeAndResumesToTheSameNumbers() throws Exception {
    Path file = Files.writeString(dir.resolve("long.json"), CONFIG);
    Path err = dir.resolve("err.txt");
    Process p = start(List.of("run", file.toString(), "--runs-dir",
        dir.resolve("killed").toString()), err);
    Path folder = dir.resolve("killed/long");
    await(folder, "**/checkpoint.bin", p);
    int code = interrupt(p);
    Matcher m = stoppedLine(p, err, code);
    int at = Integer.parseInt(m.group(1));
    assertEquals(at, checkpointIteration(folder, RunConfig.read(file, "long")));
    assertEquals("./bpttlab run " + file + " --resume --runs-dir " + dir.resolve("killed"),
        m.group(3));
    assertFalse(Files.exists(folder.resolve("summary.md")));

    Cli.Result r = Cli.run("run", file.toString(), "--runs-dir", dir.resolve("killed").toString(),
        "--resume");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("(resumed after iteration " + at + ")"), r.out());
    assertEquals(0, Cli.run("run", file.toString(), "--runs-dir", dir.resolve("straight")
        .toString()).code());
    assertEquals(numbers(dir.resolve("straight/long")), numbers(folder));
  }

  /**
   * compare in its own JVM, stopped by SIGTERM ({@link Process#destroy}) after a checkpoint:
   * exit 143, each rule and seed checkpointed in the in-progress folder, and the command the line
   * gives resumes to the outputs of an uninterrupted compare.
   */
  @Test
  void aTerminatedCompareResumesToTheSameNumbers() throws Exception {
    Path err = dir.resolve("err.txt");
    List<String> args = compareArgs("killed", 1500, 100);
    Process p = start(args, err);
    Path partial = Comparison.inProgress(dir.resolve("killed/cmp"));
    await(partial, "**/checkpoint.bin", p);
    p.destroy();
    Matcher m = stoppedLine(p, err, 143);
    int last = Integer.parseInt(m.group(m.group(2) != null ? 2 : 1));
    CompareConfig config = Comparison.started(partial, "cmp");
    int latest = 0;
    try (Stream<Path> members = Files.list(partial.resolve(Comparison.MEMBERS))) {
      for (Path member : members.toList()) {
        String[] part = member.getFileName().toString().split("-rule");
        RunConfig rc = config.run(config.rules().get(Integer.parseInt(part[1]) - 1),
            Long.parseLong(part[0].substring("seed".length())));
        latest = Math.max(latest, checkpointIteration(member, rc));
      }
    }
    assertEquals(last, latest, "the checkpoints are where the members stopped");
    List<String> expected = new ArrayList<>(List.of("./bpttlab"));
    expected.addAll(args);
    expected.add("--resume");
    assertEquals(Interrupts.shellWords(expected), m.group(3));
    assertFalse(Files.exists(dir.resolve("killed/cmp")), "nothing under the final name");

    List<String> resume = new ArrayList<>(args);
    resume.add("--resume");
    Cli.Result r = Cli.run(resume.toArray(String[]::new));
    assertEquals(0, r.code(), r.err());
    Cli.Result straight = Cli.run(compareArgs("straight", 1500, 100).toArray(String[]::new));
    assertEquals(0, straight.code(), straight.err());
    assertEquals(numbers(dir.resolve("straight/cmp")), numbers(dir.resolve("killed/cmp")));
  }
}
