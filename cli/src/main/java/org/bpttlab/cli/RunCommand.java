package org.bpttlab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.bpttlab.experiment.align.Alignment;
import org.bpttlab.experiment.dynamics.Analysis;
import org.bpttlab.results.figures.Figures;
import org.bpttlab.results.figures.Report;
import org.bpttlab.experiment.io.AtomicFiles;
import org.bpttlab.experiment.io.FolderLock;
import org.bpttlab.experiment.run.Outputs;
import org.bpttlab.experiment.run.Run;
import org.bpttlab.experiment.run.RunConfig;
import org.bpttlab.experiment.train.MemoryPlan;
import org.bpttlab.experiment.train.RuleResult;
import org.bpttlab.experiment.train.TrainingDivergedException;
import org.bpttlab.tasks.Task;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bpttlab run CONFIG}: one rule on one task and seed, as a config file describes it
 * ({@link RunConfig}), in {@code runs/<name>/} ({@link Run}: rows appended as they come, periodic
 * checkpoints, {@code --resume} after a kill continues bit for bit). Formats in docs/outputs.md.
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
      "Train one network with one learning rule as a config file describes it.",
      "Writes runs/<name>/ (config.json, metrics.csv, alignment.csv, then summary.csv, summary.md,"
          + " parameters/, figures/ and report.html), checkpointing every checkpoint_every iterations; --resume"
          + " continues a run that was stopped, with the same numbers as if it had not been."
    })
final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "CONFIG",
      description = "the run's config, a JSON file (fields in docs/outputs.md); compare's"
          + " config.json of one rule and one seed is one too")
  String config;

  @Mixin RunFolderOptions output;

  @Option(names = "--resume",
      description = "continue the run of this config from its last checkpoint")
  boolean resume;


  @Option(names = "--threads", paramLabel = "N", converter = Converters.Threads.class,
      description = "threads the network's large matrix products are split over (the same"
          + " numbers on any number, so a run may resume on another); figures drawn at once;"
          + " default: the machine's cores")
  Integer threads;

  @Override
  @SuppressWarnings("try") // the lock is held, not used, in its block
  public Integer call() throws IOException {
    CommandLine cmd = spec.commandLine();
    if (resume && output.force) {
      throw new ParameterException(cmd, "options '--resume' and '--force' exclude each other:"
          + " --resume continues a run, --force replaces it");
    }
    Path file = CliSupport.path(cmd, "CONFIG", config);
    RunConfig rc = read(cmd, file);
    Path target = output.folder(cmd, rc.name());
    int threadCount = threads != null ? threads : CliSupport.defaultThreads();
    try {
      MemoryPlan.requireHeap("this run", MemoryPlan.trainingDoubles(rc.network(), rc.rule(),
          rc.batchSize(), rc.createTask().steps()), "network.hidden, batch_size or the task's steps");
    } catch (IllegalArgumentException e) {
      throw new ParameterException(cmd, "Invalid value for parameter 'CONFIG': " + file + ": "
          + e.getMessage());
    }
    // one owner per run folder, from before its name is checked until its report is written
    try (FolderLock lock = CliSupport.lock(cmd, "--runs-dir", target,
        resume ? "run --resume" : "run")) {
      return train(cmd, file, rc, target, threadCount);
    }
  }

  private Integer train(CommandLine cmd, Path file, RunConfig rc, Path target, int threadCount)
      throws IOException {
    Run run;
    if (resume) {
      try {
        run = Run.resume(rc, target, threadCount);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(cmd, "Invalid value for option '--resume': "
            + e.getMessage());
      }
    } else {
      if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !output.force) {
        throw new ParameterException(cmd, "Invalid value for option '--runs-dir': " + target
            + " already exists; " + existing(target));
      }
      try (AtomicFiles.StagedFolder stage =
          CliSupport.stage(cmd, "--runs-dir", target, output.force)) {
        run = Run.create(rc, stage, threadCount);
      } catch (IllegalArgumentException e) {
        // the rule refused the network (e.g. rflo, for the rate cell only): nothing was written
        throw new ParameterException(cmd, "Invalid value for parameter 'CONFIG': " + file
            + ": rule: " + e.getMessage());
      }
    }
    RuleResult result;
    ProgressLine progress = new ProgressLine(cmd.getErr(), output.progress(),
        rc.iterations(), 1, 1, run.startIteration());
    try (Run r = run) {
      boolean stopped;
      Interrupts.during(Interrupts.stoppingMessage("run"));
      try {
        stopped = r.trainUntil(rc.iterations(), progress, Interrupts::requested);
      } finally {
        Interrupts.during(null);
      }
      progress.finish();
      if (stopped) {
        List<String> again = new ArrayList<>(List.of("./bpttlab", "run", config, "--resume"));
        if (!output.runsDir.equals(RunFolderOptions.DEFAULT_RUNS_DIR)) {
          again.addAll(List.of("--runs-dir", output.runsDir));
        }
        cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": stopped at iteration "
            + r.iteration() + "; resume with: " + Interrupts.shellWords(again));
        cmd.getErr().flush();
        return Interrupts.exitCode();
      }
      result = r.finish();
    } catch (TrainingDivergedException e) {
      drawAfterDivergence(run.folder(), e);
      throw e;
    } finally {
      progress.finish();
    }
    if (output.analyze) {
      progress.doing("analysing the trained networks on " + Analysis.TRIALS
          + " held-out trials");
      Analysis.ofFolder(run.folder(), threadCount).write(run.folder());
    }
    Figures.drawAll(run.folder(), threadCount, progress::drawing);
    Report.write(run.folder());
    progress.drawn();
    print(cmd.getOut(), rc, run, result);
    return Main.OK;
  }

  /** What to do with an existing folder instead of starting a run in it. */
  private static String existing(Path target) {
    if (!Files.exists(target.resolve(Run.CONFIG))) {
      return "choose another name or add --force to replace it";
    }
    return switch (Run.status(target)) {
      case COMPLETE -> "its run is complete: choose another name or add --force to replace it";
      case UNDRAWN -> "its run lacks only its figures and report: finish it with ./bpttlab plot "
          + target + ", or add --force to replace it";
      default -> "add --resume to continue its run or --force to replace it";
    };
  }

  /**
   * The figures and report of the rows a diverged run kept; a failure to draw them is added to
   * the divergence, which stays the error reported.
   */
  private static void drawAfterDivergence(Path folder, TrainingDivergedException e) {
    try {
      Figures.drawAll(folder);
      Report.write(folder);
    } catch (IOException | RuntimeException drawing) {
      e.addSuppressed(drawing);
    }
  }

  /** The config; a usage error names the file and the field. */
  private static RunConfig read(CommandLine cmd, Path file) {
    String fileName = file.getFileName() == null ? "" : file.getFileName().toString();
    String stem = fileName.endsWith(".json")
        ? fileName.substring(0, fileName.length() - ".json".length()) : fileName;
    try {
      return RunConfig.read(file, RunConfig.NAME.matcher(stem).matches() ? stem : null);
    } catch (NoSuchFileException e) {
      throw new ParameterException(cmd,
          "Invalid value for parameter 'CONFIG': there is no file " + file);
    } catch (IOException e) {
      throw new ParameterException(cmd, "Invalid value for parameter 'CONFIG': cannot read "
          + file + " (" + e.getMessage() + ")");
    } catch (IllegalArgumentException e) {
      throw new ParameterException(cmd, "Invalid value for parameter 'CONFIG': " + file + ": "
          + e.getMessage());
    }
  }

  private static void print(PrintWriter out, RunConfig rc, Run run, RuleResult r) {
    Task t = rc.createTask();
    Alignment a = Outputs.lastAlignment(r, Alignment.ALL);
    out.printf(Locale.ROOT, "%s on %s, %s cell, n = %d, seed %d: %d iterations%s%n", rc.rule(),
        t.name(), rc.network().cell().kind(), rc.network().hidden(), rc.seed(), rc.iterations(),
        run.startIteration() > 0 ? " (resumed after iteration " + run.startIteration() + ")" : "");
    out.printf(Locale.ROOT, "%s: loss %.4g, %s %.4g (baseline %.4g, success %s); cosine with BPTT"
            + " at the end %s; %.1f s%n",
        r.heldOut().sequences() > 0 ? r.heldOut().sequences() + " held-out sequences"
            : "last training batch",
        Outputs.finalLoss(r), t.metricName(), Outputs.finalMetric(r), t.baseline(),
        Outputs.success(t, r) ? "yes" : "no",
        a == null ? "not measured" : String.format(Locale.ROOT, "%.4g", a.cosine()), r.seconds());
    out.println("wrote " + run.folder() + " (config.json, metrics.csv, alignment.csv, summary.csv,"
        + " summary.md, parameters/, figures/, report.html)");
    out.flush();
  }
}
