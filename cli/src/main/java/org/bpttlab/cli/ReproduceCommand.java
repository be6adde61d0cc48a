package org.bpttlab.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.bpttlab.results.figures.Figures;
import org.bpttlab.results.figures.Report;
import org.bpttlab.experiment.io.AtomicFiles;
import org.bpttlab.experiment.io.FolderLock;
import org.bpttlab.experiment.io.Csv;
import org.bpttlab.experiment.io.Json;
import org.bpttlab.experiment.io.Provenance;
import org.bpttlab.results.reproduce.Comparison;
import org.bpttlab.results.reproduce.Reproduction;
import org.bpttlab.results.reproduce.Reproductions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bpttlab reproduce ID|all [--quick]}: runs a published result's setup
 * (docs/reproductions.md) and sets our numbers beside the paper's. Each
 * entry writes {@code <runs-dir>/reproduce/<ID>/}: its CSVs, {@code reproduction.csv}
 * (quantity, paper, ours, verdict, comment), {@code reproduction.md}, {@code config.json}, the
 * figures of its CSVs and {@code report.html}, staged and renamed into place, so a failed entry
 * leaves nothing.
 */
@Command(name = "reproduce", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
      "Reproduce a published result and print our number beside the paper's.",
      "IDs: eprop-exact, evidence, pattern, online-add, rflo-periodic, memory, vanishing,"
          + " influence-balancing, or all."
    })
final class ReproduceCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "ID", description = "an entry of docs/reproductions.md, or all")
  String id;

  @Option(names = "--quick", description = "the quick form (about a minute each)")
  boolean quick;

  @Option(names = "--runs-dir", paramLabel = "DIR",
      description = "where run folders go (the entry's is DIR/reproduce/ID); default:"
          + " ${DEFAULT-VALUE}")
  String runsDir = "runs";

  @Option(names = "--threads", paramLabel = "N", converter = Converters.Threads.class,
      description = "trainings at once, and figures drawn at once; default: the machine's cores")
  Integer threads;

  @Option(names = "--force", description = "replace an existing folder of the same entry")
  boolean force;

  @Override
  @SuppressWarnings("try") // the lock is held, not used, in its block
  public Integer call() throws IOException {
    CommandLine cmd = spec.commandLine();
    List<Reproduction> entries = new ArrayList<>();
    if (id.equals("all")) {
      entries.addAll(Reproductions.all());
    } else {
      try {
        entries.add(Reproductions.get(id));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(cmd, "Invalid value for parameter 'ID': " + e.getMessage());
      }
    }
    Path base = CliSupport.path(cmd, "--runs-dir", runsDir).resolve("reproduce");
    int threadCount = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    PrintWriter out = cmd.getOut();
    Reproduction.Context context = new Reproduction.Context(threadCount, cmd.getErr());
    for (Reproduction r : entries) {
      Path target = base.resolve(r.id());
      List<Comparison> comparisons;
      long start = System.nanoTime();
      try (FolderLock lock = CliSupport.lock(cmd, "--runs-dir", target, "reproduce");
          AtomicFiles.StagedFolder folder = CliSupport.stage(cmd, "--runs-dir", target, force)) {
        comparisons = r.run(quick, folder.path(), context);
        double seconds = (System.nanoTime() - start) * 1e-9;
        Json.write(folder.path().resolve("config.json"), config(r, seconds));
        AtomicFiles.write(folder.path().resolve("reproduction.csv"),
            csv(comparisons).getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(folder.path().resolve("reproduction.md"),
            markdown(r, comparisons, seconds).getBytes(StandardCharsets.UTF_8));
        // inside the stage: a failure to draw leaves nothing, like any other
        ProgressLine progress =
            new ProgressLine(cmd.getErr(), ProgressLine.terminal(), 1, 1, 1, 0);
        Figures.drawAll(folder.path(), threadCount, progress::drawing);
        Report.write(folder.path());
        progress.drawn();
        folder.commit();
      }
      print(out, r, comparisons, target, (System.nanoTime() - start) * 1e-9);
    }
    return Main.OK;
  }

  private ObjectNode config(Reproduction r, double seconds) {
    ObjectNode c = Json.object();
    c.put("command", "reproduce");
    c.put("id", r.id());
    c.put("form", quick ? "quick" : "full");
    c.put("source", r.source());
    c.put("setup", r.setup());
    if (r.iteration(quick) != null) {
      c.put("iteration", r.iteration(quick));
    }
    c.put("seconds", seconds);
    c.set("producer", Provenance.toJson());
    return c;
  }

  static String csv(List<Comparison> comparisons) {
    StringBuilder sb = new StringBuilder(Csv.line(List.of("quantity", "paper", "ours", "verdict",
        "comment")));
    for (Comparison c : comparisons) {
      sb.append(Csv.line(List.of(c.quantity(), c.paper(), c.ours(), c.verdict().label(),
          c.comment())));
    }
    return sb.toString();
  }

  private String markdown(Reproduction r, List<Comparison> comparisons, double seconds) {
    StringBuilder md = new StringBuilder();
    md.append("# reproduce ").append(r.id()).append(quick ? " --quick" : "").append("\n\n");
    md.append(r.source()).append("  \n").append(r.setup()).append("\n\n");
    md.append("| quantity | paper | ours | verdict | comment |\n|---|---|---|---|---|\n");
    for (Comparison c : comparisons) {
      md.append("| ").append(cell(c.quantity())).append(" | ").append(cell(c.paper()))
          .append(" | ").append(cell(c.ours())).append(" | ").append(c.verdict().label())
          .append(" | ").append(cell(c.comment())).append(" |\n");
    }
    md.append(String.format(Locale.ROOT, "%nRun by `./bpttlab reproduce %s%s` in %.1f s.%n",
        r.id(), quick ? " --quick" : "", seconds));
    return md.toString();
  }

  private static String cell(String text) {
    return text.replace("|", "\\|");
  }

  private void print(PrintWriter out, Reproduction r, List<Comparison> comparisons, Path target,
      double seconds) {
    out.printf(Locale.ROOT, "%s%s: %s%n", r.id(), quick ? " (quick)" : "", r.source());
    for (Comparison c : comparisons) {
      out.printf(Locale.ROOT, "  %-8s %s: ours %s, paper %s%n", c.verdict().label(),
          c.quantity(), c.ours(), c.paper());
    }
    out.printf(Locale.ROOT, "  wrote %s (%.1f s)%n", target, seconds);
    out.flush();
  }
}
