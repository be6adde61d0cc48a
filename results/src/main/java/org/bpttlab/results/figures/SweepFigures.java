package org.bpttlab.results.figures;

import java.util.List;

/**
 * The figures of {@code collect} (docs/sweeps.md): a final measure against a swept variable, one
 * curve per series (a rule, with the other swept settings), the mean across seeds with its 95%
 * band ({@link Samples}, {@link Charts#lines}).
 */
public final class SweepFigures {
  private SweepFigures() {}

  /** One run's final value {@code y} at {@code x}, in curve {@code series}. */
  public record Point(String series, double x, double y) {}

  /**
   * A figure of the mean of {@code y} against {@code x} per series, with 95% bands where there are
   * 3 values or more (as collect's tables), clipped to the measure's range.
   *
   * @param logX a base-10 logarithmic x axis (learning rates)
   * @param range the measure's range [low, high] (the cosine's [-1, 1], a loss's [0, ∞))
   */
  public static Figure curves(String name, String caption, String title, String xLabel,
      boolean logX, String yLabel, double[] range, List<Point> points) {
    Figures.headless();
    Samples samples = new Samples(3, range[0], range[1]);
    for (Point p : points) {
      samples.add(p.series(), p.x(), p.y());
    }
    String subtitle = "mean across seeds, 95% band from 3 seeds (up to " + samples.maxCount()
        + " seeds)";
    return new Figure(name, caption, Charts.lines(title, subtitle,
        new Charts.Axis(xLabel, logX, false), new Charts.Axis(yLabel), samples, true, true));
  }
}
