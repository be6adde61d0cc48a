package org.bpttlab.experiment.align;

import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.apache.commons.math3.stat.inference.TTest;
import org.apache.commons.math3.stat.inference.WilcoxonSignedRankTest;

/**
 * Statistics across seeds (Apache Commons Math 3.6.1): the mean of n values with its two-sided 95%
 * confidence interval from Student's t distribution,
 *
 * <pre>
 * mean ± t_{0.975, n-1} · s / √n          s the sample standard deviation (n - 1 in the denominator)
 * </pre>
 *
 * and paired tests of two rules on the same seeds: the paired t-test and the Wilcoxon signed-rank
 * test (exact p-value for n ≤ 30, the normal approximation above), both two-sided.
 */
public final class SeedStatistics {
  private SeedStatistics() {}

  /**
   * A mean with its 95% confidence interval.
   *
   * @param n the number of values
   * @param mean their mean (NaN for n = 0)
   * @param halfWidth t_{0.975, n-1} s / √n (NaN for n &lt; 2)
   */
  public record Interval(int n, double mean, double halfWidth) {
    public double low() {
      return mean - halfWidth;
    }

    public double high() {
      return mean + halfWidth;
    }
  }

  /**
   * Paired tests of x against y (x_i and y_i from the same seed).
   *
   * @param n the number of pairs
   * @param meanDifference the mean of x_i − y_i
   * @param tTestP the paired t-test's p-value (NaN for n &lt; 2; 1 when every difference is 0)
   * @param wilcoxonP the signed-rank test's p-value (NaN for n &lt; 2; 1 when every difference is 0)
   */
  public record Paired(int n, double meanDifference, double tTestP, double wilcoxonP) {}

  /**
   * The mean of {@code values} with its 95% confidence interval.
   *
   * @param values Not modified; must be finite
   */
  public static Interval interval(double[] values) {
    SummaryStatistics s = new SummaryStatistics();
    for (double v : values) {
      s.addValue(v);
    }
    int n = values.length;
    double mean = n == 0 ? Double.NaN : s.getMean();
    double half = n < 2 ? Double.NaN
        : new TDistribution(null, n - 1, 1e-14).inverseCumulativeProbability(0.975)
            * s.getStandardDeviation() / Math.sqrt(n);
    return new Interval(n, mean, half);
  }

  /**
   * Paired tests of {@code x} against {@code y}.
   *
   * @param x Not modified
   * @param y Not modified; as long as x
   */
  public static Paired paired(double[] x, double[] y) {
    if (x.length != y.length) {
      throw new IllegalArgumentException("paired samples differ in length: " + x.length + " and "
          + y.length);
    }
    int n = x.length;
    double sum = 0;
    boolean allZero = true;
    for (int i = 0; i < n; i++) {
      double d = x[i] - y[i];
      sum += d;
      allZero &= d == 0;
    }
    double meanDifference = n == 0 ? Double.NaN : sum / n;
    if (n < 2) {
      return new Paired(n, meanDifference, Double.NaN, Double.NaN);
    }
    if (allZero) {
      return new Paired(n, meanDifference, 1.0, 1.0);
    }
    double t = new TTest().pairedTTest(x, y);
    double w = new WilcoxonSignedRankTest().wilcoxonSignedRankTest(x, y, n <= 30);
    return new Paired(n, meanDifference, t, w);
  }
}
