package org.bpttlab.results.figures;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures of measurements that are not training runs, written by the reproductions:
 *
 * <ul>
 *   <li>{@code lag.csv} ({@code series,lag,grad_norm}): the gradient norm ‖∂L_T/∂h_{T−k}‖ against
 *       the lag k, one line per series, log-scale y;
 *   <li>{@code cost.csv} ({@code series,variable,value,seconds_per_step,peak_doubles}): one
 *       figure, a row of two panels per variable ({@code n}, {@code T}, {@code budget}): the time
 *       per step and the peak memory against its value, one line per series; an empty field is a
 *       value not measured;
 *   <li>{@code points.csv} ({@code series,x,y}, optionally {@code x_label,y_label}): y against x
 *       with the identity line;
 *   <li>{@code curriculum.csv} ({@code series,sequences,length}): the length of a curriculum's
 *       task in force against the sequences seen, one line per series.
 * </ul>
 *
 * Repeated rows of one series at one x (several seeds) are drawn as their mean with a 95% band.
 * An axis is logarithmic where its values are positive and span at least a decade.
 */
final class MeasurementFigures {
  static final String LAG = "lag.csv";
  static final String COST = "cost.csv";
  static final String POINTS = "points.csv";
  static final String CURRICULUM = "curriculum.csv";

  /** Markers on the lines when a series has at most this many points. */
  private static final int MARKERS_UP_TO = 30;

  private MeasurementFigures() {}

  static List<Figure> read(Path folder) throws IOException {
    List<Figure> figures = new ArrayList<>();
    Path lag = folder.resolve(LAG);
    if (Files.isRegularFile(lag)) {
      figures.addAll(lag(CsvTable.read(lag)));
    }
    Path cost = folder.resolve(COST);
    if (Files.isRegularFile(cost)) {
      figures.addAll(cost(CsvTable.read(cost)));
    }
    Path points = folder.resolve(POINTS);
    if (Files.isRegularFile(points)) {
      figures.addAll(points(CsvTable.read(points)));
    }
    Path curriculum = folder.resolve(CURRICULUM);
    if (Files.isRegularFile(curriculum)) {
      figures.addAll(curriculum(CsvTable.read(curriculum)));
    }
    return figures;
  }

  private static List<Figure> lag(CsvTable t) {
    return seriesLines(t, "lag", "grad_norm", "lag",
        "The norm of the loss's gradient at the last step with respect to the hidden state k"
            + " steps earlier, against k (lag.csv: grad_norm against lag, one line per series).",
        "Gradient norm against the time lag", "lag k (steps)",
        "gradient norm \u2016\u2202L_T/\u2202h_{T\u2212k}\u2016");
  }

  private static List<Figure> curriculum(CsvTable t) {
    return seriesLines(t, "sequences", "length", "curriculum",
        "The length of the task in force against the sequences seen (curriculum.csv: length"
            + " against sequences, one line per series).",
        "Curriculum length against data", "sequences seen", "length L in force");
  }

  /**
   * One figure of column {@code y} against column {@code x}, a line per {@code series}; none for
   * an empty table.
   */
  private static List<Figure> seriesLines(CsvTable t, String x, String y, String name,
      String caption, String title, String xLabel, String yLabel) {
    if (t.size() == 0) {
      return List.of();
    }
    int series = t.column("series");
    int xs = t.column(x);
    int ys = t.column(y);
    Samples s = new Samples();
    for (int r = 0; r < t.size(); r++) {
      s.add(t.text(r, series), t.number(r, xs), t.number(r, ys));
    }
    return List.of(new Figure(name, caption, lines(title, s, xLabel, yLabel)));
  }

  private static List<Figure> cost(CsvTable t) {
    if (t.size() == 0) {
      return List.of();
    }
    int series = t.column("series");
    int variable = t.column("variable");
    int value = t.column("value");
    int seconds = t.column("seconds_per_step");
    int peak = t.column("peak_doubles");
    Map<String, Double> maxSeconds = new LinkedHashMap<>();
    for (int r = 0; r < t.size(); r++) {
      double sec = t.number(r, seconds, true);
      maxSeconds.merge(t.text(r, variable), Double.isFinite(sec) ? Math.abs(sec) : 0, Math::max);
    }
    // time in s, ms or µs, whichever gives the largest value at least 1
    Map<String, Double> scale = new LinkedHashMap<>();
    maxSeconds.forEach((v, most) -> scale.put(v, most >= 1 ? 1 : most >= 1e-3 ? 1e3 : 1e6));
    Map<String, Samples> time = new LinkedHashMap<>();
    Map<String, Samples> memory = new LinkedHashMap<>();
    for (int r = 0; r < t.size(); r++) {
      String v = t.text(r, variable);
      String s = t.text(r, series);
      double x = t.number(r, value);
      time.computeIfAbsent(v, k -> new Samples())
          .add(s, x, t.number(r, seconds, true) * scale.get(v));
      memory.computeIfAbsent(v, k -> new Samples()).add(s, x, t.number(r, peak, true));
    }
    List<org.jfree.chart.JFreeChart> panels = new ArrayList<>();
    for (String v : time.keySet()) {
      String xLabel = switch (v) {
        case "n" -> "hidden units n";
        case "T" -> "sequence length T (steps)";
        case "budget" -> "memory budget (stored states)";
        default -> v;
      };
      double f = scale.get(v);
      String unit = f == 1 ? "s" : f == 1e3 ? "ms" : "\u00b5s";
      panels.add(lines("Cost: time per step against " + v, time.get(v), xLabel,
          "time per step (" + unit + ")"));
      panels.add(lines("Cost: peak memory against " + v, memory.get(v), xLabel,
          "peak memory (doubles, 8 bytes)"));
    }
    return List.of(new Figure("cost", "Time per step (left) and peak memory (right) against "
        + String.join(", ", time.keySet()) + ", a row per variable (cost.csv: seconds_per_step"
        + " and peak_doubles against value, one line per series).", panels, 2));
  }

  private static List<Figure> points(CsvTable t) {
    if (t.size() == 0) {
      return List.of();
    }
    int series = t.column("series");
    int x = t.column("x");
    int y = t.column("y");
    String xLabel = t.has("x_label") && !t.text(0, t.column("x_label")).isBlank()
        ? t.text(0, t.column("x_label")) : "x";
    String yLabel = t.has("y_label") && !t.text(0, t.column("y_label")).isBlank()
        ? t.text(0, t.column("y_label")) : "y";
    Map<String, List<double[]>> bySeries = new LinkedHashMap<>();
    for (int r = 0; r < t.size(); r++) {
      bySeries.computeIfAbsent(t.text(r, series), k -> new ArrayList<>())
          .add(new double[] {t.number(r, x), t.number(r, y)});
    }
    Map<String, double[][]> points = new LinkedHashMap<>();
    int total = 0;
    for (Map.Entry<String, List<double[]>> e : bySeries.entrySet()) {
      List<double[]> p = e.getValue();
      double[][] xy = new double[2][p.size()];
      for (int i = 0; i < p.size(); i++) {
        xy[0][i] = p.get(i)[0];
        xy[1][i] = p.get(i)[1];
      }
      points.put(e.getKey(), xy);
      total += p.size();
    }
    return List.of(new Figure("points",
        yLabel + " against " + xLabel + ", with the identity line y = x (points.csv: y against x,"
            + " one colour per series; " + total + " points).",
        Charts.scatter(yLabel + " against " + xLabel, total + " points; dashed: y = x",
            new Charts.Axis(xLabel, false, false), new Charts.Axis(yLabel, false, false),
            points)));
  }

  /** A line chart whose axes are logarithmic where the values span a decade. */
  private static org.jfree.chart.JFreeChart lines(String title, Samples s, String xLabel,
      String yLabel) {
    List<Double> xs = new ArrayList<>();
    List<Double> ys = new ArrayList<>();
    int most = 0;
    boolean whole = true;
    for (String series : s.series()) {
      List<Samples.Point> p = s.points(series);
      most = Math.max(most, p.size());
      for (Samples.Point q : p) {
        xs.add(q.x());
        ys.add(q.mean());
        whole &= q.x() == Math.rint(q.x());
      }
    }
    boolean xLog = Charts.logScale(xs, 10);
    boolean yLog = Charts.logScale(ys, 10);
    String sub = (s.maxCount() > 1 ? "mean and 95% band over repeated rows" : "")
        + (xLog || yLog ? (s.maxCount() > 1 ? "; " : "") + (xLog && yLog ? "log-log scale"
        : xLog ? "log x scale" : "log y scale") : "");
    return Charts.lines(title, sub, new Charts.Axis(xLabel, xLog, whole && !xLog),
        new Charts.Axis(yLabel, yLog, false), s, s.maxCount() > 1, most <= MARKERS_UP_TO);
  }
}
