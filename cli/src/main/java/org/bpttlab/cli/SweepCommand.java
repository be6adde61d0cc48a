package org.bpttlab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.bpttlab.experiment.io.AtomicFiles;
import org.bpttlab.experiment.io.Csv;
import org.bpttlab.experiment.io.FolderLock;
import org.bpttlab.experiment.io.Json;
import org.bpttlab.experiment.run.Run;
import org.bpttlab.experiment.run.RunConfig;
import org.bpttlab.experiment.slurm.JobArray;
import org.bpttlab.experiment.sweep.Suites;
import org.bpttlab.experiment.sweep.Sweep;
import org.bpttlab.experiment.train.MemoryPlan;
import org.bpttlab.experiment.train.Trainer;
import org.bpttlab.experiment.train.TrainingDivergedException;
import org.bpttlab.results.figures.Figures;
import org.bpttlab.results.figures.Report;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bpttlab sweep SWEEP.json}: expands a sweep ({@link Sweep}) to run configs, writes the
 * plan, and trains every run as {@code run} would, several at once. A rerun skips the finished
 * runs, resumes the stopped ones from their checkpoints and starts the rest, so an interrupted
 * sweep completes with the numbers of an uninterrupted one. Layout in docs/sweeps.md.
 *
 * <p>One run per thread, each run's products on its own thread: the runs of a sweep are
 * independent, so this uses every core with no synchronisation, where splitting one small
 * network's products over threads does not pay (and the numbers are the same either way).
 */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
      "Train every run of a sweep (a grid and a list over a run config's fields), several at"
          + " once.",
      "Writes DIR/sweep.json, DIR/plan.csv, DIR/configs/<run>.json and DIR/runs/<run>/ (run"
          + " folders as run writes them). Rerun the same command to complete a stopped sweep."
    })
final class SweepCommand implements Callable<Integer> {
  static final String SWEEP = "sweep.json";
  static final String PLAN = "plan.csv";
  static final String CONFIGS = "configs";
  static final String RUNS = "runs";
  static final String TUNING = "tuning";
  static final String SELECTION = "selection.csv";

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SWEEP",
      description = "the sweep, a JSON file: a run config's fields with grid, list or seeds"
          + " (docs/sweeps.md); or a built-in suite's name (./bpttlab list)")
  String sweepFile;

  @Option(names = "--out", paramLabel = "DIR",
      description = "the sweep's folder; default: runs/<the sweep's name>")
  String out;

  @Option(names = "--threads", paramLabel = "N", converter = Converters.Threads.class,
      description = "runs trained at once; default: the machine's cores")
  Integer threads;

  @Option(names = "--slurm", description = "write the plan, then submit the unfinished runs as a"
      + " SLURM job array (sbatch) instead of training here; with --dry-run, print the script")
  boolean slurm;

  @Mixin SlurmOptions slurmOptions;

  @Option(names = "--dry-run", description = "print the plan and write nothing (with --slurm:"
      + " write the plan and print the job script, submit nothing)")
  boolean dryRun;

  @Option(names = "--quiet", description = "no line per finished run")
  boolean quiet;

  @Option(names = "--print", description = "print the built-in suite SWEEP's file, to copy and"
      + " edit, and run nothing")
  boolean print;

  /** Whether to stop the runs (the signals' flag; tests trip it in-process). */
  static volatile BooleanSupplier stopRequested = Interrupts::requested;

  private enum Outcome { TRAINED, SKIPPED, DIVERGED, STOPPED, FAILED }

  private static final String NOT_STARTED = "not started";

  private record Done(Outcome outcome, String message) {}

  @Override
  @SuppressWarnings("try") // the lock is held, not used, in its block
  public Integer call() throws IOException, InterruptedException {
    CommandLine cmd = spec.commandLine();
    Path file = CliSupport.path(cmd, "SWEEP", sweepFile);
    // an existing file is read as a file, even one named like a suite
    Suites.Suite suite = Files.exists(file) ? null : suite(cmd, sweepFile);
    if (print) {
      if (suite == null) {
        throw new ParameterException(cmd, "Invalid value for option '--print': " + file
            + " is a file; --print prints a built-in suite (" + String.join(", ", Suites.names())
            + ")");
      }
      cmd.getOut().print(suite.text());
      cmd.getOut().flush();
      return Main.OK;
    }
    Sweep sweep = suite != null ? readSuite(cmd, suite) : read(cmd, file);
    Path dir = out != null ? CliSupport.path(cmd, "--out", out)
        : Path.of(RunFolderOptions.DEFAULT_RUNS_DIR, sweep.name());
    int threadCount = threads != null ? threads : CliSupport.defaultThreads();
    List<Sweep.Member> all = new ArrayList<>(sweep.members());
    if (sweep.tuning() != null) {
      all.addAll(sweep.tuning().report());
    }
    int atOnce = Math.min(threadCount, sweep.members().size());
    long largest = 0;
    for (Sweep.Member m : all) {
      RunConfig rc = m.config();
      largest = Math.max(largest, MemoryPlan.trainingDoubles(rc.network(), rc.rule(),
          rc.batchSize(), rc.createTask().steps()));
    }
    try {
      if (!slurm) {
        MemoryPlan.requireHeap("this sweep (" + atOnce + " runs at once)", largest * atOnce,
            "--threads, network.hidden, batch_size or the task's steps");
      }
    } catch (IllegalArgumentException e) {
      throw new ParameterException(cmd, "Invalid value for parameter 'SWEEP': " + file + ": "
          + e.getMessage());
    }
    refuseOtherSweep(cmd, sweep, dir);
    PrintWriter o = cmd.getOut();
    if (dryRun && !slurm) {
      if (sweep.tuning() == null) {
        o.println("sweep " + sweep.name() + ": " + sweep.members().size() + " runs into " + dir
            + " (dry run: nothing written)");
      } else {
        Sweep.Tuning t = sweep.tuning();
        o.println("sweep " + sweep.name() + ": " + sweep.members().size() + " candidate runs"
            + " into " + dir.resolve(TUNING) + " (" + String.join(", ", t.select())
            + " selected by the validation " + t.by() + " on seeds " + t.seeds() + "), then "
            + sweep.reportRuns() + " report runs into " + dir + " (the chosen settings on the test"
            + " batches; dry run: nothing written)");
      }
      sweep.members().forEach(m -> o.println("  " + m.name()));
      o.flush();
      return Main.OK;
    }
    if (slurm) {
      try {
        slurmOptions.jobArray(dir.toAbsolutePath()).validateOptions();
      } catch (IllegalArgumentException e) {
        throw new ParameterException(cmd, "Invalid value for option '--slurm': " + e.getMessage());
      }
    }
    try (FolderLock lock = CliSupport.lock(cmd, "--out", dir, "sweep")) {
      refuseOtherSweep(cmd, sweep, dir);
      Files.createDirectories(dir);
      Json.write(dir.resolve(SWEEP), sweep.normalised());
      Sweep report = sweep;
      if (sweep.tuning() != null) {
        Path tuning = dir.resolve(TUNING);
        writePlan(sweep, tuning);
        if (slurm) {
          JobArray array = slurmOptions.jobArray(tuning.toAbsolutePath());
          if (!array.pending().isEmpty()) {
            array.submit(dryRun, o);
            o.println("the report runs are chosen when these candidates are complete: run this"
                + " command again then");
            o.flush();
            return Main.OK;
          }
        } else {
          Tally t = runAll(cmd, sweep, tuning, threadCount, "candidate");
          if (t.code() != Main.OK) {
            return t.code();
          }
          o.println("tuned in " + tuning + ": " + t.counts());
        }
        report = select(sweep, dir);
      }
      writePlan(report, dir);
      if (slurm) {
        slurmOptions.jobArray(dir.toAbsolutePath()).submit(dryRun, o);
        return Main.OK;
      }
      Tally t = runAll(cmd, report, dir, threadCount, "run");
      if (t.code() == Main.OK) {
        o.println("wrote " + dir + " (" + SWEEP + (sweep.tuning() != null
            ? ", " + TUNING + "/, " + SELECTION : "") + ", " + PLAN + ", " + CONFIGS + "/, "
            + RUNS + "/): " + t.counts());
        o.flush();
      }
      return t.code();
    }
  }

  /**
   * Selects each group's setting from its candidates' summary.csv (their held-out loss or metric
   * on the validation batches; NaN for a diverged candidate), writes selection.csv and returns the
   * report sweep.
   */
  private static Sweep select(Sweep sweep, Path dir) throws IOException {
    Path runs = dir.resolve(TUNING).resolve(RUNS);
    int column = sweep.tuning().by().equals("loss") ? 2 : 3;
    Sweep.Selection s;
    try {
      s = sweep.select(m -> score(runs.resolve(m.name()).resolve(Run.SUMMARY_CSV), column));
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    StringBuilder csv = new StringBuilder(Csv.line(sweep.selectionHeader()));
    s.candidates().forEach(c -> csv.append(Csv.line(sweep.selectionRow(c))));
    AtomicFiles.write(dir.resolve(SELECTION), csv.toString().getBytes(StandardCharsets.UTF_8));
    return s.report();
  }

  /** Column {@code column} of a run's summary.csv (loss 2, metric 3), NaN where it is NaN. */
  private static double score(Path summary, int column) {
    try {
      List<String> lines = Files.readAllLines(summary, StandardCharsets.UTF_8);
      if (lines.size() < 2) {
        throw new IOException(summary + " has no result row");
      }
      return Double.parseDouble(Csv.fields(lines.get(1)).get(column));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      throw new UncheckedIOException(new IOException(summary + " has no " + (column == 2
          ? "loss" : "metric") + " in its result row: " + e.getMessage(), e));
    }
  }

  /** A phase's exit code and its counts, e.g. "12 runs, 3 trained now, 9 already complete". */
  private record Tally(int code, String counts) {}

  /**
   * Trains every member of {@code sweep} in {@code dir}/runs; its code is OK, the interrupt's exit
   * code after a stop (having printed how to go on), or FAILED when a run failed (printed).
   */
  private Tally runAll(CommandLine cmd, Sweep sweep, Path dir, int threadCount, String what)
      throws IOException, InterruptedException {
    PrintWriter o = cmd.getOut();
    int total = sweep.members().size();
    AtomicInteger finished = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(threadCount, total));
    List<Future<Done>> futures = new ArrayList<>();
    Interrupts.during(Interrupts.stoppingMessage("sweep"));
    try {
      for (Sweep.Member m : sweep.members()) {
        futures.add(pool.submit(() -> {
          Done d = stopRequested.getAsBoolean() ? new Done(Outcome.STOPPED, NOT_STARTED)
              : trainMember(m.config(), dir.resolve(RUNS).resolve(m.name()));
          if (!quiet && d.outcome() != Outcome.STOPPED) {
            synchronized (o) {
              o.println("[" + finished.incrementAndGet() + "/" + total + "] " + m.name() + ": "
                  + d.message());
              o.flush();
            }
          }
          return d;
        }));
      }
      pool.shutdown();
      int[] counts = new int[Outcome.values().length];
      List<String> failures = new ArrayList<>();
      int notStarted = 0;
      for (int i = 0; i < futures.size(); i++) {
        Done d;
        try {
          d = futures.get(i).get();
        } catch (ExecutionException e) {
          Throwable c = e.getCause();
          d = new Done(Outcome.FAILED, c instanceof IOException ? "I/O error: " + c.getMessage()
              : c.toString());
        }
        counts[d.outcome().ordinal()]++;
        notStarted += d.message().equals(NOT_STARTED) ? 1 : 0;
        if (d.outcome() == Outcome.FAILED) {
          failures.add(sweep.members().get(i).name() + ": " + d.message());
        }
      }
      String name = cmd.getCommandSpec().qualifiedName();
      if (counts[Outcome.STOPPED.ordinal()] > 0) {
        List<String> again = new ArrayList<>(List.of("./bpttlab", "sweep", sweepFile));
        if (out != null) {
          again.addAll(List.of("--out", out));
        }
        int stopped = counts[Outcome.STOPPED.ordinal()] - notStarted;
        cmd.getErr().println(name + ": stopped with " + (total - counts[Outcome.STOPPED.ordinal()])
            + " of " + total + " " + what + "s done, " + stopped + " stopped with a checkpoint, "
            + notStarted + " not started; complete the sweep with: "
            + Interrupts.shellWords(again));
        cmd.getErr().flush();
        return new Tally(Interrupts.exitCode(), "");
      }
      int diverged = counts[Outcome.DIVERGED.ordinal()];
      String tally = total + " " + what + "s, " + counts[Outcome.TRAINED.ordinal()]
          + " trained now, " + counts[Outcome.SKIPPED.ordinal()] + " already complete"
          + (diverged > 0 ? ", " + diverged + " diverged" : "");
      if (!failures.isEmpty()) {
        cmd.getErr().println(name + ": " + failures.size() + " of " + total + " " + what
            + "s failed; " + String.join("; ", failures));
        cmd.getErr().flush();
        return new Tally(Main.FAILED, tally);
      }
      return new Tally(Main.OK, tally);
    } finally {
      Interrupts.during(null);
      pool.shutdownNow();
    }
  }

  /** Trains (or resumes, or draws) one member in {@code folder}, as {@code run} would. */
  @SuppressWarnings("try") // the lock is held, not used, in its block
  private static Done trainMember(RunConfig rc, Path folder) throws IOException {
    try (FolderLock lock = FolderLock.acquire(folder, "sweep")) {
      Run run;
      if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
        try (AtomicFiles.StagedFolder stage = AtomicFiles.stage(folder, false)) {
          run = Run.create(rc, stage, 1);
        }
      } else if (!Files.exists(folder.resolve(Run.CONFIG))) {
        return new Done(Outcome.FAILED, folder + " exists and is not a run folder (no "
            + Run.CONFIG + "): move it away and rerun the sweep");
      } else {
        switch (Run.status(folder)) {
          case COMPLETE -> {
            return new Done(Outcome.SKIPPED, "already complete");
          }
          case UNDRAWN -> {
            draw(folder);
            return new Done(Outcome.TRAINED, "figures drawn");
          }
          default -> run = Run.resume(rc, folder, 1);
        }
      }
      String resumed = run.startIteration() > 0
          ? " (resumed after iteration " + run.startIteration() + ")" : "";
      try (Run r = run) {
        if (r.trainUntil(rc.iterations(), Trainer.Progress.none(), stopRequested)) {
          return new Done(Outcome.STOPPED, "stopped at iteration " + r.iteration());
        }
        r.finish();
      } catch (TrainingDivergedException e) {
        draw(folder);
        return new Done(Outcome.DIVERGED, e.getMessage());
      } catch (IllegalArgumentException e) {
        return new Done(Outcome.FAILED, e.getMessage());
      }
      draw(folder);
      return new Done(Outcome.TRAINED, "trained" + resumed);
    }
  }

  private static void draw(Path folder) throws IOException {
    Figures.drawAll(folder, 1);
    Report.write(folder);
  }

  /** A rerun into a folder that holds another sweep is refused, naming the first difference. */
  private static void refuseOtherSweep(CommandLine cmd, Sweep sweep, Path dir) {
    Path written = dir.resolve(SWEEP);
    if (!Files.exists(written)) {
      return;
    }
    String field;
    try {
      field = sweep.firstDifference(Json.read(written));
    } catch (IOException e) {
      throw new ParameterException(cmd, "Invalid value for option '--out': cannot read "
          + written + " (" + e.getMessage() + ")");
    }
    if (field != null) {
      throw new ParameterException(cmd, "Invalid value for option '--out': " + dir + " holds"
          + " another sweep (its " + SWEEP + " differs in " + field + "); give another --out"
          + " or remove " + dir);
    }
  }

  /** plan.csv and the configs in {@code dir}, each written atomically. */
  private static void writePlan(Sweep sweep, Path dir) throws IOException {
    Files.createDirectories(dir.resolve(CONFIGS));
    Files.createDirectories(dir.resolve(RUNS));
    for (Sweep.Member m : sweep.members()) {
      Json.write(dir.resolve(CONFIGS).resolve(m.name() + ".json"), m.config().toJson());
    }
    StringBuilder plan = new StringBuilder(Csv.line(sweep.planHeader()));
    sweep.members().forEach(m -> plan.append(Csv.line(sweep.planRow(m))));
    AtomicFiles.write(dir.resolve(PLAN), plan.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static Suites.Suite suite(CommandLine cmd, String name) {
    try {
      return Suites.get(name);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(cmd, "Invalid value for parameter 'SWEEP': " + e.getMessage());
    }
  }

  private static Sweep readSuite(CommandLine cmd, Suites.Suite suite) {
    try {
      return Sweep.fromText(suite.text(), suite.name());
    } catch (IllegalArgumentException e) {
      throw new ParameterException(cmd, "Invalid value for parameter 'SWEEP': suite "
          + suite.name() + ": " + e.getMessage());
    }
  }

  private static Sweep read(CommandLine cmd, Path file) {
    try {
      return Sweep.read(file);
    } catch (NoSuchFileException e) {
      throw new ParameterException(cmd,
          "Invalid value for parameter 'SWEEP': there is no file " + file);
    } catch (IOException e) {
      throw new ParameterException(cmd, "Invalid value for parameter 'SWEEP': cannot read "
          + file + " (" + e.getMessage() + ")");
    } catch (IllegalArgumentException e) {
      throw new ParameterException(cmd, "Invalid value for parameter 'SWEEP': " + file + ": "
          + e.getMessage());
    }
  }
}
