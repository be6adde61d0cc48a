package org.bpttlab.experiment.slurm;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.bpttlab.experiment.io.Csv;

/**
 * A sweep folder's unfinished runs as one SLURM job array (docs/sweeps.md, "Running on a SLURM
 * cluster"). From {@code SWEEP_DIR/plan.csv} (columns {@code run}, the swept fields, {@code config})
 * it lists the runs that are not complete (no summary.md and report.html in
 * {@code SWEEP_DIR/runs/<run>/}) in {@code SWEEP_DIR/slurm/tasks.txt} ({@code TASK RUN CONFIG} per
 * line, {@link #runsPerTask} runs per array task), writes {@code SWEEP_DIR/slurm/sweep.sbatch} and
 * submits it with {@code sbatch --parsable}, recording the job id in {@code slurm/jobs.csv}. Each
 * array task skips a complete run, finishes the drawing of one stopped while drawing
 * ({@code bpttlab plot}), resumes one whose folder exists ({@code run --resume}) and starts the
 * others, exactly as a local sweep does. Options are plain fields so that a command line maps onto
 * them; {@link #validate} gives the first bad one as an {@link IllegalArgumentException}.
 */
public final class JobArray {
  /** The folder under the sweep folder that holds what this writes. */
  public static final String FOLDER = "slurm";

  /** The launcher's JVM options, used when BPTTLAB_JAVA_OPTIONS is not set on the node. */
  public static final String JAVA_OPTIONS = "-XX:+UseParallelGC -Xmn64m";

  private static final Pattern TIME =
      Pattern.compile("\\d+|\\d+:\\d{1,2}|\\d+:\\d{1,2}:\\d{1,2}|\\d+-\\d+(:\\d{1,2}(:\\d{1,2})?)?");
  private static final Pattern MEM = Pattern.compile("\\d+[KMGT]?");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");

  /** The sweep folder (plan.csv, configs/, runs/). */
  public Path sweepDir;

  /** The bpttlab jar the tasks run, made absolute. */
  public Path jar;

  /** At most this many array tasks at once ({@code %LIMIT}); 0: no limit. */
  public int limit;

  /** Runs per array task, run one after the other. */
  public int runsPerTask = 1;

  /** {@code --time} of each task (SLURM's forms: minutes, H:MM:SS, D-HH...). */
  public String time = "04:00:00";

  /** {@code --mem} of each task (e.g. 4G). */
  public String mem = "4G";

  /** {@code --cpus-per-task}; the run's {@code --threads}. */
  public int cpusPerTask = 1;

  /** {@code --partition}; null: the cluster's default. */
  public String partition;

  /** {@code --job-name}. */
  public String jobName = "bpttlab-sweep";

  /** The {@code sbatch} command. */
  public String sbatch = "sbatch";

  /** One run of the plan: its folder name and its config, relative to the sweep folder. */
  public record PlannedRun(String run, String config) {}

  /** The first bad option, or nothing. */
  public void validate() {
    if (sweepDir == null || !Files.isRegularFile(sweepDir.resolve("plan.csv"))) {
      throw new IllegalArgumentException("SWEEP_DIR " + sweepDir + " has no plan.csv");
    }
    validateOptions();
  }

  /** As {@link #validate}, but for the plan, which a sweep writes only once its options hold. */
  public void validateOptions() {
    if (sweepDir.toAbsolutePath().toString().matches(".*\\s.*")) {
      // #SBATCH lines are not shell words: a path with spaces cannot be quoted in --output
      throw new IllegalArgumentException("SWEEP_DIR " + sweepDir.toAbsolutePath()
          + " holds a space, which an #SBATCH --output path cannot");
    }
    if (jar == null || !Files.isRegularFile(jar)) {
      throw new IllegalArgumentException("the bpttlab jar " + jar + " does not exist");
    }
    if (limit < 0) {
      throw new IllegalArgumentException("--array-limit must be >= 0 (0: no limit), not " + limit);
    }
    if (runsPerTask < 1) {
      throw new IllegalArgumentException("--runs-per-task must be >= 1, not " + runsPerTask);
    }
    if (cpusPerTask < 1) {
      throw new IllegalArgumentException("--cpus-per-task must be >= 1, not " + cpusPerTask);
    }
    if (time == null || !TIME.matcher(time).matches()) {
      throw new IllegalArgumentException("--time must be minutes, MM:SS, H:MM:SS or D-HH[:MM[:SS]]"
          + " (e.g. 04:00:00), not '" + time + "'");
    }
    if (mem == null || !MEM.matcher(mem).matches()) {
      throw new IllegalArgumentException("--mem must be a size such as 4G or 500M, not '" + mem
          + "'");
    }
    if (partition != null && !NAME.matcher(partition).matches()) {
      throw new IllegalArgumentException("--partition must be a name ([A-Za-z0-9._-]), not '"
          + partition + "'");
    }
    if (jobName == null || !NAME.matcher(jobName).matches()) {
      throw new IllegalArgumentException("--job-name must be a name ([A-Za-z0-9._-]), not '"
          + jobName + "'");
    }
  }

  /** The plan's runs, in its order. */
  public List<PlannedRun> plan() throws IOException {
    List<String> lines = Files.readAllLines(sweepDir.resolve("plan.csv"), StandardCharsets.UTF_8);
    if (lines.isEmpty()) {
      throw new IllegalArgumentException(sweepDir.resolve("plan.csv") + " is empty");
    }
    List<String> header = Csv.fields(lines.get(0));
    int run = header.indexOf("run");
    int config = header.indexOf("config");
    if (run < 0 || config < 0) {
      throw new IllegalArgumentException(sweepDir.resolve("plan.csv")
          + " needs the columns run and config, has " + header);
    }
    List<PlannedRun> runs = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      List<String> f = Csv.fields(lines.get(i));
      String name = f.get(run);
      String path = f.get(config);
      if (!NAME.matcher(name).matches() || path.isBlank() || path.contains(" ")
          || path.startsWith("/")) {
        throw new IllegalArgumentException(sweepDir.resolve("plan.csv") + " line " + (i + 1)
            + ": a run needs a name of [A-Za-z0-9._-] and a relative config path without spaces");
      }
      runs.add(new PlannedRun(name, path));
    }
    return runs;
  }

  /** True if the run's folder has summary.md and report.html. */
  public boolean complete(PlannedRun r) {
    Path dir = sweepDir.resolve("runs").resolve(r.run());
    return Files.isRegularFile(dir.resolve("summary.md"))
        && Files.isRegularFile(dir.resolve("report.html"));
  }

  /** The plan's runs that are not complete. */
  public List<PlannedRun> pending() throws IOException {
    List<PlannedRun> out = new ArrayList<>();
    for (PlannedRun r : plan()) {
      if (!complete(r)) {
        out.add(r);
      }
    }
    return out;
  }

  /** Number of array tasks for this many runs. */
  public int tasks(int runs) {
    return (runs + runsPerTask - 1) / runsPerTask;
  }

  /** The task list: {@code TASK RUN CONFIG} per line. */
  public String taskList(List<PlannedRun> runs) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < runs.size(); i++) {
      b.append(i / runsPerTask).append(' ').append(runs.get(i).run()).append(' ')
          .append(runs.get(i).config()).append('\n');
    }
    return b.toString();
  }

  /** The sbatch script for this many runs. */
  public String script(int runs) {
    Path dir = sweepDir.toAbsolutePath().normalize();
    Path slurm = dir.resolve(FOLDER);
    StringBuilder b = new StringBuilder();
    b.append("#!/usr/bin/env bash\n");
    b.append("#SBATCH --job-name=").append(jobName).append('\n');
    b.append("#SBATCH --array=0-").append(tasks(runs) - 1);
    if (limit > 0) {
      b.append('%').append(limit);
    }
    b.append('\n');
    b.append("#SBATCH --time=").append(time).append('\n');
    b.append("#SBATCH --mem=").append(mem).append('\n');
    b.append("#SBATCH --cpus-per-task=").append(cpusPerTask).append('\n');
    if (partition != null) {
      b.append("#SBATCH --partition=").append(partition).append('\n');
    }
    b.append("#SBATCH --output=").append(slurm).append("/%A_%a.out\n");
    b.append("# Written by bpttlab (docs/sweeps.md): array task i runs the runs of the lines\n");
    b.append("# 'i RUN CONFIG' of tasks.txt, each skipped when complete, finished when stopped\n");
    b.append("# while drawing, resumed when its folder exists, started otherwise. A run that\n");
    b.append("# diverged is complete (summary and report written): not a failure.\n");
    b.append("set -uo pipefail\n");
    b.append("sweep=").append(quote(dir.toString())).append('\n');
    b.append("jar=").append(quote(jar.toAbsolutePath().normalize().toString())).append('\n');
    b.append("java_cmd=java\n");
    b.append("[[ -n \"${JAVA_HOME:-}\" ]] && java_cmd=\"$JAVA_HOME/bin/java\"\n");
    b.append("read -r -a java_options <<<\"${BPTTLAB_JAVA_OPTIONS-").append(JAVA_OPTIONS)
        .append("}\"\n");
    b.append("bpttlab() {\n");
    b.append("  \"$java_cmd\" ${java_options[@]+\"${java_options[@]}\"}"
        + " --add-modules jdk.incubator.vector -jar \"$jar\" \"$@\"\n");
    b.append("}\n");
    b.append("threads=\"${SLURM_CPUS_PER_TASK:-").append(cpusPerTask).append("}\"\n");
    b.append("status=0\n");
    b.append("while read -r task run config; do\n");
    b.append("  [[ \"$task\" == \"$SLURM_ARRAY_TASK_ID\" ]] || continue\n");
    b.append("  folder=\"$sweep/runs/$run\"\n");
    b.append("  if [[ -f \"$folder/summary.md\" && -f \"$folder/report.html\" ]]; then\n");
    b.append("    echo \"$run: complete, skipped\"\n");
    b.append("  elif [[ -f \"$folder/summary.md\" ]]; then\n");
    b.append("    echo \"$run: stopped while drawing, drawing\"\n");
    b.append("    bpttlab plot \"$folder\" || status=1\n");
    b.append("  elif [[ -d \"$folder\" ]]; then\n");
    b.append("    echo \"$run: resuming\"\n");
    b.append("    bpttlab run \"$sweep/$config\" --runs-dir \"$sweep/runs\" --threads \"$threads\""
        + " --quiet --resume || [[ -f \"$folder/report.html\" ]] || status=1\n");
    b.append("  else\n");
    b.append("    echo \"$run: starting\"\n");
    b.append("    bpttlab run \"$sweep/$config\" --runs-dir \"$sweep/runs\" --threads \"$threads\""
        + " --quiet || [[ -f \"$folder/report.html\" ]] || status=1\n");
    b.append("  fi\n");
    b.append("done <\"$sweep/").append(FOLDER).append("/tasks.txt\"\n");
    b.append("exit \"$status\"\n");
    return b.toString();
  }

  /**
   * Writes slurm/tasks.txt and slurm/sweep.sbatch for the unfinished runs and submits the array,
   * or, with {@code dryRun}, prints the script and the task list and writes and submits nothing.
   * Returns the job id, or null when nothing was submitted (a dry run, or every run complete).
   */
  public String submit(boolean dryRun, PrintWriter out) throws IOException, InterruptedException {
    validate();
    List<PlannedRun> runs = pending();
    if (runs.isEmpty()) {
      out.println("every run of " + sweepDir + " is complete: nothing to submit");
      out.flush();
      return null;
    }
    String script = script(runs.size());
    String tasks = taskList(runs);
    if (dryRun) {
      out.print(script);
      out.println("# tasks.txt (" + runs.size() + " runs in " + tasks(runs.size())
          + " array tasks):");
      tasks.lines().forEach(l -> out.println("# " + l));
      out.flush();
      return null;
    }
    Path slurm = sweepDir.resolve(FOLDER);
    Files.createDirectories(slurm);
    Files.createDirectories(sweepDir.resolve("runs"));
    Path scriptFile = slurm.resolve("sweep.sbatch");
    Files.writeString(slurm.resolve("tasks.txt"), tasks, StandardCharsets.UTF_8);
    Files.writeString(scriptFile, script, StandardCharsets.UTF_8);
    Process p = new ProcessBuilder(sbatch, "--parsable", scriptFile.toAbsolutePath().toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String answer = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    int code = p.waitFor();
    if (code != 0 || answer.isEmpty()) {
      throw new IOException(sbatch + " " + scriptFile + " failed (exit " + code + ")");
    }
    // --parsable prints "jobid" or "jobid;cluster"
    String job = answer.lines().reduce((a, c) -> c).orElse(answer).split(";")[0].trim();
    Path jobs = slurm.resolve("jobs.csv");
    if (!Files.exists(jobs)) {
      Files.writeString(jobs, "job,submitted,runs,tasks\n", StandardCharsets.UTF_8);
    }
    Files.writeString(jobs, Csv.line(List.of(job, Instant.now().toString(),
        Integer.toString(runs.size()), Integer.toString(tasks(runs.size())))),
        StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
    out.println("submitted job " + job + ": " + runs.size() + " runs in " + tasks(runs.size())
        + " array tasks (" + scriptFile + ")");
    out.flush();
    return job;
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }
}
