package org.bpttlab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.bpttlab.experiment.dynamics.Analysis;
import org.bpttlab.experiment.io.FolderLock;
import org.bpttlab.results.figures.Figures;
import org.bpttlab.results.figures.Report;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bpttlab analyze RUN_FOLDER}: runs the trained networks a run or compare saved on held-out
 * trials and writes {@code analysis/} ({@link Analysis}), then redraws the folder's figures and
 * report, the dynamics figures among them (docs/figures.md, "Dynamics figures").
 */
@Command(name = "analyze", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
      "Look inside trained networks: state-space trajectories, fixed points, spike rasters.",
      "Runs each network a run or compare folder saved (parameters/) on "
          + Analysis.TRIALS + " held-out trials and writes RUN_FOLDER/analysis/: principal"
          + " components of the hidden states, each trial's path in the top three, a rate"
          + " network's fixed and slow points with their eigenvalues, a spiking network's"
          + " spikes, firing rates and membrane traces. Then redraws figures/ and report.html."
          + " Files and figures: docs/figures.md."
    })
final class AnalyzeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "RUN_FOLDER",
      description = "a folder written by run or compare, e.g. runs/compare-adding-rate-1")
  String folder;

  @Option(names = "--trials", paramLabel = "T[,T...]", split = ",",
      description = "the held-out trials (0-" + (Analysis.TRIALS - 1) + ", 1 to 4) whose spikes"
          + " spikes.csv keeps; the lowest is drawn in the raster and its traces; default: 0,1")
  List<Integer> trials = Analysis.SHOWN;

  @Option(names = "--threads", paramLabel = "N", converter = Converters.Threads.class,
      description = "networks analysed at once; default: the machine's cores")
  Integer threads;

  @Override
  @SuppressWarnings("try") // the lock is held, not used, in its block
  public Integer call() throws IOException {
    CommandLine cmd = spec.commandLine();
    try {
      new Analysis(trials);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(cmd, "Invalid value for option '--trials': "
          + e.getMessage());
    }
    Path dir = CliSupport.folder(cmd, "RUN_FOLDER", folder);
    int threadCount = threads != null ? threads : CliSupport.defaultThreads();
    List<Path> written;
    try (FolderLock lock = CliSupport.lock(cmd, "RUN_FOLDER", dir, "analyze")) {
      written = analyze(cmd, dir, threadCount, trials);
    }
    PrintWriter out = cmd.getOut();
    out.println("wrote " + written.size() + " files to " + dir.resolve(Analysis.FOLDER)
        + ", then " + dir.resolve(Figures.FOLDER) + " and " + dir.resolve(Report.FILE));
    out.flush();
    return Main.OK;
  }

  /**
   * Analyses the networks saved in {@code dir}, writes {@code analysis/} and redraws the figures
   * and report; returns the analysis files. A folder without a config.json or saved parameters is
   * a usage error naming it.
   */
  private static List<Path> analyze(CommandLine cmd, Path dir, int threads, List<Integer> trials)
      throws IOException {
    Analysis analysis;
    try {
      analysis = Analysis.ofFolder(dir, threads, trials);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(cmd, "Invalid value for parameter 'RUN_FOLDER': "
          + e.getMessage());
    }
    List<Path> written = analysis.write(dir);
    Figures.drawAll(dir, threads);
    Report.write(dir);
    return written;
  }
}
