package org.bpttlab.results.figures;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Stroke;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.bpttlab.results.figures.DynamicsCharts.Kind;
import org.bpttlab.results.figures.DynamicsCharts.Layer;
import org.bpttlab.results.figures.DynamicsCharts.Points;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYAnnotation;
import org.joml.Vector3d;

/**
 * The figures of a trained network's dynamics, from the CSVs that {@code analyze} writes into
 * {@code analysis/} (the contract: {@code pca.csv}, {@code trajectories.csv},
 * {@code fixed-points.csv}, {@code eigenvalues.csv}, {@code spikes.csv}, {@code rates.csv},
 * {@code traces.csv}; each optional). Each figure has a panel per rule, in the order the rules
 * first come in its file. A picture of trials (state space, raster, traces, eigenvalues) shows
 * each rule's lowest seed; a statistic (explained variance) is the mean across seeds with its 95%
 * band, a histogram pools the seeds. Conditions are coloured in the order they first come in
 * {@code trajectories.csv}. The figures and their columns: docs/figures.md.
 */
final class DynamicsFigures {
  static final String PCA = "analysis/pca.csv";
  static final String TRAJECTORIES = "analysis/trajectories.csv";
  static final String FIXED_POINTS = "analysis/fixed-points.csv";
  static final String EIGENVALUES = "analysis/eigenvalues.csv";
  static final String SPIKES = "analysis/spikes.csv";
  static final String RATES = "analysis/rates.csv";
  static final String TRACES = "analysis/traces.csv";

  /** The files, in the order their figures come. */
  static final List<String> INPUTS =
      List.of(PCA, TRAJECTORIES, FIXED_POINTS, EIGENVALUES, SPIKES, RATES, TRACES);

  /** The 3-D views' azimuths (degrees; 0 looks along +PC2, PC1 to the right). */
  static final double[] AZIMUTHS = {30, 120};

  /** The 3-D views' elevation above the PC1–PC2 plane (degrees). */
  static final double ELEVATION = 20;

  /** The PC axes drawn in a 3-D view, as a fraction of the data's radius. */
  private static final double AXIS_LENGTH = 0.6;

  /** Bins of the firing-rate histogram, shared by every panel. */
  static final int RATE_BINS = 20;

  private static final int MAX_COLUMNS = 3;

  private DynamicsFigures() {}

  /** The dynamics figures of the analysis CSVs present in {@code folder}. */
  static List<Figure> read(Path folder) throws IOException {
    CsvTable pca = table(folder, PCA);
    CsvTable trajectories = table(folder, TRAJECTORIES);
    CsvTable fixed = table(folder, FIXED_POINTS);
    CsvTable eigen = table(folder, EIGENVALUES);
    CsvTable spikes = table(folder, SPIKES);
    CsvTable rates = table(folder, RATES);
    CsvTable traces = table(folder, TRACES);
    List<Figure> out = new ArrayList<>();
    if (pca != null && pca.size() > 0) {
      out.add(pcaVariance(pca));
    }
    if (trajectories != null && trajectories.size() > 0) {
      StateSpace s = StateSpace.of(trajectories, fixed);
      out.add(s.threeD());
      out.add(s.twoD());
    }
    if (eigen != null && eigen.size() > 0 && fixed != null) {
      out.add(eigenvalues(eigen, fixed));
    }
    if (spikes != null && spikes.size() > 0) {
      out.add(raster(spikes));
    }
    if (rates != null && rates.size() > 0) {
      out.add(firingRates(rates));
    }
    if (traces != null && traces.size() > 0) {
      out.add(traces(traces));
    }
    return out;
  }

  private static CsvTable table(Path folder, String name) throws IOException {
    Path file = folder.resolve(name);
    return Files.isRegularFile(file) ? CsvTable.read(file) : null;
  }

  /** A whole number (a step, a trial, a seed); an error naming the file, line and column. */
  static long whole(CsvTable t, int row, int column) {
    double v = t.number(row, column);
    if (v != Math.rint(v) || Double.isInfinite(v) || Math.abs(v) > 1e15) {
      throw new IllegalArgumentException(t.where(row, column) + ": not a whole number: '"
          + t.text(row, column).strip() + "'");
    }
    return (long) v;
  }

  /** Each rule in the order it first comes, with its lowest seed. */
  static Map<String, Long> lowestSeeds(CsvTable t) {
    int rule = t.column("rule");
    int seed = t.column("seed");
    Map<String, Long> seeds = new LinkedHashMap<>();
    for (int r = 0; r < t.size(); r++) {
      seeds.merge(t.text(r, rule), whole(t, r, seed), Math::min);
    }
    return seeds;
  }

  private static boolean isRow(CsvTable t, int r, String rule, long seed) {
    return t.text(r, t.column("rule")).equals(rule) && whole(t, r, t.column("seed")) == seed;
  }

  private static int columns(int panels) {
    return Math.min(panels, MAX_COLUMNS);
  }

  // ---------------------------------------------------------------- pca-variance

  private static Figure pcaVariance(CsvTable t) {
    int rule = t.column("rule");
    int seed = t.column("seed");
    int component = t.column("component");
    int ratio = t.column("ratio");
    int cumulative = t.column("cumulative");
    Samples ratios = new Samples(2, 0, 1);
    Samples sums = new Samples(2, 0, 1);
    java.util.Set<Long> seeds = new java.util.TreeSet<>();
    for (int r = 0; r < t.size(); r++) {
      long k = whole(t, r, component);
      seeds.add(whole(t, r, seed));
      ratios.add(t.text(r, rule), k, t.number(r, ratio));
      sums.add(t.text(r, rule), k, t.number(r, cumulative));
    }
    boolean bands = ratios.maxCount() > 1;
    String sub = bands ? "mean and 95% band over " + seeds.size() + " seeds"
        : seeds.size() == 1 ? "seed " + seeds.iterator().next() : "";
    Charts.Axis x = new Charts.Axis("principal component", false, true);
    JFreeChart left = Charts.lines("Explained variance", sub, x,
        new Charts.Axis("fraction of variance"), ratios, bands, true);
    JFreeChart right = Charts.lines("Cumulative", sub, x,
        new Charts.Axis("cumulative fraction of variance"), sums, bands, true);
    return new Figure("pca-variance",
        "The share of the hidden states' variance along each principal component (left) and"
            + " its running sum (right), a line per rule" + (bands ? ", the mean and 95% band"
            + " across seeds" : "") + " (analysis/pca.csv: ratio and cumulative against"
            + " component).", List.of(left, right), 2);
  }

  // ---------------------------------------------------------------- state space

  /** One trial: its condition and its points {step, pc1, pc2, pc3} by step. */
  private record Trial(String condition, List<double[]> points) {}

  /** The trajectories and fixed points of each rule's lowest seed. */
  private record StateSpace(List<String> conditions, Map<String, Long> seeds,
      Map<String, List<Trial>> trials, Map<String, List<double[]>> points,
      Map<String, List<Kind>> kinds) {

    static StateSpace of(CsvTable t, CsvTable fixed) {
      int rule = t.column("rule");
      int trial = t.column("trial");
      int condition = t.column("condition");
      int step = t.column("step");
      int[] pcs = {t.column("pc1"), t.column("pc2"), t.column("pc3")};
      Map<String, Long> seeds = lowestSeeds(t);
      List<String> conditions = new ArrayList<>();
      Map<String, TreeMap<Long, Trial>> byRule = new LinkedHashMap<>();
      for (int r = 0; r < t.size(); r++) {
        String c = t.text(r, condition);
        if (!conditions.contains(c)) {
          conditions.add(c);
        }
        long k = whole(t, r, trial);
        double s = whole(t, r, step);
        double[] p = {s, t.number(r, pcs[0]), t.number(r, pcs[1]), t.number(r, pcs[2])};
        String name = t.text(r, rule);
        if (!isRow(t, r, name, seeds.get(name))) {
          continue;
        }
        byRule.computeIfAbsent(name, n -> new TreeMap<>())
            .computeIfAbsent(k, n -> new Trial(c, new ArrayList<>())).points().add(p);
      }
      Map<String, List<Trial>> trials = new LinkedHashMap<>();
      byRule.forEach((name, m) -> {
        for (Trial tr : m.values()) {
          tr.points().sort((a, b) -> Double.compare(a[0], b[0])); // stable: rows' order on ties
        }
        trials.put(name, List.copyOf(m.values()));
      });
      Map<String, List<double[]>> points = new LinkedHashMap<>();
      Map<String, List<Kind>> kinds = new LinkedHashMap<>();
      if (fixed != null) {
        int fr = fixed.column("rule");
        int[] fp = {fixed.column("pc1"), fixed.column("pc2"), fixed.column("pc3")};
        for (int r = 0; r < fixed.size(); r++) {
          String name = fixed.text(r, fr);
          Kind kind = kind(fixed, r);
          if (seeds.containsKey(name) && isRow(fixed, r, name, seeds.get(name))) {
            points.computeIfAbsent(name, n -> new ArrayList<>()).add(new double[] {
                fixed.number(r, fp[0]), fixed.number(r, fp[1]), fixed.number(r, fp[2])});
            kinds.computeIfAbsent(name, n -> new ArrayList<>()).add(kind);
          }
        }
      }
      return new StateSpace(conditions, seeds, trials, points, kinds);
    }

    /** The 3-D figure: a row per rule, a column per azimuth. */
    Figure threeD() {
      List<JFreeChart> panels = new ArrayList<>();
      for (String rule : trials.keySet()) {
        double[][] all = allPoints(rule);
        Vector3d centre = new Vector3d();
        double[] lo = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY,
            Double.POSITIVE_INFINITY};
        double[] hi = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY,
            Double.NEGATIVE_INFINITY};
        for (double[] p : all) {
          for (int d = 0; d < 3; d++) {
            if (Double.isFinite(p[d])) {
              lo[d] = Math.min(lo[d], p[d]);
              hi[d] = Math.max(hi[d], p[d]);
            }
          }
        }
        for (int d = 0; d < 3; d++) {
          if (!(lo[d] <= hi[d])) {
            lo[d] = 0;
            hi[d] = 0;
          }
        }
        centre.set((lo[0] + hi[0]) / 2, (lo[1] + hi[1]) / 2, (lo[2] + hi[2]) / 2);
        double radius = 0;
        for (double[] p : all) {
          double r = Math.sqrt(sq(p[0] - centre.x) + sq(p[1] - centre.y) + sq(p[2] - centre.z));
          radius = Double.isFinite(r) ? Math.max(radius, r) : radius;
        }
        radius = radius > 0 ? radius : 1;
        for (double azimuth : AZIMUTHS) {
          StateView view = new StateView(centre, radius, azimuth, ELEVATION);
          double[] bounds = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
              Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
          List<XYAnnotation> axes = new ArrayList<>();
          double[] c = view.project(centre.x, centre.y, centre.z);
          for (int d = 0; d < 3; d++) {
            double[] e = {centre.x, centre.y, centre.z};
            e[d] += AXIS_LENGTH * radius;
            double[] end = view.project(e[0], e[1], e[2]);
            axes.addAll(DynamicsCharts.arrow(c[0], c[1], end[0], end[1], "PC" + (d + 1), 0.08));
            include(bounds, end[0], end[1]);
          }
          Picture pic = picture(rule, p -> view.project(p[0], p[1], p[2]), bounds);
          DynamicsCharts.pad(bounds, 0.1);
          panels.add(DynamicsCharts.stateSpace(rule + ", azimuth " + degrees(azimuth),
              "seed " + seeds.get(rule) + "; perspective, elevation " + degrees(ELEVATION), null,
              null, pic.lines(), pic.starts(), pic.points(), axes, bounds));
        }
      }
      return new Figure("state-space-3d",
          "The held-out trials' states in their top three principal components, in perspective"
              + " from azimuths " + degrees(AZIMUTHS[0]) + " and " + degrees(AZIMUTHS[1])
              + " (elevation " + degrees(ELEVATION) + "), a row per rule (each rule's lowest"
              + " seed): a line per trial coloured by its condition, a dot at its start; stable fixed points filled, unstable hollow, slow points grey"
              + " diamonds; the grey lines from the centre are the PC axes"
              + " (analysis/trajectories.csv: pc1, pc2, pc3 by trial, condition, step;"
              + " analysis/fixed-points.csv: kind, stable, pc1, pc2, pc3).",
          panels, AZIMUTHS.length);
    }

    /** The 2-D figure: a row per rule, PC1–PC2, PC1–PC3, PC2–PC3. */
    Figure twoD() {
      int[][] pairs = {{0, 1}, {0, 2}, {1, 2}};
      List<JFreeChart> panels = new ArrayList<>();
      for (String rule : trials.keySet()) {
        for (int[] pair : pairs) {
          double[] bounds = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
              Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
          Picture pic = picture(rule, p -> new double[] {p[pair[0]], p[pair[1]]}, bounds);
          DynamicsCharts.pad(bounds, 0.05);
          String x = "PC" + (pair[0] + 1);
          String y = "PC" + (pair[1] + 1);
          panels.add(DynamicsCharts.stateSpace(rule + ", " + x + "\u2013" + y,
              "seed " + seeds.get(rule), x, y, pic.lines(), pic.starts(), pic.points(), List.of(),
              bounds));
        }
      }
      return new Figure("state-space-2d",
          "The held-out trials' states projected on pairs of their top three principal"
              + " components, a row per rule (each rule's lowest seed): a line per"
              + " trial coloured by its condition, a dot at its start; stable fixed points"
              + " filled, unstable hollow, slow points grey diamonds (analysis/trajectories.csv:"
              + " pc1, pc2, pc3 by trial, condition, step; analysis/fixed-points.csv: kind,"
              + " stable, pc1, pc2, pc3).", panels, pairs.length);
    }

    private double[][] allPoints(String rule) {
      List<double[]> all = new ArrayList<>();
      for (Trial tr : trials.get(rule)) {
        for (double[] p : tr.points()) {
          all.add(new double[] {p[1], p[2], p[3]});
        }
      }
      all.addAll(points.getOrDefault(rule, List.of()));
      return all.toArray(new double[0][]);
    }

    /** A rule's layers, each point {pc1, pc2, pc3} taken to the plane by {@code to}. */
    private Picture picture(String rule, java.util.function.Function<double[], double[]> to,
        double[] bounds) {
      List<Layer> lines = new ArrayList<>();
      List<Layer> starts = new ArrayList<>();
      for (int c = 0; c < conditions.size(); c++) {
        String condition = conditions.get(c);
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        List<Double> sx = new ArrayList<>();
        List<Double> sy = new ArrayList<>();
        for (Trial tr : trials.get(rule)) {
          if (!tr.condition().equals(condition)) {
            continue;
          }
          if (!xs.isEmpty()) { // a break: the next trial's line starts afresh
            xs.add(Double.NaN);
            ys.add(Double.NaN);
          }
          for (int i = 0; i < tr.points().size(); i++) {
            double[] p = tr.points().get(i);
            double[] q = to.apply(new double[] {p[1], p[2], p[3]});
            xs.add(q[0]);
            ys.add(q[1]);
            include(bounds, q[0], q[1]);
            if (i == 0) {
              sx.add(q[0]);
              sy.add(q[1]);
            }
          }
        }
        if (!xs.isEmpty()) {
          Color colour = DynamicsCharts.conditionColour(c);
          lines.add(new Layer(condition, colour, unbox(xs), unbox(ys)));
          starts.add(new Layer(condition, colour, unbox(sx), unbox(sy)));
        }
      }
      List<Points> marks = new ArrayList<>();
      List<double[]> fp = points.getOrDefault(rule, List.of());
      List<Kind> fk = kinds.getOrDefault(rule, List.of());
      for (Kind kind : Kind.values()) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int i = 0; i < fp.size(); i++) {
          if (fk.get(i) == kind) {
            double[] q = to.apply(fp.get(i));
            xs.add(q[0]);
            ys.add(q[1]);
            include(bounds, q[0], q[1]);
          }
        }
        if (!xs.isEmpty()) {
          marks.add(new Points(kind, unbox(xs), unbox(ys)));
        }
      }
      return new Picture(lines, starts, marks);
    }
  }

  private record Picture(List<Layer> lines, List<Layer> starts, List<Points> points) {}

  /** A fixed-points.csv row's kind: fixed (stable or not) or slow. */
  private static Kind kind(CsvTable t, int r) {
    int kind = t.column("kind");
    int stable = t.column("stable");
    String k = t.text(r, kind).strip();
    String s = t.text(r, stable).strip();
    if (!s.equals("true") && !s.equals("false")) {
      throw new IllegalArgumentException(t.where(r, stable) + ": not true or false: '" + s + "'");
    }
    return switch (k) {
      case "fixed" -> s.equals("true") ? Kind.STABLE : Kind.UNSTABLE;
      case "slow" -> Kind.SLOW;
      default -> throw new IllegalArgumentException(t.where(r, kind)
          + ": not fixed or slow: '" + k + "'");
    };
  }

  // ---------------------------------------------------------------- eigenvalues

  private static Figure eigenvalues(CsvTable t, CsvTable fixed) {
    Map<String, Long> seeds = lowestSeeds(t);
    // the kind of each point of each rule's lowest seed
    Map<String, Kind> kinds = new LinkedHashMap<>();
    int fp = fixed.column("point");
    for (int r = 0; r < fixed.size(); r++) {
      String rule = fixed.text(r, fixed.column("rule"));
      Kind kind = kind(fixed, r);
      if (seeds.containsKey(rule) && isRow(fixed, r, rule, seeds.get(rule))) {
        kinds.put(rule + "\n" + whole(fixed, r, fp), kind);
      }
    }
    int point = t.column("point");
    int real = t.column("real");
    int imaginary = t.column("imaginary");
    List<JFreeChart> panels = new ArrayList<>();
    for (Map.Entry<String, Long> e : seeds.entrySet()) {
      String rule = e.getKey();
      Map<Kind, List<double[]>> byKind = new TreeMap<>();
      java.util.Set<Long> pointsSeen = new java.util.TreeSet<>();
      for (int r = 0; r < t.size(); r++) {
        if (!isRow(t, r, rule, e.getValue())) {
          continue;
        }
        long p = whole(t, r, point);
        Kind kind = kinds.get(rule + "\n" + p);
        if (kind == null) {
          throw new IllegalArgumentException(t.where(r, point) + ": point " + p + " of rule "
              + rule + ", seed " + e.getValue() + " is not in " + fixed.file());
        }
        pointsSeen.add(p);
        byKind.computeIfAbsent(kind, k -> new ArrayList<>())
            .add(new double[] {t.number(r, real), t.number(r, imaginary)});
      }
      List<Points> layers = new ArrayList<>();
      byKind.forEach((kind, values) -> {
        double[] x = new double[values.size()];
        double[] y = new double[values.size()];
        for (int i = 0; i < x.length; i++) {
          x[i] = values.get(i)[0];
          y[i] = values.get(i)[1];
        }
        layers.add(new Points(kind, x, y));
      });
      panels.add(DynamicsCharts.eigenvalues(rule, "seed " + e.getValue() + "; "
          + pointsSeen.size() + (pointsSeen.size() == 1 ? " point" : " points")
          + "; dashed: the unit circle", layers));
    }
    return new Figure("eigenvalues",
        "The eigenvalues of the Jacobian of the state update at each fixed and slow point, in the"
            + " complex plane with the unit circle (dashed), a panel per rule (each rule's lowest"
            + " seed); a point is stable when all its eigenvalues are inside the circle"
            + " (analysis/eigenvalues.csv: real, imaginary by point; analysis/fixed-points.csv:"
            + " kind, stable).", panels, columns(panels.size()));
  }

  // ---------------------------------------------------------------- spikes

  /** The populations of a table, known ones first (input, lif, alif), then as they first come. */
  private static List<String> populations(CsvTable t) {
    int population = t.column("population");
    List<String> found = new ArrayList<>();
    for (int r = 0; r < t.size(); r++) {
      String p = t.text(r, population);
      if (!found.contains(p)) {
        found.add(p);
      }
    }
    List<String> out = new ArrayList<>();
    for (String p : DynamicsCharts.POPULATIONS) {
      if (found.contains(p)) {
        out.add(p);
      }
    }
    for (String p : found) {
      if (!out.contains(p)) {
        out.add(p);
      }
    }
    return out;
  }

  /** The lowest trial of a rule's seed. */
  private static long lowestTrial(CsvTable t, String rule, long seed) {
    long lowest = Long.MAX_VALUE;
    for (int r = 0; r < t.size(); r++) {
      if (isRow(t, r, rule, seed)) {
        lowest = Math.min(lowest, whole(t, r, t.column("trial")));
      }
    }
    return lowest;
  }

  private static Figure raster(CsvTable t) {
    Map<String, Long> seeds = lowestSeeds(t);
    List<String> populations = populations(t);
    int population = t.column("population");
    int neuron = t.column("neuron");
    int step = t.column("step");
    int trial = t.column("trial");
    List<JFreeChart> panels = new ArrayList<>();
    for (Map.Entry<String, Long> e : seeds.entrySet()) {
      String rule = e.getKey();
      long first = lowestTrial(t, rule, e.getValue());
      // each population's size: the highest neuron index seen for this rule and seed, plus 1
      Map<String, Long> sizes = new LinkedHashMap<>();
      Map<String, List<double[]>> spikes = new LinkedHashMap<>();
      double last = 0;
      for (int r = 0; r < t.size(); r++) {
        if (!isRow(t, r, rule, e.getValue())) {
          continue;
        }
        String p = t.text(r, population);
        long n = whole(t, r, neuron);
        if (n < 0) {
          throw new IllegalArgumentException(t.where(r, neuron) + ": a neuron's index is >= 0,"
              + " was " + n);
        }
        sizes.merge(p, n + 1, Math::max);
        if (whole(t, r, trial) == first) {
          double s = whole(t, r, step);
          spikes.computeIfAbsent(p, k -> new ArrayList<>()).add(new double[] {s, n});
          last = Math.max(last, s);
        }
      }
      List<Layer> layers = new ArrayList<>();
      List<Integer> boundaries = new ArrayList<>();
      int offset = 0;
      int count = 0;
      List<String> stacked = new ArrayList<>();
      for (String p : populations) {
        if (!sizes.containsKey(p)) {
          continue;
        }
        if (offset > 0) {
          boundaries.add(offset);
        }
        List<double[]> s = spikes.getOrDefault(p, List.of());
        if (!s.isEmpty()) {
          double[] x = new double[s.size()];
          double[] y = new double[s.size()];
          for (int i = 0; i < x.length; i++) {
            x[i] = s.get(i)[0];
            y[i] = offset + s.get(i)[1];
          }
          layers.add(new Layer(p, DynamicsCharts.populationColour(p), x, y));
          count += x.length;
        }
        stacked.add(p);
        offset += (int) (long) sizes.get(p);
      }
      panels.add(DynamicsCharts.raster(rule, "seed " + e.getValue() + ", trial " + first + "; "
          + count + " spikes", "neuron (" + String.join(", ", stacked) + " from the bottom)",
          layers, boundaries, offset, last));
    }
    return new Figure("raster",
        "Every spike of one held-out trial, a tick per spike at its time step and neuron, the"
            + " populations stacked (input at the bottom, then lif, then alif) and coloured, a"
            + " panel per rule (each rule's lowest seed and trial)"
            + " (analysis/spikes.csv: step, population, neuron).", panels,
        columns(panels.size()));
  }

  private static Figure firingRates(CsvTable t) {
    int rule = t.column("rule");
    int seed = t.column("seed");
    int population = t.column("population");
    int rate = t.column("rate_hz");
    List<String> populations = populations(t);
    Map<String, Map<String, List<Double>>> byRule = new LinkedHashMap<>();
    Map<String, java.util.Set<Long>> seeds = new LinkedHashMap<>();
    double max = 0;
    for (int r = 0; r < t.size(); r++) {
      double v = t.number(r, rate);
      if (!Double.isFinite(v) || v < 0) {
        throw new IllegalArgumentException(t.where(r, rate) + ": a firing rate is finite and"
            + " >= 0, was " + t.text(r, rate).strip());
      }
      byRule.computeIfAbsent(t.text(r, rule), k -> new LinkedHashMap<>())
          .computeIfAbsent(t.text(r, population), k -> new ArrayList<>()).add(v);
      seeds.computeIfAbsent(t.text(r, rule), k -> new java.util.TreeSet<>())
          .add(whole(t, r, seed));
      max = Math.max(max, v);
    }
    double high = max > 0 ? max : 1;
    List<JFreeChart> panels = new ArrayList<>();
    for (Map.Entry<String, Map<String, List<Double>>> e : byRule.entrySet()) {
      List<Layer> layers = new ArrayList<>();
      int neurons = 0;
      for (String p : populations) {
        List<Double> v = e.getValue().get(p);
        if (v != null) {
          layers.add(new Layer(p, DynamicsCharts.populationColour(p), unbox(v),
              new double[v.size()]));
          neurons += v.size();
        }
      }
      java.util.Set<Long> s = seeds.get(e.getKey());
      panels.add(DynamicsCharts.histogram(e.getKey(), (s.size() == 1 ? "seed " + s.iterator()
          .next() : s.size() + " seeds pooled") + "; " + neurons + " neurons",
          "firing rate (Hz)", layers, RATE_BINS, 0, high));
    }
    return new Figure("firing-rates",
        "How many hidden neurons fire at each mean rate over the analysed trials, a colour per"
            + " population, " + RATE_BINS + " bins shared by the panels, a panel per rule (its"
            + " seeds pooled) (analysis/rates.csv: rate_hz by population).", panels,
        columns(panels.size()));
  }

  private static Figure traces(CsvTable t) {
    Map<String, Long> seeds = lowestSeeds(t);
    List<String> populations = populations(t);
    int population = t.column("population");
    int neuron = t.column("neuron");
    int step = t.column("step");
    int v = t.column("v");
    int threshold = t.column("threshold");
    List<JFreeChart> panels = new ArrayList<>();
    for (Map.Entry<String, Long> e : seeds.entrySet()) {
      String rule = e.getKey();
      long first = lowestTrial(t, rule, e.getValue());
      // by population (in stacking order), then neuron index: rows {step, v, threshold}
      Map<String, TreeMap<Long, List<double[]>>> neurons = new LinkedHashMap<>();
      for (String p : populations) {
        neurons.put(p, new TreeMap<>());
      }
      for (int r = 0; r < t.size(); r++) {
        if (isRow(t, r, rule, e.getValue()) && whole(t, r, t.column("trial")) == first) {
          neurons.get(t.text(r, population)).computeIfAbsent(whole(t, r, neuron),
              k -> new ArrayList<>()).add(new double[] {whole(t, r, step), t.number(r, v),
                  t.number(r, threshold)});
        }
      }
      List<Layer> layers = new ArrayList<>();
      List<Stroke> strokes = new ArrayList<>();
      List<Layer> legend = new ArrayList<>();
      int k = 0;
      for (Map.Entry<String, TreeMap<Long, List<double[]>>> p : neurons.entrySet()) {
        for (Map.Entry<Long, List<double[]>> n : p.getValue().entrySet()) {
          List<double[]> rows = n.getValue();
          rows.sort((a, b) -> Double.compare(a[0], b[0]));
          double[] x = new double[rows.size()];
          double[] vs = new double[rows.size()];
          double[] th = new double[rows.size()];
          for (int i = 0; i < x.length; i++) {
            x[i] = rows.get(i)[0];
            vs[i] = rows.get(i)[1];
            th[i] = rows.get(i)[2];
          }
          Color colour = Palette.OTHER_COLOURS.get(k++ % Palette.OTHER_COLOURS.size());
          String name = p.getKey() + " " + n.getKey();
          layers.add(new Layer(name + " v", colour, x, vs));
          strokes.add(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND));
          layers.add(new Layer(name + " threshold", colour, x, th));
          strokes.add(DynamicsCharts.dashed(1.5f));
          legend.add(new Layer(name, colour, new double[0], new double[0]));
        }
      }
      panels.add(DynamicsCharts.traces(rule, "seed " + e.getValue() + ", trial " + first
          + "; solid: v, dashed: threshold", "membrane potential v, threshold", layers,
          strokes, legend));
    }
    return new Figure("traces",
        "The membrane potential (solid) and threshold (dashed) of a few sample neurons over one"
            + " held-out trial, a colour per neuron, a panel per rule (each rule's lowest seed and"
            + " trial) (analysis/traces.csv: v, threshold against step by"
            + " population and neuron).", panels, columns(panels.size()));
  }

  // ---------------------------------------------------------------- helpers

  private static void include(double[] bounds, double x, double y) {
    if (Double.isFinite(x) && Double.isFinite(y)) {
      bounds[0] = Math.min(bounds[0], x);
      bounds[1] = Math.max(bounds[1], x);
      bounds[2] = Math.min(bounds[2], y);
      bounds[3] = Math.max(bounds[3], y);
    }
  }

  private static double sq(double x) {
    return x * x;
  }

  private static String degrees(double d) {
    return String.format(Locale.ROOT, "%.0f\u00b0", d);
  }

  private static double[] unbox(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }
}
