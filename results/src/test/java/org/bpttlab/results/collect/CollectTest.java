package org.bpttlab.results.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bpttlab.experiment.align.SeedStatistics;
import org.bpttlab.results.figures.Figure;
import org.junit.jupiter.api.Test;

/** The summary's intervals and the figures' series, on made-up runs. */
class CollectTest {
  static Collect.Run run(String name, String rule, int hidden, double lr, int seed, double loss,
      double cosine) {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("rule", rule);
    config.put("network.hidden", Integer.toString(hidden));
    config.put("optimizer.learning_rate", Double.toString(lr));
    config.put("seed", Integer.toString(seed));
    return new Collect.Run(name, Path.of(name), config, "mse", List.of(
        new Collect.Measure("loss", "", Double.toString(loss)),
        new Collect.Measure("mse", "", Double.toString(2 * loss)),
        new Collect.Measure("cosine", "all", Double.toString(cosine))));
  }

  static final Collect.Plan PLAN =
      new Collect.Plan(List.of("rule", "network.hidden", "optimizer.learning_rate", "seed"),
          Map.of());

  @Test
  void theCosineIntervalIsClippedAndBelowThreeSeedsNotAvailable() {
    List<Collect.Run> runs = new ArrayList<>();
    double[] cos = {0.99, 0.999, 0.9};
    for (int s = 0; s < 3; s++) {
      runs.add(run("a" + s, "bptt", 8, 0.01, s, 0.1 + s, cos[s]));
      if (s < 2) {
        runs.add(run("b" + s, "eprop", 8, 0.01, s, 0.1 + s, cos[s]));
      }
    }
    List<Collect.Summary> summary = Collect.summarise(runs, PLAN);
    Collect.Summary c = summary.stream()
        .filter(x -> x.setting().get(0).equals("bptt") && x.measure().equals("cosine"))
        .findFirst().orElseThrow();
    assertEquals(List.of("bptt", "8", "0.01"), c.setting());
    assertEquals(3, c.n());
    assertTrue(SeedStatistics.interval(cos).high() > 1);
    assertEquals(1.0, c.high());
    assertEquals(SeedStatistics.interval(cos).low(), c.low());
    for (Collect.Summary x : summary) {
      if (x.setting().get(0).equals("eprop")) {
        assertEquals(2, x.n());
        assertTrue(Double.isNaN(x.low()) && Double.isNaN(x.high()), x.toString());
      }
    }
  }

  @Test
  void figuresDrawOneCurvePerRuleAndOtherSetting() {
    List<Collect.Run> runs = new ArrayList<>();
    for (String rule : List.of("bptt", "eprop", "rflo")) {
      for (int hidden : new int[] {8, 16}) {
        for (double lr : new double[] {0.001, 0.01, 0.1}) {
          for (int s = 0; s < 2; s++) {
            runs.add(run(rule + hidden + lr + s, rule, hidden, lr, s, lr * hidden, 0.5));
          }
        }
      }
    }
    Map<String, Integer> series = new LinkedHashMap<>();
    for (Figure f : Collect.figures(runs, PLAN)) {
      series.put(f.name(), f.series());
    }
    // against the size: a curve per rule and learning rate; against the rate: per rule and size
    assertEquals(Map.of("mse-vs-network-hidden", 9, "cosine-vs-network-hidden", 9,
        "loss-vs-optimizer-learning-rate", 6), series);
  }
}
