package org.bpttlab.experiment.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job array's script, task list, validation and submission, without SLURM: a fake sbatch
 * records its arguments, and the script itself runs under bash with a fake java.
 */
class JobArrayTest {
  @TempDir Path dir;

  /** A sweep folder with the named runs in plan.csv and a job array over it. */
  private JobArray sweep(String... runs) throws IOException {
    Files.createDirectories(dir.resolve("configs"));
    StringBuilder plan = new StringBuilder("run,seed,config\n");
    for (int i = 0; i < runs.length; i++) {
      plan.append(runs[i]).append(',').append(i).append(",configs/").append(runs[i])
          .append(".json\n");
      Files.writeString(dir.resolve("configs/" + runs[i] + ".json"), "{}");
    }
    Files.writeString(dir.resolve("plan.csv"), plan.toString());
    Path jar = dir.resolve("bpttlab.jar");
    Files.writeString(jar, "");
    JobArray a = new JobArray();
    a.sweepDir = dir;
    a.jar = jar;
    return a;
  }

  private void complete(String run) throws IOException {
    Files.createDirectories(dir.resolve("runs/" + run));
    Files.writeString(dir.resolve("runs/" + run + "/summary.md"), "");
    Files.writeString(dir.resolve("runs/" + run + "/report.html"), "");
  }

  private static Path executable(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }

  @Test
  void scriptHasTheArrayTheOptionsAndTheTaskList() throws IOException {
    JobArray a = sweep("a", "b", "c", "d", "e");
    a.limit = 3;
    a.time = "1-02:00:00";
    a.mem = "8G";
    a.cpusPerTask = 4;
    a.partition = "gpu";
    a.jobName = "memory-suite";
    String s = a.script(5);
    Path abs = dir.toAbsolutePath().normalize();
    assertTrue(s.startsWith("#!/usr/bin/env bash\n"), s);
    for (String line : List.of("#SBATCH --array=0-4%3", "#SBATCH --time=1-02:00:00",
        "#SBATCH --mem=8G", "#SBATCH --cpus-per-task=4", "#SBATCH --partition=gpu",
        "#SBATCH --job-name=memory-suite", "#SBATCH --output=" + abs + "/slurm/%A_%a.out",
        "jar='" + abs.resolve("bpttlab.jar") + "'",
        "read -r -a java_options <<<\"${BPTTLAB_JAVA_OPTIONS--XX:+UseParallelGC -Xmn64m}\"",
        "threads=\"${SLURM_CPUS_PER_TASK:-4}\"",
        "done <\"$sweep/slurm/tasks.txt\"")) {
      assertTrue(s.lines().anyMatch(line::equals), "no line " + line + " in\n" + s);
    }
    assertTrue(s.contains("--add-modules jdk.incubator.vector -jar \"$jar\""), s);
    assertTrue(s.contains("--runs-dir \"$sweep/runs\" --threads \"$threads\" --quiet --resume"), s);

    a.runsPerTask = 2;
    a.limit = 0;
    a.partition = null;
    String grouped = a.script(5);
    assertTrue(grouped.lines().anyMatch("#SBATCH --array=0-2"::equals), grouped);
    assertFalse(grouped.contains("--partition"), grouped);
    assertEquals("0 a configs/a.json\n0 b configs/b.json\n1 c configs/c.json\n"
        + "1 d configs/d.json\n2 e configs/e.json\n", a.taskList(a.plan()));
  }

  @Test
  void pendingLeavesOutCompleteRunsOnly() throws IOException {
    JobArray a = sweep("done", "drawing", "stopped", "new");
    complete("done");
    Files.createDirectories(dir.resolve("runs/drawing"));
    Files.writeString(dir.resolve("runs/drawing/summary.md"), "");
    Files.createDirectories(dir.resolve("runs/stopped"));
    Files.writeString(dir.resolve("runs/stopped/checkpoint.bin"), "");
    assertEquals(List.of("drawing", "stopped", "new"),
        a.pending().stream().map(JobArray.PlannedRun::run).toList());
  }

  @Test
  void eachTaskSkipsDrawsResumesOrStartsItsRuns() throws IOException, InterruptedException {
    JobArray a = sweep("done", "drawing", "stopped", "new", "other");
    a.runsPerTask = 4;
    complete("done");
    Files.createDirectories(dir.resolve("runs/drawing"));
    Files.writeString(dir.resolve("runs/drawing/summary.md"), "");
    Files.createDirectories(dir.resolve("runs/stopped"));
    Path log = dir.resolve("java.log");
    Path javaHome = dir.resolve("jdk");
    executable(javaHome.resolve("bin/java"), "#!/bin/sh\necho \"$*\" >>'" + log + "'\n");
    Files.createDirectories(dir.resolve("slurm"));
    Files.writeString(dir.resolve("slurm/tasks.txt"), a.taskList(a.plan()));
    Path script = dir.resolve("slurm/sweep.sbatch");
    Files.writeString(script, a.script(5));
    ProcessBuilder pb = new ProcessBuilder("bash", script.toString());
    pb.environment().put("SLURM_ARRAY_TASK_ID", "0");
    pb.environment().put("SLURM_CPUS_PER_TASK", "3");
    pb.environment().put("JAVA_HOME", javaHome.toString());
    pb.environment().put("BPTTLAB_JAVA_OPTIONS", "-Xmx1g");
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), out);
    assertEquals("done: complete, skipped\ndrawing: stopped while drawing, drawing\n"
        + "stopped: resuming\nnew: starting\n", out);
    Path sweepDir = dir.toAbsolutePath().normalize();
    String prefix = "-Xmx1g --add-modules jdk.incubator.vector -jar " + sweepDir + "/bpttlab.jar ";
    String runs = " --runs-dir " + sweepDir + "/runs --threads 3 --quiet";
    assertEquals(List.of(prefix + "plot " + sweepDir + "/runs/drawing",
        prefix + "run " + sweepDir + "/configs/stopped.json" + runs + " --resume",
        prefix + "run " + sweepDir + "/configs/new.json" + runs), Files.readAllLines(log));
  }

  @Test
  void badOptionsAreRefusedWithOneMessage() throws IOException {
    List<Consumer<JobArray>> bad = List.of(a -> a.limit = -1, a -> a.runsPerTask = 0,
        a -> a.cpusPerTask = 0, a -> a.time = "2h", a -> a.mem = "lots",
        a -> a.partition = "a b", a -> a.jobName = "x;rm", a -> a.jar = dir.resolve("none.jar"),
        a -> a.sweepDir = dir.resolve("nowhere"));
    List<String> says = List.of("--array-limit must be >= 0", "--runs-per-task must be >= 1",
        "--cpus-per-task must be >= 1", "--time must be", "--mem must be", "--partition must be",
        "--job-name must be", "none.jar does not exist", "has no plan.csv");
    for (int i = 0; i < bad.size(); i++) {
      JobArray a = sweep("a");
      a.validate();
      bad.get(i).accept(a);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, a::validate);
      assertTrue(e.getMessage().contains(says.get(i)), e.getMessage());
    }
    JobArray spaced = sweep("a");
    Path space = Files.createDirectories(dir.resolve("a sweep"));
    Files.copy(dir.resolve("plan.csv"), space.resolve("plan.csv"));
    spaced.sweepDir = space;
    assertTrue(assertThrows(IllegalArgumentException.class, spaced::validate).getMessage()
        .contains("holds a space"));
    JobArray a = sweep("a");
    Files.writeString(dir.resolve("plan.csv"), "name,config\na,configs/a.json\n");
    assertThrows(IllegalArgumentException.class, a::plan);
  }

  @Test
  void submitRecordsTheJobAndADryRunWritesAndSubmitsNothing() throws Exception {
    JobArray a = sweep("a", "b", "c");
    complete("b");
    Path args = dir.resolve("sbatch.args");
    a.sbatch = executable(dir.resolve("bin/sbatch"),
        "#!/bin/sh\necho \"$*\" >>'" + args + "'\necho '4242;cluster'\n").toString();

    StringWriter dry = new StringWriter();
    assertNull(a.submit(true, new PrintWriter(dry)));
    assertFalse(Files.exists(dir.resolve("slurm")), "a dry run wrote slurm/");
    assertFalse(Files.exists(args), "a dry run called sbatch");
    assertTrue(dry.toString().contains("#SBATCH --array=0-1\n"), dry.toString());
    assertTrue(dry.toString().contains("# 1 c configs/c.json\n"), dry.toString());

    StringWriter out = new StringWriter();
    assertEquals("4242", a.submit(false, new PrintWriter(out)));
    Path script = dir.resolve("slurm/sweep.sbatch").toAbsolutePath();
    assertEquals(List.of("--parsable " + script), Files.readAllLines(args));
    assertEquals("0 a configs/a.json\n1 c configs/c.json\n",
        Files.readString(dir.resolve("slurm/tasks.txt")));
    assertEquals(a.script(2), Files.readString(script));
    List<String> jobs = Files.readAllLines(dir.resolve("slurm/jobs.csv"));
    assertEquals("job,submitted,runs,tasks", jobs.get(0));
    assertTrue(jobs.get(1).startsWith("4242,") && jobs.get(1).endsWith(",2,2"), jobs.get(1));

    complete("a");
    complete("c");
    StringWriter none = new StringWriter();
    assertNull(a.submit(false, new PrintWriter(none)));
    assertTrue(none.toString().contains("nothing to submit"), none.toString());
    assertEquals(1, Files.readAllLines(args).size());
  }

  @Test
  void aFailingSbatchIsAnError() throws Exception {
    JobArray a = sweep("a");
    a.sbatch = executable(dir.resolve("bin/sbatch"), "#!/bin/sh\nexit 1\n").toString();
    IOException e = assertThrows(IOException.class,
        () -> a.submit(false, new PrintWriter(new StringWriter())));
    assertTrue(e.getMessage().contains("exit 1"), e.getMessage());
    assertFalse(Files.exists(dir.resolve("slurm/jobs.csv")));
  }
}
