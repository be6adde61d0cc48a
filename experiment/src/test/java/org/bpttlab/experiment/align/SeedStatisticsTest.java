package org.bpttlab.experiment.align;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Against SciPy 1.17.1: {@code stats.t.ppf(0.975, n-1) * x.std(ddof=1) / sqrt(n)},
 * {@code stats.ttest_rel(x, y)}, {@code stats.wilcoxon(x, y, method='exact')}.
 */
class SeedStatisticsTest {
  @Test
  void confidenceIntervalsFromStudentsT() {
    SeedStatistics.Interval a = SeedStatistics.interval(new double[] {1, 2, 3, 4, 5});
    assertEquals(5, a.n());
    assertEquals(3.0, a.mean());
    // Commons Math inverts the t distribution's CDF numerically (asked for 1e-14 here)
    assertEquals(1.9632431614775572, a.halfWidth(), 1e-12);
    assertEquals(3.0 - 1.9632431614775572, a.low(), 1e-12);
    SeedStatistics.Interval b =
        SeedStatistics.interval(new double[] {0.31, 0.27, 0.45, 0.12, 0.38, 0.29, 0.33});
    assertEquals(0.3071428571428571, b.mean(), 1e-15);
    assertEquals(0.0947254998346693, b.halfWidth(), 1e-12);
  }

  @Test
  void oneValueHasNoInterval() {
    SeedStatistics.Interval one = SeedStatistics.interval(new double[] {0.5});
    assertEquals(0.5, one.mean());
    assertTrue(Double.isNaN(one.halfWidth()));
    assertTrue(Double.isNaN(SeedStatistics.interval(new double[0]).mean()));
  }

  @Test
  void pairedTestsAgreeWithScipy() {
    SeedStatistics.Paired p = SeedStatistics.paired(new double[] {1, 2, 3, 4, 5},
        new double[] {1.5, 2.1, 3.9, 4.2, 6.0});
    assertEquals(5, p.n());
    assertEquals(-0.54, p.meanDifference(), 1e-15);
    assertEquals(0.040306920594900035, p.tTestP(), 1e-9);
    assertEquals(0.0625, p.wilcoxonP(), 1e-12);
    SeedStatistics.Paired q = SeedStatistics.paired(
        new double[] {0.2, 0.5, 0.1, 0.8, 0.4, 0.9, 0.3},
        new double[] {0.25, 0.45, 0.3, 0.7, 0.6, 1.2, 0.35});
    assertEquals(0.14243824996088122, q.tTestP(), 1e-9);
    assertEquals(0.21875, q.wilcoxonP(), 1e-12);
  }

  @Test
  void identicalSamplesAndTooFewPairs() {
    double[] x = {0.1, 0.2, 0.3};
    SeedStatistics.Paired same = SeedStatistics.paired(x, x.clone());
    assertEquals(1.0, same.tTestP());
    assertEquals(1.0, same.wilcoxonP());
    assertEquals(0.0, same.meanDifference());
    SeedStatistics.Paired one = SeedStatistics.paired(new double[] {1}, new double[] {2});
    assertEquals(-1.0, one.meanDifference());
    assertTrue(Double.isNaN(one.tTestP()) && Double.isNaN(one.wilcoxonP()));
  }
}
