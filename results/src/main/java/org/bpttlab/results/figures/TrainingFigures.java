package org.bpttlab.results.figures;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The figures of a training run, from the CSVs that {@code run} and {@code compare} write
 * (docs/outputs.md): learning curves from {@code metrics.csv}, alignment over training and at the
 * end from {@code alignment.csv}, the trained networks' scores from {@code summary.csv}. With
 * several seeds, curves are the mean across seeds with the 95% confidence band, bars the mean with
 * the 95% interval (Student's t, as in summary.md).
 */
final class TrainingFigures {
  static final String METRICS = "metrics.csv";
  static final String ALIGNMENT = "alignment.csv";
  static final String SUMMARY = "summary.csv";

  /** Columns of metrics.csv after the metric: none of them is the metric. */
  private static final Set<String> NOT_METRICS =
      Set.of("grad_norm", "seconds", "peak_doubles", "flops_per_step");

  private static final Map<String, String> METRIC_LABELS = Map.of(
      "mse", "mean squared error",
      "nmse", "normalised mean squared error",
      "error", "error rate (fraction wrong)",
      "bit_error", "bit error rate (fraction wrong)",
      "ce", "cross-entropy (nats)",
      "ce_per_step", "cross-entropy per step (nats)");

  /** The x axis of a run whose rules update once per iteration. */
  static final String ITERATION = "training iteration (updates)";

  /** A rule spec's option {@code online=k} (k ≥ 1) or {@code online=true}: it updates within. */
  private static final Pattern ONLINE = Pattern.compile("[:,]online=(?!0\\b|false\\b)\\w+");

  /** Panels per row of the alignment figure (a panel per parameter group). */
  private static final int ALIGNMENT_COLUMNS = 3;

  private TrainingFigures() {}

  /** The figures of the training CSVs present in {@code folder}. */
  static List<Figure> read(Path folder) throws IOException {
    List<Figure> figures = new ArrayList<>();
    String unit = RunInfo.read(folder).iteration();
    Path metrics = folder.resolve(METRICS);
    if (Files.isRegularFile(metrics)) {
      figures.addAll(learningCurves(CsvTable.read(metrics), unit));
    }
    Path alignment = folder.resolve(ALIGNMENT);
    if (Files.isRegularFile(alignment)) {
      figures.addAll(alignment(CsvTable.read(alignment), unit));
    }
    Path summary = folder.resolve(SUMMARY);
    if (Files.isRegularFile(summary)) {
      figures.addAll(finalScores(CsvTable.read(summary)));
    }
    return figures;
  }

  /** The task's metric: the column after {@code loss}. */
  private static String metricColumn(CsvTable t) {
    int loss = t.column("loss");
    if (loss + 1 >= t.header().size() || NOT_METRICS.contains(t.header().get(loss + 1))) {
      throw new IllegalArgumentException(t.file() + ": the column after 'loss' must be the task's"
          + " metric (docs/outputs.md), the header is " + String.join(",", t.header()));
    }
    return t.header().get(loss + 1);
  }

  /**
   * The x axis's label: {@link #ITERATION} when no rule updates online; else an iteration is a
   * batch, sequence or chunk of steps within which the online rules update several times, and the
   * label says so, with what an iteration holds where the run's config.json tells
   * ({@code unit}, e.g. "a chunk of 1000 steps").
   */
  static String iterationLabel(List<String> rules, String unit) {
    if (rules.stream().noneMatch(r -> ONLINE.matcher(r).find())) {
      return ITERATION;
    }
    return "iteration (" + (unit == null ? "a batch or chunk of steps" : unit)
        + "; online rules update within it)";
  }

  private static List<String> rules(CsvTable t) {
    return List.copyOf(distinct(t, t.column("rule")));
  }

  static String metricLabel(String metric) {
    return METRIC_LABELS.getOrDefault(metric, metric);
  }

  /** "seed 3" or "mean and 95% confidence band over 4 seeds (Student's t)". */
  private static String seedsText(Set<String> seeds, String what) {
    if (seeds.size() == 1) {
      return "seed " + seeds.iterator().next();
    }
    return "mean and 95% confidence " + what + " over " + seeds.size() + " seeds (Student's t)";
  }

  private static Set<String> distinct(CsvTable t, int column) {
    Set<String> values = new LinkedHashSet<>();
    for (int r = 0; r < t.size(); r++) {
      values.add(t.text(r, column));
    }
    return values;
  }

  private static List<Figure> learningCurves(CsvTable t, String unit) {
    if (t.size() == 0) {
      return List.of();
    }
    int iteration = t.column("iteration");
    int rule = t.column("rule");
    int seed = t.column("seed");
    int loss = t.column("loss");
    String metricName = metricColumn(t);
    int metric = t.column(metricName);
    Samples losses = new Samples();
    Samples metrics = new Samples();
    for (int r = 0; r < t.size(); r++) {
      double it = t.number(r, iteration);
      losses.add(t.text(r, rule), it, t.number(r, loss));
      metrics.add(t.text(r, rule), it, t.number(r, metric));
    }
    Set<String> seeds = distinct(t, seed);
    boolean bands = seeds.size() > 1;
    String sub = seedsText(seeds, "band");
    String x = iterationLabel(rules(t), unit);
    return List.of(new Figure("learning", "(a) The training batch's loss and (b) the task's"
        + " metric on it, before each update (metrics.csv: loss and " + metricName + " against"
        + " iteration, one line per rule" + (bands ? ", mean and 95% band across seeds" : "")
        + ").", List.of(
            curve("Learning curves: loss", sub, x, "loss (training batch)", losses, bands, 100),
            curve("Learning curves: " + metricName, sub, x,
                metricLabel(metricName) + " (training batch)", metrics, bands, 100)), 2));
  }

  private static org.jfree.chart.JFreeChart curve(String title, String sub, String xLabel,
      String yLabel, Samples samples, boolean bands, double logSpan) {
    List<Double> means = new ArrayList<>();
    for (String s : samples.series()) {
      samples.points(s).forEach(p -> means.add(p.mean()));
    }
    boolean log = Charts.logScale(means, logSpan);
    return Charts.lines(title, sub + (log ? "; log scale" : ""),
        new Charts.Axis(xLabel, false, true), new Charts.Axis(yLabel, log, false), samples,
        bands, false);
  }

  private static List<Figure> alignment(CsvTable t, String unit) {
    if (t.size() == 0) {
      return List.of();
    }
    int iteration = t.column("iteration");
    int rule = t.column("rule");
    int seed = t.column("seed");
    int group = t.column("group");
    int cosine = t.column("cosine");
    int normRatio = t.column("norm_ratio");
    Map<String, Samples> byGroup = new LinkedHashMap<>();
    Samples ratios = new Samples();
    // the last measured iteration of each rule, seed and group
    Map<List<String>, double[]> last = new LinkedHashMap<>();
    List<String> rules = new ArrayList<>();
    for (int r = 0; r < t.size(); r++) {
      String ru = t.text(r, rule);
      String g = t.text(r, group);
      double it = t.number(r, iteration);
      double c = t.number(r, cosine);
      byGroup.computeIfAbsent(g, k -> new Samples()).add(ru, it, c);
      if (g.equals("all")) {
        ratios.add(ru, it, t.number(r, normRatio));
      }
      List<String> key = List.of(ru, t.text(r, seed), g);
      double[] prev = last.get(key);
      if (prev == null || it >= prev[0]) {
        last.put(key, new double[] {it, c});
      }
      if (!rules.contains(ru)) {
        rules.add(ru);
      }
    }
    Set<String> seeds = distinct(t, seed);
    boolean bands = seeds.size() > 1;
    String sub = seedsText(seeds, "band");
    String x = iterationLabel(rules, unit);
    List<Figure> out = new ArrayList<>();
    List<org.jfree.chart.JFreeChart> panels = new ArrayList<>();
    for (Map.Entry<String, Samples> e : byGroup.entrySet()) {
      String g = e.getKey();
      String groupText = g.equals("all") ? "all parameters" : g;
      panels.add(Charts.lines("Alignment with BPTT: " + groupText, sub,
          new Charts.Axis(x, false, true),
          new Charts.Axis("cosine with BPTT's gradient", false, false), e.getValue(), bands,
          false));
    }
    out.add(new Figure("alignment", "Cosine of each rule's gradient with BPTT's over training, a"
        + " panel per parameter group (" + String.join(", ", byGroup.keySet()) + "; alignment.csv:"
        + " cosine against iteration, one line per rule" + (bands
        ? ", mean and 95% band across seeds" : "") + ").", panels,
        Math.min(ALIGNMENT_COLUMNS, panels.size())));
    if (!ratios.isEmpty()) {
      List<Double> means = new ArrayList<>();
      for (String s : ratios.series()) {
        ratios.points(s).forEach(p -> means.add(p.mean()));
      }
      boolean log = Charts.logScale(means, 10);
      out.add(new Figure("norm-ratio",
          "The norm of each rule's gradient over BPTT's, all parameters (alignment.csv: norm_ratio"
              + " against iteration for group all" + (bands ? ", mean and 95% band across seeds"
              : "") + ").",
          Charts.lines("Gradient norm relative to BPTT", sub + (log ? "; log scale" : ""),
              new Charts.Axis(x, false, true),
              new Charts.Axis("norm ratio \u2016\u011d\u2016 / \u2016g\u2016", log, false),
              ratios, bands, false)));
    }
    Map<String, Map<String, Samples.Point>> finals = new LinkedHashMap<>();
    Map<List<String>, Samples> perRuleGroup = new HashMap<>();
    for (Map.Entry<List<String>, double[]> e : last.entrySet()) {
      List<String> k = e.getKey();
      perRuleGroup.computeIfAbsent(List.of(k.get(0), k.get(2)), key -> new Samples())
          .add(k.get(0), 0, e.getValue()[1]);
    }
    for (String ru : rules) {
      Map<String, Samples.Point> row = new LinkedHashMap<>();
      for (String g : byGroup.keySet()) {
        Samples s = perRuleGroup.get(List.of(ru, g));
        if (s != null && !s.points(ru).isEmpty()) {
          row.put(g, s.points(ru).get(0));
        }
      }
      finals.put(ru, row);
    }
    out.add(new Figure("final-alignment",
        "Cosine with BPTT's gradient at each rule's last measured iteration, per parameter group"
            + " (an online rule: its updates against RTRL's gradient of the same steps;"
            + " alignment.csv: cosine of the last iteration" + (bands
            ? "; bars are means across seeds, error bars 95% intervals" : "") + ").",
        Charts.bars("Alignment with BPTT at the end of training",
            seeds.size() == 1 ? "seed " + seeds.iterator().next()
                : seedsText(seeds, "interval"), "parameter group",
            "cosine with BPTT's gradient", rules, List.copyOf(byGroup.keySet()), finals)));
    return out;
  }

  private static List<Figure> finalScores(CsvTable t) {
    if (t.size() == 0) {
      return List.of();
    }
    int rule = t.column("rule");
    int seed = t.column("seed");
    int loss = t.column("loss");
    String metricName = metricColumn(t);
    int metric = t.column(metricName);
    int baseline = t.column("baseline");
    int threshold = t.column("success_threshold");
    boolean heldOut = true;
    if (t.has("held_out_sequences")) {
      int h = t.column("held_out_sequences");
      for (int r = 0; r < t.size(); r++) {
        heldOut &= t.number(r, h) > 0;
      }
    }
    Samples losses = new Samples();
    Samples metrics = new Samples();
    int diverged = 0;
    for (int r = 0; r < t.size(); r++) {
      double l = t.number(r, loss);
      diverged += Double.isFinite(l) ? 0 : 1;
      losses.add(t.text(r, rule), 0, l);
      metrics.add(t.text(r, rule), 0, t.number(r, metric));
    }
    List<String> rules = losses.series();
    Set<String> seeds = distinct(t, seed);
    String where = heldOut ? "held-out sequences" : "the last training batch";
    String sub = (seeds.size() == 1 ? "seed " + seeds.iterator().next() + ", " + where
        : "mean and 95% interval over " + seeds.size() + " seeds, " + where)
        + (diverged > 0 ? String.format(Locale.ROOT, "; %d diverged, left out", diverged) : "");
    List<Figure> out = new ArrayList<>();
    out.add(new Figure("final-loss",
        "Each trained network's loss on " + where + " (summary.csv: loss per rule"
            + (seeds.size() > 1 ? ", mean and 95% interval across seeds" : "") + ").",
        Charts.ruleBars("Final loss", sub, "rule", "loss", rules,
            first(losses), List.of())));
    out.add(new Figure("final-" + Figure.slug(metricName),
        "Each trained network's " + metricName + " on " + where + ", with the task's baseline (a"
            + " memoryless predictor) and success threshold (summary.csv: " + metricName
            + ", baseline, success_threshold).",
        Charts.ruleBars("Final " + metricName, sub, "rule",
            metricLabel(metricName), rules, first(metrics),
            List.of(new Charts.Marker("baseline", t.number(0, baseline)),
                new Charts.Marker("success threshold", t.number(0, threshold))))));
    return out;
  }

  /** Each series' single point (at x = 0). */
  private static Map<String, Samples.Point> first(Samples s) {
    Map<String, Samples.Point> m = new LinkedHashMap<>();
    for (String series : s.series()) {
      List<Samples.Point> p = s.points(series);
      if (!p.isEmpty()) {
        m.put(series, p.get(0));
      }
    }
    return m;
  }
}
