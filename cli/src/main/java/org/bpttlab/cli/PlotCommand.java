package org.bpttlab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.bpttlab.experiment.io.AtomicFiles;
import org.bpttlab.experiment.io.FolderLock;
import org.bpttlab.results.figures.Figures;
import org.bpttlab.results.figures.Overlay;
import org.bpttlab.results.figures.Report;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bpttlab plot RUN_FOLDER}: redraws a run's figures ({@code figures/*.png}, {@code *.svg},
 * {@code *.pdf}) and its {@code report.html} from the CSVs in the folder ({@link Figures#drawAll},
 * {@link Report#write}); {@code run} and {@code compare} do the same when they finish.
 * {@code bpttlab plot A B ... --out DIR} overlays the runs of several folders in one set of
 * figures: DIR gets their merged CSVs, a config.json listing them, figures/ and report.html
 * ({@link Overlay}), staged and renamed into place, so that a failure leaves nothing.
 */
@Command(name = "plot", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
      "Redraw a run's figures and its report from the CSVs it wrote, or overlay several runs.",
      "Reads whichever of metrics.csv, alignment.csv, summary.csv, alignment-pairs.csv, lag.csv,"
          + " cost.csv, points.csv and curriculum.csv the folder holds; writes RUN_FOLDER/figures/"
          + " (each figure as PNG, SVG and PDF, replaced as a whole) and RUN_FOLDER/report.html"
          + " (one self-contained page). With several folders (or --out), writes the overlay of"
          + " their runs into --out instead. Figures and their inputs: docs/figures.md."
    })
final class PlotCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "RUN_FOLDER",
      description = "folders written by run, compare or reproduce, e.g. runs/compare-adding-rate-1;"
          + " several are overlaid (their rules in the same figures)")
  List<String> folders;

  @Option(names = "--out", paramLabel = "DIR",
      description = "the folder of the overlay of several RUN_FOLDERs (required with several);"
          + " replaced if an earlier plot --out wrote it")
  String out;

  @Override
  @SuppressWarnings("try") // the lock is held, not used, in its block
  public Integer call() throws IOException {
    CommandLine cmd = spec.commandLine();
    List<Path> dirs = new ArrayList<>();
    for (String f : folders) {
      Path dir = folder(cmd, f);
      for (Path d : dirs) {
        if (same(d, dir)) {
          throw new ParameterException(cmd, "Invalid value for parameter 'RUN_FOLDER': " + dir
              + " is given twice");
        }
      }
      dirs.add(dir);
    }
    if (dirs.size() > 1 && out == null) {
      throw new ParameterException(cmd, "Missing required option '--out=DIR': overlaying "
          + dirs.size() + " folders needs a folder to write to");
    }
    Path target = out == null ? dirs.get(0) : outFolder(cmd, dirs);
    List<Path> files;
    Path report;
    try (FolderLock lock = CliSupport.lock(cmd, out == null ? "RUN_FOLDER" : "--out", target,
        "plot")) {
      if (out == null) {
        files = Figures.drawAll(target);
        report = Report.write(target);
      } else {
        try (AtomicFiles.StagedFolder stage = CliSupport.stage(cmd, "--out", target, true)) {
          try {
            Overlay.write(dirs, stage.path());
          } catch (IllegalArgumentException e) {
            throw new ParameterException(cmd, "Invalid value for parameter 'RUN_FOLDER': "
                + e.getMessage());
          }
          files = Figures.drawAll(stage.path()).stream()
              .map(p -> target.resolve(stage.path().relativize(p))).toList();
          Report.write(stage.path());
          stage.commit();
        }
        report = target.resolve(Report.FILE);
      }
    } catch (AccessDeniedException e) {
      throw new ParameterException(cmd, "Invalid value for " + (out == null
          ? "parameter 'RUN_FOLDER'" : "option '--out'") + ": cannot write " + e.getFile()
          + " (permission denied)");
    }
    PrintWriter w = cmd.getOut();
    w.println("wrote " + files.size() / Figures.EXTENSIONS.size() + " figures (PNG, SVG and PDF)"
        + (dirs.size() > 1 ? " of " + dirs.size() + " folders" : "") + " to "
        + target.resolve(Figures.FOLDER) + " and " + report);
    w.flush();
    return Main.OK;
  }

  /**
   * The overlay's folder: not a source, not holding one, and (if it exists) empty or written by
   * an earlier overlay, since it is replaced whole.
   */
  private Path outFolder(CommandLine cmd, List<Path> sources) throws IOException {
    Path dir = CliSupport.path(cmd, "--out", out);
    String bad = "Invalid value for option '--out': ";
    for (Path s : sources) {
      if (same(s, dir)) {
        throw new ParameterException(cmd, bad + dir + " is a RUN_FOLDER; the overlay needs a"
            + " folder of its own");
      }
      if (s.toAbsolutePath().normalize().startsWith(dir.toAbsolutePath().normalize())) {
        throw new ParameterException(cmd, bad + dir + " holds the RUN_FOLDER " + s
            + ", which replacing it would delete");
      }
    }
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new ParameterException(cmd, bad + dir + " is not a folder");
    }
    if (Files.isDirectory(dir) && !Overlay.isOverlay(dir)) {
      try (Stream<Path> s = Files.list(dir)) {
        if (s.findAny().isPresent()) {
          throw new ParameterException(cmd, bad + dir + " exists and was not written by plot"
              + " --out; give a new folder");
        }
      }
    }
    return dir;
  }

  private static boolean same(Path a, Path b) {
    return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
  }

  /** The folder; one that is missing, not a folder or holds nothing to draw is a usage error. */
  private static Path folder(CommandLine cmd, String folder) {
    String bad = "Invalid value for parameter 'RUN_FOLDER': ";
    Path dir = CliSupport.folder(cmd, "RUN_FOLDER", folder);
    if (Figures.INPUTS.stream().noneMatch(f -> Files.isRegularFile(dir.resolve(f)))) {
      throw new ParameterException(cmd, bad + dir + " holds none of "
          + String.join(", ", Figures.INPUTS) + ": nothing to draw");
    }
    return dir;
  }
}
