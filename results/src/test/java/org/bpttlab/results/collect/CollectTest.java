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

  /**
   * A tuned report over several tasks at several delays (a list of task specs): one figure per
   * task against each of its numeric options that varies, one curve per rule whatever learning
   * rate was chosen at each delay.
   */
  @Test
  void severalTasksAtSeveralDelaysGiveOneFigurePerTask() {
    List<Collect.Run> runs = new ArrayList<>();
    String[][] tasks = {{"adding:steps=10", "adding", "task.steps", "10", "mse"},
        {"adding:steps=20", "adding", "task.steps", "20", "mse"},
        {"copy:delay=5", "copy", "task.delay", "5", "bits"},
        {"copy:delay=10", "copy", "task.delay", "10", "bits"},
        {"copy:delay=20", "copy", "task.delay", "20", "bits"}};
    for (String[] t : tasks) {
      for (String rule : List.of("bptt", "rflo")) {
        // the chosen learning rate differs between delays
        String lr = t[3].equals("10") ? "0.01" : "0.003";
        for (int s = 1; s <= 3; s++) {
          Map<String, String> config = new LinkedHashMap<>(Map.of("rule", rule, "task", t[0],
              "task.name", t[1], t[2], t[3], "optimizer.learning_rate", lr,
              "seed", Integer.toString(s)));
          runs.add(new Collect.Run(t[0] + rule + s, Path.of("x"), config, t[4], List.of(
              new Collect.Measure("loss", "", "0.5"), new Collect.Measure(t[4], "", "0.25"),
              new Collect.Measure("cosine", "all", "0.75"))));
        }
      }
    }
    Collect.Plan plan = new Collect.Plan(List.of("task", "rule", "optimizer.learning_rate",
        "seed"), Map.of(), List.of("optimizer.learning_rate"));
    Map<String, Integer> series = new LinkedHashMap<>();
    for (Figure f : Collect.figures(runs, plan)) {
      series.put(f.name(), f.series());
    }
    assertEquals(Map.of("mse-vs-task-steps-adding", 2, "cosine-vs-task-steps-adding", 2,
        "bits-vs-task-delay-copy", 2, "cosine-vs-task-delay-copy", 2), series);
  }
}
