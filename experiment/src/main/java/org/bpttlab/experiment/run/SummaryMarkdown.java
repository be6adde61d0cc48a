package org.bpttlab.experiment.run;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.bpttlab.core.net.Network;
import org.bpttlab.experiment.align.Alignment;
import org.bpttlab.experiment.align.SeedStatistics;
import org.bpttlab.experiment.align.UpdateAlignment;
import org.bpttlab.experiment.train.AlignmentRow;
import org.bpttlab.experiment.train.RuleResult;
import org.bpttlab.experiment.train.TrainingSpec;
import org.bpttlab.rules.optim.OptimizerSpec;
import org.bpttlab.tasks.Task;

/**
 * {@code summary.md}: a short human-readable report of a run or a comparison. For each rule, over
 * the seeds that finished: the final loss and metric (held-out when held-out batches were scored) as
 * mean ± the half-width of the 95% confidence interval ({@link SeedStatistics#interval}), how many
 * seeds succeeded, the cosine with BPTT at the last iteration, and the training time; then the cosine
 * per parameter group; then paired tests of each rule's final loss against the first rule's on the
 * seeds both finished; then the runs that diverged.
 */
public final class SummaryMarkdown {
  private SummaryMarkdown() {}

  /**
   * The report.
   *
   * @param title the run's name
   * @param setup lines describing the setup (task, network, optimizer, seeds)
   * @param bySeed the results by seed, each in the rules' order
   */
  public static String of(String title, List<String> setup, Task task,
      List<List<RuleResult>> bySeed) {
    List<String> rules = bySeed.get(0).stream().map(RuleResult::rule).toList();
    StringBuilder md = new StringBuilder();
    md.append("# ").append(title).append("\n\n");
    for (String line : setup) {
      md.append(line).append("  \n");
    }
    md.append("Success: ").append(task.metricName()).append(" <= ")
        .append(fmt(task.successThreshold())).append("; baseline (a memoryless predictor): ")
        .append(fmt(task.baseline())).append(".\n\n");
    boolean several = bySeed.size() > 1;
    md.append(several ? "Mean ± half-width of the 95% confidence interval (Student's t) over the"
        + " seeds that finished.\n\n" : "");
    md.append("| rule | seeds | loss | ").append(task.metricName())
        .append(" | success | cosine with BPTT | seconds |\n");
    md.append("|---|---|---|---|---|---|---|\n");
    for (int r = 0; r < rules.size(); r++) {
      List<RuleResult> rs = column(bySeed, r);
      List<RuleResult> finished = rs.stream().filter(x -> !x.diverged()).toList();
      int successes = (int) finished.stream().filter(x -> Outputs.success(task, x)).count();
      md.append("| ").append(rules.get(r)).append(" | ").append(finished.size())
          .append(finished.size() < rs.size() ? " of " + rs.size() : "")
          .append(" | ").append(interval(finished.stream().mapToDouble(Outputs::finalLoss)
              .toArray()))
          .append(" | ").append(interval(finished.stream().mapToDouble(Outputs::finalMetric)
              .toArray()))
          .append(" | ").append(successes).append('/').append(rs.size())
          .append(" | ").append(interval(cosines(finished, Alignment.ALL)))
          .append(" | ").append(interval(finished.stream().mapToDouble(RuleResult::seconds)
              .toArray()))
          .append(" |\n");
    }
    appendGroups(md, bySeed, rules);
    appendPaired(md, bySeed, rules);
    appendDivergences(md, bySeed);
    return md.toString();
  }

  /** The setup lines: task, network, training, seeds, held-out scoring, alignment cadence. */
  public static List<String> setup(Task t, TrainingSpec training, List<Long> seeds) {
    String seedsText = seeds.size() == 1 ? "seed " + seeds.get(0)
        : "seeds " + seeds.get(0) + "–" + seeds.get(seeds.size() - 1);
    return List.of(
        String.format(Locale.ROOT, "%s, T = %d, %s cell, n = %d; %d iterations of batch %d, %s;"
                + " %s.", t.name(), t.steps(), training.network().cell().kind(),
            training.network().hidden(), training.iterations(), training.batchSize(),
            describe(training.optimizer()), seedsText),
        training.evalBatches() > 0
            ? "Final networks scored on " + training.evalBatches() * training.batchSize()
                + " held-out sequences per seed."
            : "No held-out batches: final values are the last training batch's.",
        training.alignEvery() > 0
            ? "Alignment with the exact gradient measured every " + training.alignEvery()
                + " iterations and at the last (BPTT's; for a rule that updates online, "
                + (UpdateAlignment.exactAffordable(new Network(training.network()),
                    training.batchSize())
                    ? "each update against RTRL's gradient of the same steps, averaged over the"
                        + " iteration's updates)."
                    : "the sum of its updates over the sequence against BPTT's gradient at the"
                        + " sequence's first weights: RTRL's per-step gradient is too costly"
                        + " beside this network).") + (training.alignWith().isEmpty() ? ""
                    : " Comparison rules on the same steps (alignment-pairs.csv): "
                        + String.join(", ", training.alignWith()) + ".")
            : "Alignment not measured.");
  }

  /** "adam lr 0.002, clip 1.0" or "momentum 0.9 (nesterov) lr 0.01, clip 0.0, clip-value 0.1". */
  public static String describe(OptimizerSpec o) {
    StringBuilder sb = new StringBuilder(o.kind());
    if (o instanceof OptimizerSpec.MomentumSpec m) {
      sb.append(' ').append(m.momentum()).append(m.nesterov() ? " (nesterov)" : "");
    }
    sb.append(" lr ").append(o.learningRate()).append(", clip ").append(o.clipNorm());
    if (o.clipValue() > 0) {
      sb.append(", clip-value ").append(o.clipValue());
    }
    return sb.toString();
  }

  private static void appendGroups(StringBuilder md, List<List<RuleResult>> bySeed,
      List<String> rules) {
    Set<String> groups = new LinkedHashSet<>();
    for (List<RuleResult> seed : bySeed) {
      for (RuleResult r : seed) {
        for (AlignmentRow row : r.alignment()) {
          groups.add(row.group());
        }
      }
    }
    if (groups.isEmpty()) {
      md.append("\nNo alignment was measured (align_every = 0).\n");
      return;
    }
    md.append("\nCosine with the exact gradient at the last iteration, per parameter group"
        + " (alignment.csv has every measured iteration; 0 where a rule leaves a group"
        + " untrained):\n\n");
    md.append("| rule |");
    for (String g : groups) {
      md.append(' ').append(g).append(" |");
    }
    md.append("\n|---|").append("---|".repeat(groups.size())).append('\n');
    for (int r = 0; r < rules.size(); r++) {
      List<RuleResult> finished = column(bySeed, r).stream().filter(x -> !x.diverged()).toList();
      md.append("| ").append(rules.get(r)).append(" |");
      for (String g : groups) {
        md.append(' ').append(interval(cosines(finished, g))).append(" |");
      }
      md.append('\n');
    }
  }

  private static void appendPaired(StringBuilder md, List<List<RuleResult>> bySeed,
      List<String> rules) {
    if (bySeed.size() < 2 || rules.size() < 2) {
      return;
    }
    md.append("\nPaired tests of the final loss against ").append(rules.get(0))
        .append(" on the same seeds (two-sided; difference = rule − ").append(rules.get(0))
        .append("):\n\n");
    md.append("| rule | pairs | mean difference | paired t-test p | Wilcoxon signed-rank p |\n");
    md.append("|---|---|---|---|---|\n");
    for (int r = 1; r < rules.size(); r++) {
      List<Double> x = new ArrayList<>();
      List<Double> y = new ArrayList<>();
      for (List<RuleResult> seed : bySeed) {
        if (!seed.get(r).diverged() && !seed.get(0).diverged()) {
          x.add(Outputs.finalLoss(seed.get(r)));
          y.add(Outputs.finalLoss(seed.get(0)));
        }
      }
      SeedStatistics.Paired p = SeedStatistics.paired(
          x.stream().mapToDouble(Double::doubleValue).toArray(),
          y.stream().mapToDouble(Double::doubleValue).toArray());
      md.append("| ").append(rules.get(r)).append(" | ").append(p.n()).append(" | ")
          .append(fmt(p.meanDifference())).append(" | ").append(fmt(p.tTestP())).append(" | ")
          .append(fmt(p.wilcoxonP())).append(" |\n");
    }
  }

  private static void appendDivergences(StringBuilder md, List<List<RuleResult>> bySeed) {
    List<String> lines = new ArrayList<>();
    for (List<RuleResult> seed : bySeed) {
      for (RuleResult r : seed) {
        if (r.diverged()) {
          lines.add("- seed " + r.seed() + ": " + r.divergence().getMessage());
        }
      }
    }
    if (!lines.isEmpty()) {
      md.append("\nDiverged (rows up to the divergence are in metrics.csv):\n\n");
      for (String l : lines) {
        md.append(l).append('\n');
      }
    }
  }

  private static List<RuleResult> column(List<List<RuleResult>> bySeed, int rule) {
    return bySeed.stream().map(s -> s.get(rule)).toList();
  }

  private static double[] cosines(List<RuleResult> results, String group) {
    List<Double> c = new ArrayList<>();
    for (RuleResult r : results) {
      Alignment a = Outputs.lastAlignment(r, group);
      if (a != null) {
        c.add(a.cosine());
      }
    }
    return c.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** "0.1234 ± 0.005", "0.1234" for one value, "–" for none. */
  public static String interval(double[] values) {
    if (values.length == 0) {
      return "–";
    }
    if (values.length == 1) {
      return fmt(values[0]);
    }
    for (double v : values) {
      if (!Double.isFinite(v)) {
        return "NaN";
      }
    }
    SeedStatistics.Interval i = SeedStatistics.interval(values);
    return fmt(i.mean()) + " ± " + fmt(i.halfWidth());
  }

  static String fmt(double x) {
    return String.format(Locale.ROOT, "%.4g", x);
  }
}
