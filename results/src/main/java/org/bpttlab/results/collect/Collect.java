package org.bpttlab.results.collect;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.bpttlab.experiment.align.SeedStatistics;
import org.bpttlab.experiment.io.AtomicFiles;
import org.bpttlab.experiment.io.Csv;
import org.bpttlab.experiment.io.FolderLock;
import org.bpttlab.experiment.io.Json;
import org.bpttlab.results.figures.CsvTable;
import org.bpttlab.results.figures.Figure;
import org.bpttlab.results.figures.Figures;
import org.bpttlab.results.figures.SweepFigures;

/**
 * Reads every finished run folder below a folder (a sweep's {@code runs/}, or any tree of run
 * folders) and writes {@code DIR/collect/}: {@code results.csv} (one row per run and measure, the
 * config's fields as columns), {@code summary.csv} and {@code summary.md} (per rule and swept
 * setting, the mean across seeds with its 95% interval) and {@code figures/} (docs/sweeps.md).
 * Refusals are {@link IllegalArgumentException}s with one line; then nothing is written.
 */
public final class Collect {
  /** The output folder under DIR. */
  public static final String FOLDER = "collect";

  /** results.csv's leading columns; the config's fields follow. */
  public static final List<String> LEADING = List.of("run", "measure", "group", "value");

  /** summary.csv's trailing columns, after rule and the swept variables. */
  public static final List<String> SUMMARY_TAIL =
      List.of("measure", "group", "n", "mean", "ci_low", "ci_high");

  /** The alignment measures taken from the last iteration of alignment.csv. */
  static final List<String> ALIGNMENT = List.of("cosine", "norm_ratio", "sign_agreement");

  private static final Set<String> NOT_CONFIG =
      Set.of("command", "producer", "resolved", "resumed");

  private Collect() {}

  /** One measure of one run: {@code group} is empty but for the alignment measures. */
  record Measure(String measure, String group, String value) {}

  /** One finished run. */
  record Run(String name, Path folder, Map<String, String> config, String metric,
      List<Measure> measures) {}

  /** What was written. */
  public record Result(Path folder, int runs, int rows, List<String> swept, List<Path> files) {}

  /**
   * Collects the runs below {@code dir} into {@code dir/collect/} (replaced as a whole).
   *
   * @throws IllegalArgumentException a refusal: no folder, no runs, an unfinished run, a name twice
   */
  @SuppressWarnings("try") // the lock is held, not used, in its block
  public static Result collect(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(Files.exists(dir) ? dir + " is not a folder"
          : "there is no folder " + dir);
    }
    List<Path> folders = new ArrayList<>();
    // a sweep folder's runs are those of its plan, in runs/ (not a tuned sweep's candidates)
    boolean sweep = Files.isRegularFile(dir.resolve("plan.csv"))
        && Files.isDirectory(dir.resolve("runs"));
    find(sweep ? dir.resolve("runs") : dir, dir.resolve(FOLDER), folders);
    if (folders.isEmpty()) {
      throw new IllegalArgumentException("no run folders below " + dir
          + " (a run folder holds config.json with \"command\": \"run\")");
    }
    Map<String, Path> names = new TreeMap<>();
    List<String> unfinished = new ArrayList<>();
    for (Path f : folders) {
      String name = f.getFileName().toString();
      Path other = names.put(name, f);
      if (other != null) {
        throw new IllegalArgumentException("two runs are named " + name + ": " + other + " and "
            + f + "; rename or move one");
      }
      if (!Files.isRegularFile(f.resolve("summary.csv")) || locked(f)) {
        unfinished.add(f.toString());
      }
    }
    if (!unfinished.isEmpty()) {
      throw new IllegalArgumentException(unfinished.size() + " run(s) not finished (still"
          + " training, or stopped before summary.csv): " + String.join(", ", unfinished)
          + "; finish each with ./bpttlab run --resume --runs-dir <its parent folder>"
          + " <its folder>/config.json (or wait for it), then collect again");
    }
    List<Run> runs = new ArrayList<>();
    for (Path f : names.values()) {
      runs.add(read(f));
    }
    if (sweep) {
      // the plan's order (its list, then its grid), so that the tables read by task and rule
      CsvTable plan = CsvTable.read(dir.resolve("plan.csv"));
      Map<String, Integer> order = new LinkedHashMap<>();
      for (int r = 0; r < plan.size(); r++) {
        order.putIfAbsent(plan.text(r, plan.column("run")), r);
      }
      runs.sort(java.util.Comparator.comparing(r -> order.getOrDefault(r.name(),
          Integer.MAX_VALUE)));
    }
    List<String> columns = configColumns(runs);
    Plan plan = Plan.read(dir, columns, runs);
    List<String> swept = plan.swept();
    Path target = dir.resolve(FOLDER);
    List<Path> files = new ArrayList<>();
    int rows;
    try (FolderLock lock = FolderLock.acquire(target, "collect");
        AtomicFiles.StagedFolder stage = AtomicFiles.stage(target, true)) {
      rows = writeResults(stage.path().resolve("results.csv"), runs, columns, plan);
      files.add(target.resolve("results.csv"));
      List<Summary> summary = summarise(runs, plan);
      writeSummaryCsv(stage.path().resolve("summary.csv"), summary, plan.groupBy());
      writeSummaryMd(stage.path().resolve("summary.md"), summary, plan.groupBy(), runs.size(),
          swept);
      files.add(target.resolve("summary.csv"));
      files.add(target.resolve("summary.md"));
      List<Figure> figures = figures(runs, plan);
      if (!figures.isEmpty()) {
        Path fig = Files.createDirectory(stage.path().resolve(Figures.FOLDER));
        for (Figure f : figures) {
          Files.write(fig.resolve(f.name() + ".png"), Figures.png(f));
          Files.writeString(fig.resolve(f.name() + ".svg"), Figures.svg(f),
              StandardCharsets.UTF_8);
          Files.write(fig.resolve(f.name() + ".pdf"), Figures.pdf(f));
          for (String extension : Figures.EXTENSIONS) {
            files.add(target.resolve(Figures.FOLDER).resolve(f.name() + "." + extension));
          }
        }
      }
      stage.commit();
    }
    return new Result(target, runs.size(), rows, swept, files);
  }

  /** Run folders below {@code dir}: not hidden, not the output, not inside another run. */
  private static void find(Path dir, Path output, List<Path> found) throws IOException {
    List<Path> children;
    try (Stream<Path> s = Files.list(dir)) {
      children = s.filter(Files::isDirectory).sorted().toList();
    }
    for (Path c : children) {
      String n = c.getFileName().toString();
      if (n.startsWith(".") || n.endsWith(".in-progress") || c.equals(output)) {
        continue;
      }
      Path config = c.resolve("config.json");
      if (Files.isRegularFile(config)) {
        if ("run".equals(command(config))) {
          found.add(c);
        }
        continue;
      }
      find(c, output, found);
    }
  }

  private static String command(Path config) {
    try {
      return Json.read(config).path("command").asText("");
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  /** Whether a command holds the folder's lock (a run still training). */
  @SuppressWarnings("try") // the lock is taken to test it, not used
  private static boolean locked(Path folder) throws IOException {
    if (!Files.exists(FolderLock.lockFile(folder))) {
      return false;
    }
    try (FolderLock lock = FolderLock.acquire(folder, "collect")) {
      return false;
    } catch (FolderLock.InUseException e) {
      return true;
    }
  }

  /** A finished run's config (flattened) and final measures. */
  static Run read(Path folder) throws IOException {
    JsonNode config = Json.read(folder.resolve("config.json"));
    Map<String, String> flat = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = config.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!NOT_CONFIG.contains(e.getKey())) {
        flatten(e.getKey(), e.getValue(), flat);
      }
    }
    CsvTable summary = CsvTable.read(folder.resolve("summary.csv"));
    if (summary.size() != 1) {
      throw new IllegalArgumentException(folder.resolve("summary.csv") + ": " + summary.size()
          + " rows; a run's summary has one");
    }
    String metric = summary.header().get(3);
    List<Measure> m = new ArrayList<>();
    for (String col : List.of("loss", metric, "success", "baseline", "train_seconds",
        "diverged_at")) {
      String v = summary.text(0, summary.column(col));
      if (col.equals("success")) {
        v = Boolean.parseBoolean(v) ? "1" : "0";
      }
      m.add(new Measure(col, "", v));
    }
    Path alignment = folder.resolve("alignment.csv");
    if (Files.isRegularFile(alignment)) {
      CsvTable a = CsvTable.read(alignment);
      if (a.size() > 0) {
        int it2 = a.column("iteration");
        String last = a.text(a.size() - 1, it2);
        for (String measure : ALIGNMENT) {
          int c = a.column(measure);
          for (int r = 0; r < a.size(); r++) {
            if (a.text(r, it2).equals(last)) {
              m.add(new Measure(measure, a.text(r, a.column("group")), a.text(r, c)));
            }
          }
        }
      }
    }
    return new Run(folder.getFileName().toString(), folder, flat, metric, m);
  }

  /**
   * A config field as columns: objects by dotted path; a spec ({@code task}, {@code rule}) as
   * itself plus {@code .name} and one column per option; a list as its JSON text.
   */
  static void flatten(String key, JsonNode v, Map<String, String> out) {
    if (v.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> it = v.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        flatten(key + "." + e.getKey(), e.getValue(), out);
      }
    } else if (v.isArray()) {
      out.put(key, v.toString());
    } else if (v.isNull()) {
      out.put(key, "");
    } else {
      String text = v.asText();
      out.put(key, text);
      if ((key.equals("task") || key.equals("rule")) && v.isTextual()) {
        int colon = text.indexOf(':');
        out.put(key + ".name", colon < 0 ? text : text.substring(0, colon));
        if (colon >= 0) {
          for (String opt : text.substring(colon + 1).split(",")) {
            int eq = opt.indexOf('=');
            if (eq > 0) {
              out.put(key + "." + opt.substring(0, eq), opt.substring(eq + 1));
            }
          }
        }
      }
    }
  }

  /** Every config column, in the order first met (runs by name). */
  static List<String> configColumns(List<Run> runs) {
    Set<String> cols = new LinkedHashSet<>();
    for (Run r : runs) {
      cols.addAll(r.config().keySet());
    }
    cols.removeAll(LEADING);
    return List.copyOf(cols);
  }

  /**
   * The swept variables: a plan.csv's swept columns, mapped onto config columns where they name
   * one (exactly or as the end of a dotted path), else the config columns whose values differ.
   */
  record Plan(List<String> swept, Map<String, Map<String, String>> extra, List<String> selected) {
    Plan(List<String> swept, Map<String, Map<String, String>> extra) {
      this(swept, extra, List.of());
    }

    static Plan read(Path dir, List<String> columns, List<Run> runs) throws IOException {
      Path file = dir.resolve("plan.csv");
      List<String> swept = new ArrayList<>();
      Map<String, Map<String, String>> extra = new LinkedHashMap<>();
      if (Files.isRegularFile(file)) {
        CsvTable plan = CsvTable.read(file);
        int run = plan.column("run");
        for (int c = 0; c < plan.header().size(); c++) {
          String h = plan.header().get(c);
          if (h.equals("run") || h.equals("config")) {
            continue;
          }
          String col = columns.contains(h) ? h
              : columns.stream().filter(x -> x.endsWith("." + h)).findFirst().orElse(null);
          if (col == null) {
            col = h;
            Map<String, String> values = new LinkedHashMap<>();
            for (int r = 0; r < plan.size(); r++) {
              values.put(plan.text(r, run), plan.text(r, c));
            }
            extra.put(h, values);
          }
          if (!swept.contains(col)) {
            swept.add(col);
          }
        }
      } else {
        for (String c : columns) {
          if (c.equals("name")) {
            continue;
          }
          Set<String> values = new LinkedHashSet<>();
          for (Run r : runs) {
            values.add(r.config().getOrDefault(c, ""));
          }
          if (values.size() > 1) {
            swept.add(c);
          }
        }
      }
      // a tuned sweep's report: the selected paths (chosen per setting) are no curve of their own
      List<String> selected = new ArrayList<>();
      Path sweep = dir.resolve("sweep.json");
      if (Files.isRegularFile(sweep)) {
        try {
          Json.read(sweep).path("tune").path("select").forEach(p -> selected.add(p.asText()));
        } catch (IOException | RuntimeException e) {
          // not a sweep's file: no selection
        }
      }
      return new Plan(List.copyOf(swept), extra, List.copyOf(selected));
    }

    String value(Run r, String column) {
      Map<String, String> e = extra.get(column);
      return e != null ? e.getOrDefault(r.name(), "") : r.config().getOrDefault(column, "");
    }

    /** The summary's setting columns: rule, then the swept variables but seeds and rule options. */
    List<String> groupBy() {
      List<String> g = new ArrayList<>(List.of("rule"));
      for (String s : swept) {
        if (!s.equals("seed") && !s.equals("rule") && !s.startsWith("rule.")) {
          g.add(s);
        }
      }
      return g;
    }
  }

  private static int writeResults(Path file, List<Run> runs, List<String> columns, Plan plan)
      throws IOException {
    List<String> header = new ArrayList<>(LEADING);
    header.addAll(columns);
    for (String e : plan.extra().keySet()) {
      if (!header.contains(e)) {
        header.add(e);
      }
    }
    StringBuilder out = new StringBuilder(Csv.line(header));
    int rows = 0;
    for (Run r : runs) {
      for (Measure m : r.measures()) {
        List<String> f = new ArrayList<>(List.of(r.name(), m.measure(), m.group(), m.value()));
        for (int i = LEADING.size(); i < header.size(); i++) {
          f.add(plan.value(r, header.get(i)));
        }
        out.append(Csv.line(f));
        rows++;
      }
    }
    AtomicFiles.write(file, out.toString().getBytes(StandardCharsets.UTF_8));
    return rows;
  }

  /** One line of the summary: a setting, a measure, its interval (low, high NaN for n < 3). */
  record Summary(List<String> setting, String measure, String group, int n, double mean,
      double low, double high) {}

  /**
   * The range a measure's interval is clipped to: the cosine [-1, 1], sign agreement and success
   * [0, 1], every other measure (losses, metrics, seconds, norm ratios) [0, ∞).
   */
  static double[] bounds(String measure) {
    return switch (measure) {
      case "cosine" -> new double[] {-1, 1};
      case "sign_agreement", "success" -> new double[] {0, 1};
      default -> new double[] {0, Double.POSITIVE_INFINITY};
    };
  }

  static List<Summary> summarise(List<Run> runs, Plan plan) {
    List<String> by = plan.groupBy();
    Map<List<String>, List<Double>> values = new LinkedHashMap<>();
    for (Run r : runs) {
      List<String> setting = new ArrayList<>();
      for (String c : by) {
        setting.add(plan.value(r, c));
      }
      for (Measure m : r.measures()) {
        if (m.measure().equals("diverged_at")) {
          continue;
        }
        List<String> key = new ArrayList<>(setting);
        key.add(m.measure());
        key.add(m.group());
        List<Double> v = values.computeIfAbsent(key, k -> new ArrayList<>());
        double x = number(m.value());
        if (Double.isFinite(x)) {
          v.add(x);
        }
      }
    }
    List<Summary> out = new ArrayList<>();
    for (Map.Entry<List<String>, List<Double>> e : values.entrySet()) {
      List<String> k = e.getKey();
      double[] v = e.getValue().stream().mapToDouble(Double::doubleValue).toArray();
      SeedStatistics.Interval ci = SeedStatistics.interval(v);
      String measure = k.get(k.size() - 2);
      double low = Double.NaN;
      double high = Double.NaN;
      if (v.length >= 3) {
        low = ci.low();
        high = ci.high();
        double[] b = bounds(measure);
        low = Math.max(b[0], low);
        high = Math.min(b[1], high);
      }
      out.add(new Summary(k.subList(0, k.size() - 2), measure, k.get(k.size() - 1), v.length,
          ci.mean(), low, high));
    }
    return out;
  }

  private static double number(String text) {
    try {
      return text.isBlank() ? Double.NaN : Double.parseDouble(text);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  private static String cell(double v) {
    return Double.isNaN(v) ? "" : Csv.number(v);
  }

  private static void writeSummaryCsv(Path file, List<Summary> summary, List<String> by)
      throws IOException {
    List<String> header = new ArrayList<>(by);
    header.addAll(SUMMARY_TAIL);
    StringBuilder out = new StringBuilder(Csv.line(header));
    for (Summary s : summary) {
      List<String> f = new ArrayList<>(s.setting());
      f.addAll(List.of(s.measure(), s.group(), Integer.toString(s.n()), cell(s.mean()),
          cell(s.low()), cell(s.high())));
      out.append(Csv.line(f));
    }
    AtomicFiles.write(file, out.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** The measures of every run; the task's metric is the one measure not among them. */
  private static final Set<String> FIXED = Set.of("loss", "success", "baseline", "train_seconds",
      "cosine", "norm_ratio", "sign_agreement", "diverged_at");

  /** A mean with its interval, "0.1234 [0.1000, 0.1500]", or "0.1234 (n/a)"; empty if none. */
  private static String estimate(Summary s) {
    if (s == null) {
      return "";
    }
    return md(s.mean()) + (Double.isNaN(s.low()) ? (s.n() > 0 ? " (n/a)" : "")
        : " [" + md(s.low()) + ", " + md(s.high()) + "]");
  }

  private static String md(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.4g", v);
  }

  private static void writeSummaryMd(Path file, List<Summary> summary, List<String> by, int runs,
      List<String> swept) throws IOException {
    StringBuilder out = new StringBuilder("# collect\n\n");
    out.append(runs).append(" runs; swept: ")
        .append(swept.isEmpty() ? "nothing" : String.join(", ", swept)).append(".\n\n")
        .append("Mean across seeds with its 95% interval (Student's t); n/a with fewer than 3"
            + " seeds. Clipped to each measure's range: cosine [-1, 1], sign agreement and success"
            + " [0, 1], the others [0, ∞).\n\n");
    out.append("## One row per setting\n\n");
    out.append("The final held-out loss and the task's metric (an error: lower is better), the"
        + " cosine with BPTT's gradient (all parameters, last measured iteration) and the share"
        + " of seeds that reached the task's success threshold; a diverged seed counts in"
        + " `diverged` and not in the means.\n\n");
    out.append("| ").append(String.join(" | ", by))
        .append(" | seeds | diverged | loss | metric | value | cosine | success |\n");
    out.append("|").append("---|".repeat(by.size() + 7)).append("\n");
    Map<List<String>, Map<String, Summary>> rows = new LinkedHashMap<>();
    for (Summary s : summary) {
      if (s.group().isEmpty() || s.group().equals("all")) {
        rows.computeIfAbsent(s.setting(), k -> new LinkedHashMap<>()).put(s.measure(), s);
      }
    }
    rows.forEach((setting, m) -> {
      Summary success = m.get("success");
      Summary loss = m.get("loss");
      String metric = m.keySet().stream().filter(k -> !FIXED.contains(k)).findFirst().orElse("");
      out.append("| ").append(String.join(" | ", setting)).append(" | ")
          .append(success == null ? "" : success.n()).append(" | ")
          .append(success == null || loss == null ? "" : success.n() - loss.n()).append(" | ")
          .append(estimate(loss)).append(" | ").append(metric).append(" | ")
          .append(estimate(m.get(metric))).append(" | ").append(estimate(m.get("cosine")))
          .append(" | ").append(success == null ? "" : md(success.mean())).append(" |\n");
    });
    out.append("\n## Every measure\n\n");
    out.append("| ").append(String.join(" | ", by))
        .append(" | measure | group | n | mean | 95% interval |\n");
    out.append("|").append("---|".repeat(by.size() + 5)).append("\n");
    for (Summary s : summary) {
      out.append("| ").append(String.join(" | ", s.setting())).append(" | ").append(s.measure())
          .append(" | ").append(s.group()).append(" | ").append(s.n()).append(" | ")
          .append(md(s.mean())).append(" | ")
          .append(Double.isNaN(s.low()) ? "n/a" : "[" + md(s.low()) + ", " + md(s.high()) + "]")
          .append(" |\n");
    }
    AtomicFiles.write(file, out.toString().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The figures: the final metric and the final cosine (all parameters) against each numeric
   * swept variable but the seed, the rule and the learning rate, and against each numeric option
   * of a swept task (task.steps, task.delay: a list of tasks at several delays); the final loss
   * against the learning rate (log x) when it is swept (not selected by tuning: the candidates'
   * folder has that figure). One curve per rule and setting of the
   * other swept variables but a tuned sweep's selected ones; with several tasks, one figure per
   * task ({@code <metric>-vs-<x>-<task>}).
   */
  static List<Figure> figures(List<Run> runs, Plan plan) {
    List<Figure> out = new ArrayList<>();
    List<String> others = plan.groupBy().subList(1, plan.groupBy().size());
    List<String> xs = new ArrayList<>();
    for (String s : others) {
      if (!plan.selected().contains(s)
          && runs.stream().allMatch(r -> Double.isFinite(number(plan.value(r, s))))) {
        xs.add(s);
      }
    }
    if (others.contains("task")) {
      runs.stream().flatMap(r -> r.config().keySet().stream()).distinct()
          .filter(c -> c.startsWith("task.") && !c.equals("task.name") && !xs.contains(c))
          .forEach(xs::add);
    }
    Map<String, List<Run>> byTask = new TreeMap<>();
    runs.forEach(r -> byTask.computeIfAbsent(r.config().getOrDefault("task.name", ""),
        k -> new ArrayList<>()).add(r));
    for (String x : xs) {
      String slug = x.replaceAll("[^A-Za-z0-9]+", "-");
      if (x.endsWith("learning_rate")) {
        out.add(figure(runs, plan, x, "loss-vs-" + slug, "loss", "", true,
            "Learning-rate sensitivity", "final held-out loss"));
        continue;
      }
      for (Map.Entry<String, List<Run>> t : byTask.entrySet()) {
        List<Run> some = t.getValue();
        boolean numeric = some.stream().allMatch(r -> Double.isFinite(number(plan.value(r, x))));
        if (!numeric || some.stream().map(r -> plan.value(r, x)).distinct().count() < 2) {
          continue;
        }
        String suffix = byTask.size() > 1 ? "-" + t.getKey() : "";
        String of = byTask.size() > 1 ? " (" + t.getKey() + ")" : "";
        String metric = some.get(0).metric();
        out.add(figure(some, plan, x, metric + "-vs-" + slug + suffix, metric, "", false,
            "Final " + metric + " against " + x + of, "final held-out " + metric));
        out.add(figure(some, plan, x, "cosine-vs-" + slug + suffix, "cosine", "all", false,
            "Alignment with BPTT against " + x + of, "final cosine with BPTT (all parameters)"));
      }
    }
    return out.stream().filter(f -> f.series() > 0).toList();
  }

  private static Figure figure(List<Run> runs, Plan plan, String x, String name, String measure,
      String group, boolean logX, String title, String yLabel) {
    List<SweepFigures.Point> points = new ArrayList<>();
    boolean taskOption = x.startsWith("task.");
    for (Run r : runs) {
      StringBuilder series = new StringBuilder(r.config().getOrDefault("rule", "?"));
      for (String o : plan.groupBy().subList(1, plan.groupBy().size())) {
        if (!o.equals(x) && !plan.selected().contains(o) && !(taskOption && o.equals("task"))) {
          series.append(", ").append(o).append("=").append(plan.value(r, o));
        }
      }
      for (Measure m : r.measures()) {
        if (m.measure().equals(measure) && m.group().equals(group)) {
          points.add(new SweepFigures.Point(series.toString(), number(plan.value(r, x)),
              number(m.value())));
        }
      }
    }
    return SweepFigures.curves(name, title + ", per rule (collect)", title, x, logX, yLabel,
        bounds(measure), points);
  }
}
