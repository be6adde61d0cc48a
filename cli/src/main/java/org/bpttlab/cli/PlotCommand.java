package org.bpttlab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.bpttlab.experiment.io.FolderLock;
import org.bpttlab.results.figures.Figures;
import org.bpttlab.results.figures.Report;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bpttlab plot RUN_FOLDER}: redraws a run's figures ({@code figures/*.png}, {@code *.svg})
 * and its {@code report.html} from the CSVs in the folder ({@link Figures#drawAll},
 * {@link Report#write}); {@code run} and {@code compare} do the same when they finish.
 */
@Command(name = "plot", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
      "Redraw a run's figures and its report from the CSVs it wrote.",
      "Reads whichever of metrics.csv, alignment.csv, summary.csv, lag.csv, cost.csv and"
          + " points.csv the folder holds; writes RUN_FOLDER/figures/ (each figure as PNG and SVG,"
          + " replaced as a whole) and RUN_FOLDER/report.html (one self-contained page)."
          + " Figures and their inputs: docs/figures.md."
    })
final class PlotCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "RUN_FOLDER",
      description = "a folder written by run, compare or reproduce, e.g. runs/compare-adding-rate-1")
  String folder;

  @Override
  @SuppressWarnings("try") // the lock is held, not used, in its block
  public Integer call() throws IOException {
    CommandLine cmd = spec.commandLine();
    Path dir = folder(cmd);
    List<Path> files;
    Path report;
    try (FolderLock lock = CliSupport.lock(cmd, "RUN_FOLDER", dir, "plot")) {
      files = Figures.drawAll(dir);
      report = Report.write(dir);
    } catch (AccessDeniedException e) {
      throw new ParameterException(cmd, "Invalid value for parameter 'RUN_FOLDER': cannot write "
          + e.getFile() + " (permission denied)");
    }
    PrintWriter out = cmd.getOut();
    out.println("wrote " + files.size() / 2 + " figures (PNG and SVG) to " + dir.resolve(
        Figures.FOLDER) + " and " + report);
    out.flush();
    return Main.OK;
  }

  /** The folder; one that is missing, not a folder or holds nothing to draw is a usage error. */
  private Path folder(CommandLine cmd) {
    String bad = "Invalid value for parameter 'RUN_FOLDER': ";
    Path dir;
    try {
      if (folder.isBlank()) {
        throw new InvalidPathException(folder, "empty path");
      }
      dir = Path.of(folder);
    } catch (InvalidPathException e) {
      throw new ParameterException(cmd, bad + "not a valid path, was '" + folder + "'");
    }
    if (!Files.exists(dir)) {
      throw new ParameterException(cmd, bad + "there is no folder " + dir);
    }
    if (!Files.isDirectory(dir)) {
      throw new ParameterException(cmd, bad + dir + " is not a folder");
    }
    if (Figures.INPUTS.stream().noneMatch(f -> Files.isRegularFile(dir.resolve(f)))) {
      throw new ParameterException(cmd, bad + dir + " holds none of "
          + String.join(", ", Figures.INPUTS) + ": nothing to draw");
    }
    return dir;
  }
}
