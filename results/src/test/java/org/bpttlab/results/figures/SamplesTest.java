package org.bpttlab.results.figures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.bpttlab.experiment.align.SeedStatistics;
import org.junit.jupiter.api.Test;

/** The bands of collect's figures: clipped to the measure's range, none below three seeds. */
class SamplesTest {
  @Test
  void collectsBandsAreClippedAndNeedThreeSeeds() {
    Samples s = new Samples(3, -1, 1);
    double[] three = {0.99, 0.999, 0.9};
    for (double v : three) {
      s.add("a", 10, v);
    }
    s.add("b", 10, 0.2);
    s.add("b", 10, 0.8);
    Samples.Point a = s.points("a").get(0);
    SeedStatistics.Interval ci = SeedStatistics.interval(three);
    assertTrue(ci.high() > 1, "the unclipped interval leaves [-1, 1]");
    assertEquals(1.0, a.high());
    assertEquals(ci.low(), a.low());
    assertEquals(ci.mean(), a.mean());
    Samples.Point b = s.points("b").get(0);
    assertEquals(List.of(0.5, 0.5, 0.5), List.of(b.low(), b.mean(), b.high()),
        "two seeds: no band");
    // the run figures' samples keep their band from two values on, unbounded
    Samples runs = new Samples();
    runs.add("b", 10, 0.2);
    runs.add("b", 10, 0.8);
    Samples.Point r = runs.points("b").get(0);
    assertEquals(0.5 - SeedStatistics.interval(new double[] {0.2, 0.8}).halfWidth(), r.low(),
        1e-15);
  }
}
