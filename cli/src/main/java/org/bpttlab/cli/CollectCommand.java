package org.bpttlab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.bpttlab.results.collect.Collect;
import org.bpttlab.results.figures.Figures;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bpttlab collect DIR}: a sweep's (or any folder's) runs in one table ({@link Collect}). */
@Command(name = "collect", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
      "Gather the finished run folders below DIR (a sweep folder, or any folder of runs) into"
          + " DIR/collect/: results.csv (one row per run and measure, the config's fields as"
          + " columns), summary.csv and summary.md (per rule and swept setting, the mean across"
          + " seeds with its 95%% interval) and figures/ (PNG, SVG and PDF). Replaced as a whole."
          + " Columns and reading them in pandas: docs/sweeps.md."
    })
final class CollectCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR",
      description = "a sweep folder (plan.csv, runs/) or a folder holding run folders")
  String folder;

  @Override
  public Integer call() throws IOException {
    CommandLine cmd = spec.commandLine();
    Path dir = CliSupport.path(cmd, "DIR", folder);
    Collect.Result r = Collect.collect(dir);
    PrintWriter out = cmd.getOut();
    out.println("collected " + r.runs() + " runs (" + r.rows() + " rows; swept: "
        + (r.swept().isEmpty() ? "nothing" : String.join(", ", r.swept())) + ") into "
        + r.folder() + " (results.csv, summary.csv, summary.md, "
        + (r.files().size() - 3) / Figures.EXTENSIONS.size() + " figures)");
    out.flush();
    return Main.OK;
  }
}
