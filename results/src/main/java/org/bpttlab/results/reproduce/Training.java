package org.bpttlab.results.reproduce;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bpttlab.experiment.run.Outputs;
import org.bpttlab.experiment.run.SummaryMarkdown;
import org.bpttlab.experiment.train.RuleResult;
import org.bpttlab.experiment.train.Trainer;
import org.bpttlab.experiment.train.TrainingSpec;
import org.bpttlab.rules.RuleSpec;
import org.bpttlab.tasks.Task;

/**
 * The training reproductions' common part: every rule and seed trained by the {@link Trainer} (the
 * same start and batches for every rule, the alignment harness on), the outputs of
 * {@code compare} written into the folder (metrics.csv, alignment.csv, summary.csv, summary.md),
 * and each rule's final metrics by seed.
 */
final class Training {
  private Training() {}

  /** Trains and writes; returns the final held-out metric of every rule, by rule then seed. */
  static Map<String, double[]> run(Task task, TrainingSpec spec, List<String> rules,
      List<Long> seeds, Path folder, String title, Reproduction.Context context)
      throws IOException {
    return finalMetrics(train(new Trainer(task, spec), rules, seeds, folder, title, context));
  }

  /**
   * Trains every rule and seed with {@code trainer} (its task and spec; a stream trainer's too) and
   * writes the outputs of {@code compare}; returns the results by seed, then in the rules' order.
   */
  static List<List<RuleResult>> train(Trainer trainer, List<String> rules, List<Long> seeds,
      Path folder, String title, Reproduction.Context context) throws IOException {
    List<RuleSpec> specs = new ArrayList<>();
    for (String r : rules) {
      specs.add(RuleSpec.parse(r));
    }
    List<List<RuleResult>> results = trainer.trainSeeds(specs, seeds, context.threads(),
        Trainer.Progress.none());
    Outputs.writeTraining(folder, title,
        SummaryMarkdown.setup(trainer.task(), trainer.spec(), seeds), trainer.task(), results);
    return results;
  }

  /** The final held-out metric of every rule ({@link Outputs#finalMetric}), by rule then seed. */
  static Map<String, double[]> finalMetrics(List<List<RuleResult>> results) {
    Map<String, double[]> metric = new LinkedHashMap<>();
    int rules = results.get(0).size();
    for (int r = 0; r < rules; r++) {
      double[] values = new double[results.size()];
      for (int s = 0; s < results.size(); s++) {
        values[s] = Outputs.finalMetric(results.get(s).get(r));
      }
      metric.put(results.get(0).get(r).rule(), values);
    }
    return metric;
  }

  /** The mean of an array. */
  static double mean(double[] values) {
    double s = 0;
    for (double v : values) {
      s += v;
    }
    return s / values.length;
  }
}
