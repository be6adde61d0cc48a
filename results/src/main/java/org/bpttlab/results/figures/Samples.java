package org.bpttlab.results.figures;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bpttlab.experiment.align.SeedStatistics;

/**
 * Values gathered by series and x (one per seed, say), summarised as the mean with its 95%
 * confidence interval (Student's t, {@link SeedStatistics#interval}, as in summary.md). Series keep
 * the order in which they first come, x values are sorted; values that are not finite (a diverged
 * seed's NaN, an infinite norm ratio) are left out of the statistics.
 */
final class Samples {
  /**
   * One point of a curve: the mean of n values at x, and its interval (none below minBand); the
   * values themselves in the order they came (one per seed, say).
   */
  record Point(double x, int n, double mean, double low, double high, List<Double> values) {
    Point {
      values = List.copyOf(values);
    }

    /** A point without its values. */
    Point(double x, int n, double mean, double low, double high) {
      this(x, n, mean, low, high, List.of());
    }
  }

  private final Map<String, TreeMap<Double, List<Double>>> data = new LinkedHashMap<>();
  private final int minBand;
  private final double floor;
  private final double ceiling;

  /** Samples whose bands are drawn from 2 values on, unbounded. */
  Samples() {
    this(2, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
  }

  /**
   * Samples whose bands are drawn from {@code minBand} values on (below: none, the interval not
   * being available) and clipped to [{@code floor}, {@code ceiling}], the measure's range.
   */
  Samples(int minBand, double floor, double ceiling) {
    this.minBand = minBand;
    this.floor = floor;
    this.ceiling = ceiling;
  }

  /** Adds a value (a non-finite one only makes the series and x known). */
  void add(String series, double x, double y) {
    List<Double> values =
        data.computeIfAbsent(series, s -> new TreeMap<>()).computeIfAbsent(x, k -> new ArrayList<>());
    if (Double.isFinite(y)) {
      values.add(y);
    }
  }

  /** The series, in the order they first came. */
  List<String> series() {
    return List.copyOf(data.keySet());
  }

  boolean isEmpty() {
    return data.isEmpty();
  }

  /** A series' points with at least one finite value, by x. */
  List<Point> points(String series) {
    List<Point> points = new ArrayList<>();
    for (Map.Entry<Double, List<Double>> e : data.get(series).entrySet()) {
      double[] v = e.getValue().stream().mapToDouble(Double::doubleValue).toArray();
      if (v.length == 0) {
        continue;
      }
      SeedStatistics.Interval ci = SeedStatistics.interval(v);
      double half = v.length < Math.max(2, minBand) ? 0 : ci.halfWidth();
      points.add(new Point(e.getKey(), v.length, ci.mean(), Math.max(floor, ci.mean() - half),
          Math.min(ceiling, ci.mean() + half), e.getValue()));
    }
    return points;
  }

  /** The most values at one x of any series (the number of seeds, for learning curves). */
  int maxCount() {
    int most = 0;
    for (TreeMap<Double, List<Double>> s : data.values()) {
      for (List<Double> v : s.values()) {
        most = Math.max(most, v.size());
      }
    }
    return most;
  }
}
