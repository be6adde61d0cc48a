package org.bpttlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bpttlab.experiment.io.FolderLock;
import org.bpttlab.experiment.run.CheckpointFile;
import org.bpttlab.experiment.run.Run;
import org.bpttlab.experiment.run.RunConfig;
import org.bpttlab.experiment.train.Checkpoint;
import org.bpttlab.experiment.train.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One owner per run folder, and integrity end to end (docs/runs.md, "What a failure leaves"):
 * a second command on a folder in use is refused at once, damage to a stopped run's CSVs is found
 * before training, a run stopped while drawing is finished by {@code plot}, and what killed
 * commands leave goes at the next start.
 */
class RunFolderTest {
  @TempDir Path dir;

  private Path config(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  private Cli.Result run(Path config, String runsDir, String... extra) {
    List<String> args = new ArrayList<>(List.of("run", config.toString(), "--runs-dir",
        dir.resolve(runsDir).toString(), "--quiet"));
    args.addAll(List.of(extra));
    return Cli.run(args.toArray(String[]::new));
  }

  /** Every file under {@code folder} with its bytes (as text). */
  private static Map<String, String> contents(Path folder) throws IOException {
    Map<String, String> all = new TreeMap<>();
    try (Stream<Path> s = Files.walk(folder)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        all.put(folder.relativize(p).toString(),
            new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
      }
    }
    return all;
  }

  /** The small run of RunCommandTest stopped after iteration 17 (its checkpoint after 14). */
  private Path stopped(Path file, String runsDir) throws IOException {
    Path folder = dir.resolve(runsDir).resolve("small");
    try (Run killed = Run.create(RunConfig.read(file, "small"), folder, false)) {
      killed.trainUntil(17, Trainer.Progress.none());
    }
    return folder;
  }

  private static void assertRefused(Cli.Result r, String command, String message) {
    assertEquals(2, r.code(), r.err());
    assertEquals("", r.out());
    assertEquals(1, r.err().lines().count(), "one line: " + r.err());
    assertTrue(r.err().startsWith("bpttlab " + command + ": "), r.err());
    assertTrue(r.err().contains(message), "says " + message + ": " + r.err());
  }

  /**
   * Two {@code run --resume} of one run at once, the first in another process: the second is
   * refused at once naming the first (pid, host, start), the first finishes, and the run equals
   * an uninterrupted one bit for bit (but for the seconds columns).
   */
  @Test
  void ofTwoResumesAtOnceOneProceedsAndTheOtherIsRefused() throws Exception {
    // long enough (600 iterations, then the figures, in a new JVM) for the other process to be
    // still at work when this one tries
    Path file = config("small.json", RunCommandTest.CONFIG
        .replace("\"iterations\": 30", "\"iterations\": 600"));
    assertEquals(0, run(file, "straight").code());
    List<String> expected = RunCommandTest.numbers(dir.resolve("straight/small"));
    Path folder = stopped(file, "runs");

    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), "run", file.toString(), "--runs-dir", dir.resolve("runs").toString(),
        "--resume", "--quiet"));
    Path log = dir.resolve("other.log");
    Process other = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    try {
      Path lockFile = FolderLock.lockFile(folder);
      String owner = "";
      for (int k = 0; k < 600 && !owner.contains("command=run --resume"); k++) {
        Thread.sleep(50);
        owner = Files.exists(lockFile) ? Files.readString(lockFile) : "";
      }
      assertTrue(owner.startsWith("pid=" + other.pid() + "\n"), owner + Files.readString(log));
      Cli.Result refused = run(file, "runs", "--resume");
      assertRefused(refused, "run", folder + " is in use by bpttlab run --resume (pid "
          + other.pid() + " on ");
      assertTrue(refused.err().contains(", since 20"), refused.err());
      assertTrue(other.waitFor(120, TimeUnit.SECONDS), "the other process ends");
      assertEquals(0, other.exitValue(), Files.readString(log));
    } finally {
      other.destroyForcibly();
    }
    assertEquals(expected, RunCommandTest.numbers(folder));
    assertFalse(Files.exists(FolderLock.lockFile(folder)), "the lock file goes with its owner");
  }

  /**
   * A folder held by a command of this JVM (here, the test's lock) is refused to every command
   * that would write it, at once, with nothing written; once free, the run resumes.
   */
  @Test
  @SuppressWarnings("try") // the lock is held, not used
  void aFolderInUseIsRefusedToEveryCommandAndNothingIsWritten() throws IOException {
    Path file = config("small.json", RunCommandTest.CONFIG);
    assertEquals(0, run(file, "straight").code());
    Path folder = stopped(file, "runs");
    Map<String, String> before = contents(dir.resolve("runs"));
    String owner = folder.toAbsolutePath() + " is in use by bpttlab run (pid "
        + ProcessHandle.current().pid() + " on ";
    try (FolderLock lock = FolderLock.acquire(folder, "run")) {
      assertRefused(run(file, "runs", "--resume"), "run", owner);
      assertRefused(run(file, "runs"), "run", owner);
      assertRefused(run(file, "runs", "--force"), "run", owner);
      assertRefused(Cli.run("plot", folder.toString()), "plot", owner);
      assertRefused(Cli.run("compare", "--iterations", "2", "--runs-dir",
          dir.resolve("runs").toString(), "--name", "small", "--force"), "compare", owner);
      before.put(".small.lock", Files.readString(FolderLock.lockFile(folder)));
      assertEquals(before, contents(dir.resolve("runs")), "nothing written");
    }
    assertEquals(0, run(file, "runs", "--resume").code());
    assertEquals(RunCommandTest.numbers(dir.resolve("straight/small")),
        RunCommandTest.numbers(folder));
  }

  /**
   * A changed digit, 40 overwritten bytes, or a changed alignment row before the checkpoint's
   * offset: refused before training, naming the file and the line, with nothing written.
   */
  @Test
  void damageBeforeTheCheckpointIsFoundBeforeTrainingByFileAndLine() throws IOException {
    Path file = config("small.json", RunCommandTest.CONFIG);
    assertEquals(0, run(file, "straight").code());
    Path folder = stopped(file, "runs");
    Map<String, String> before = contents(folder);
    Path metrics = folder.resolve("metrics.csv");
    Path alignment = folder.resolve("alignment.csv");
    byte[] original = Files.readAllBytes(metrics);
    byte[] originalAlignment = Files.readAllBytes(alignment);
    List<String> lines = Files.readAllLines(metrics);
    assertTrue(lines.get(2).startsWith("6,"), "line 3: iteration 6");

    // one digit of the loss in line 3 (iteration 6)
    int line3 = lines.get(0).length() + lines.get(1).length() + 2;
    int digit = line3 + lines.get(2).indexOf(',', lines.get(2).indexOf(",4,") + 3) - 1;
    byte[] changed = original.clone();
    changed[digit] = (byte) (changed[digit] == '1' ? '2' : '1');
    Files.write(metrics, changed);
    assertRefused(run(file, "runs", "--resume"), "run", metrics.toAbsolutePath()
        + " line 3 changed since bpttlab wrote it (checkpoint.bin holds its checksums);"
        + " restore the file, or start the run again with --force");
    before.put("metrics.csv", new String(changed, StandardCharsets.ISO_8859_1));
    assertEquals(before, contents(folder), "nothing written");

    // 40 bytes overwritten from the middle of line 2
    byte[] overwritten = original.clone();
    for (int k = 0; k < 40; k++) {
      overwritten[lines.get(0).length() + 10 + k] = '#';
    }
    Files.write(metrics, overwritten);
    assertRefused(run(file, "runs", "--resume"), "run", "metrics.csv line 2 changed");
    Files.write(metrics, original);

    byte[] changedAlignment = originalAlignment.clone();
    int at = new String(originalAlignment, StandardCharsets.UTF_8).indexOf("\n10,") + 40;
    changedAlignment[at] = (byte) (changedAlignment[at] == '3' ? '4' : '3');
    Files.write(alignment, changedAlignment);
    assertRefused(run(file, "runs", "--resume"), "run", "alignment.csv line 8 changed");
    Files.write(alignment, originalAlignment);

    assertEquals(0, run(file, "runs", "--resume").code(), "restored, it resumes");
    assertEquals(RunCommandTest.numbers(dir.resolve("straight/small")),
        RunCommandTest.numbers(folder));
  }

  /**
   * A checkpoint forged with a correct CRC and the CSVs' true checksums, but another iteration,
   * is refused: its CSVs hold the rows of another iteration.
   */
  @Test
  void aForgedCheckpointIsRefusedWhenItsIterationDoesNotFitTheRows() throws IOException {
    Path file = config("small.json", RunCommandTest.CONFIG);
    Path folder = stopped(file, "runs");
    Path checkpoint = folder.resolve("checkpoint.bin");
    RunConfig rc = RunConfig.read(file, "small");
    String configText = org.bpttlab.experiment.io.Json.toText(rc.toJson());
    CheckpointFile.State s = CheckpointFile.read(checkpoint, configText);
    Checkpoint c = s.training();
    CheckpointFile.write(checkpoint, configText, new CheckpointFile.State(new Checkpoint(
        c.rule(), c.seed(), 7, c.seconds(), c.parameters(), c.optimizer(), c.carriedState()),
        s.metrics(), s.alignment()));
    assertRefused(run(file, "runs", "--resume"), "run", "metrics.csv holds the rows of 4"
        + " iterations (up to 12) but checkpoint.bin is after iteration 7, which makes 2 (up to"
        + " 6); they do not belong together");
  }

  /**
   * A run stopped after summary.md but before its figures and report is not complete: both
   * {@code run} and {@code run --resume} say to finish it with {@code plot}, which does.
   */
  @Test
  void aRunStoppedWhileDrawingIsFinishedByPlot() throws IOException {
    Path file = config("small.json", RunCommandTest.CONFIG);
    assertEquals(0, run(file, "runs").code());
    Path folder = dir.resolve("runs/small");
    Files.delete(folder.resolve("report.html"));
    org.bpttlab.experiment.io.AtomicFiles.deleteRecursively(folder.resolve("figures"));
    assertRefused(run(file, "runs", "--resume"), "run",
        "was stopped before its figures and report.html were written; finish it with:"
            + " ./bpttlab plot " + folder);
    assertRefused(run(file, "runs"), "run", "finish it with ./bpttlab plot " + folder);
    assertEquals(0, Cli.run("plot", folder.toString()).code());
    assertRefused(run(file, "runs", "--resume"), "run", "is complete (it has summary.md and"
        + " report.html)");
  }

  /**
   * What a compare and a plot killed by SIGKILL leave (a staged folder beside the run folders, a
   * temporary report and figures in one) goes at the next command in that runs folder.
   */
  @Test
  void whatKilledCommandsLeaveGoesAtTheNextStart() throws Exception {
    Path file = config("small.json", RunCommandTest.CONFIG);
    assertEquals(0, run(file, "runs").code());
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    long dead = p.pid();
    Path runs = dir.resolve("runs");
    Files.createDirectories(runs.resolve(".compare-adding-rate-1.staging-" + dead + "-1/figures"));
    Files.writeString(runs.resolve(".compare-adding-rate-1.staging-" + dead + "-1/metrics.csv"),
        "iteration\n");
    Files.writeString(runs.resolve("small/.report.html.tmp-" + dead + "-3"), "<html>");
    Files.createDirectories(runs.resolve("small/.figures.staging-" + dead + "-2"));
    Files.writeString(runs.resolve(".compare-adding-rate-1.lock"), "pid=" + dead + "\n");

    assertEquals(0, Cli.run("plot", runs.resolve("small").toString()).code());
    try (Stream<Path> s = Files.list(runs)) {
      assertEquals(List.of("small"), s.map(x -> x.getFileName().toString()).toList());
    }
    try (Stream<Path> s = Files.list(runs.resolve("small"))) {
      assertEquals(List.of(), s.map(x -> x.getFileName().toString())
          .filter(n -> n.startsWith(".")).toList());
    }
  }
}
