package org.bpttlab.experiment.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.bpttlab.experiment.io.AtomicFiles;

import java.util.List;
import org.bpttlab.experiment.align.Alignment;
import org.bpttlab.experiment.align.UpdateAlignment;
import org.bpttlab.experiment.io.Csv;
import org.bpttlab.experiment.train.AlignmentRow;
import org.bpttlab.experiment.train.MetricsRow;
import org.bpttlab.experiment.train.RuleResult;
import org.bpttlab.tasks.Task;

/**
 * The lines of {@code metrics.csv}, {@code alignment.csv}, {@code alignment-pairs.csv} and
 * {@code summary.csv}, the same for
 * {@code run} and {@code compare} (columns in docs/outputs.md; CSV as {@link Csv} writes it).
 */
public final class Outputs {
  private Outputs() {}

  /** {@code iteration,rule,seed,loss,<metric>,grad_norm,seconds,peak_doubles,flops_per_step}. */
  public static String metricsHeader(Task task) {
    return Csv.line(List.of("iteration", "rule", "seed", "loss", task.metricName(), "grad_norm",
        "seconds", "peak_doubles", "flops_per_step"));
  }

  public static String metricsLine(long seed, MetricsRow row) {
    return Csv.line(List.of(Integer.toString(row.iteration()), row.rule(), Long.toString(seed),
        Csv.number(row.loss()), Csv.number(row.metric()), Csv.number(row.gradNorm()),
        Csv.number(row.seconds()), Long.toString(row.cost().peakStoredDoubles()),
        Csv.number(row.cost().flopsPerStep())));
  }

  /**
   * {@code iteration,rule,seed,group,cosine,norm_ratio,sign_agreement,rule_norm,bptt_norm}.
   */
  public static String alignmentHeader() {
    return Csv.line(List.of("iteration", "rule", "seed", "group", "cosine", "norm_ratio",
        "sign_agreement", "rule_norm", "bptt_norm"));
  }

  public static String alignmentLine(long seed, AlignmentRow row) {
    Alignment a = row.alignment();
    return Csv.line(List.of(Integer.toString(row.iteration()), row.rule(), Long.toString(seed),
        row.group(), Csv.number(a.cosine()), Csv.number(a.normRatio()),
        Csv.number(a.signAgreement()), Csv.number(a.estimateNorm()), Csv.number(a.exactNorm())));
  }

  /** {@code iteration,seed,rule,other,group,cosine,updates}: the rule × rule matrix. */
  public static String pairsHeader() {
    return Csv.line(List.of("iteration", "seed", "rule", "other", "group", "cosine", "updates"));
  }

  public static String pairsLine(int iteration, long seed, UpdateAlignment.Pair pair) {
    return Csv.line(List.of(Integer.toString(iteration), Long.toString(seed), pair.first(),
        pair.second(), pair.group(), Csv.number(pair.cosine()), Integer.toString(pair.updates())));
  }

  /**
   * {@code rule,seed,loss,<metric>,baseline,success_threshold,success,train_seconds,
   * held_out_sequences,diverged_at}.
   */
  public static String summaryHeader(Task task) {
    return Csv.line(List.of("rule", "seed", "loss", task.metricName(), "baseline",
        "success_threshold", "success", "train_seconds", "held_out_sequences", "diverged_at"));
  }

  public static String summaryLine(Task task, RuleResult r) {
    return Csv.line(List.of(r.rule(), Long.toString(r.seed()), Csv.number(finalLoss(r)),
        Csv.number(finalMetric(r)), Csv.number(task.baseline()),
        Csv.number(task.successThreshold()), Boolean.toString(success(task, r)),
        Csv.number(r.seconds()), Integer.toString(r.heldOut().sequences()),
        r.diverged() ? Integer.toString(r.divergence().iteration()) : ""));
  }

  /** The held-out loss, or the last training batch's without held-out batches; NaN if diverged. */
  public static double finalLoss(RuleResult r) {
    if (r.diverged()) {
      return Double.NaN;
    }
    return r.heldOut().sequences() > 0 ? r.heldOut().loss() : r.last().loss();
  }

  /** The held-out metric, or the last training batch's; NaN if diverged. */
  public static double finalMetric(RuleResult r) {
    if (r.diverged()) {
      return Double.NaN;
    }
    return r.heldOut().sequences() > 0 ? r.heldOut().metric() : r.last().metric();
  }

  /** True if the run finished with its final metric at most the task's success threshold. */
  public static boolean success(Task task, RuleResult r) {
    return !r.diverged() && finalMetric(r) <= task.successThreshold();
  }

  /** The alignment of the last measured iteration for {@code group}, or null if none. */
  public static Alignment lastAlignment(RuleResult r, String group) {
    for (int k = r.alignment().size() - 1; k >= 0; k--) {
      AlignmentRow row = r.alignment().get(k);
      if (row.group().equals(group)) {
        return row.alignment();
      }
    }
    return null;
  }

  /** The metrics table: a header and the rows of each seed and rule in turn, by iteration. */
  public static String metricsCsv(Task t, List<List<RuleResult>> results) {
    StringBuilder sb = new StringBuilder(metricsHeader(t));
    for (List<RuleResult> seed : results) {
      for (RuleResult r : seed) {
        for (MetricsRow row : r.rows()) {
          sb.append(metricsLine(r.seed(), row));
        }
      }
    }
    return sb.toString();
  }

  /** The alignment table: a header and the rows of each seed and rule, by iteration and group. */
  public static String alignmentCsv(List<List<RuleResult>> results) {
    StringBuilder sb = new StringBuilder(alignmentHeader());
    for (List<RuleResult> seed : results) {
      for (RuleResult r : seed) {
        for (AlignmentRow row : r.alignment()) {
          sb.append(alignmentLine(r.seed(), row));
        }
      }
    }
    return sb.toString();
  }

  /** One row per seed and rule: the trained network on the held-out batches. */
  public static String summaryCsv(Task t, List<List<RuleResult>> results) {
    StringBuilder sb = new StringBuilder(summaryHeader(t));
    for (List<RuleResult> seed : results) {
      for (RuleResult r : seed) {
        sb.append(summaryLine(t, r));
      }
    }
    return sb.toString();
  }

  /**
   * Writes a training's {@code metrics.csv}, {@code alignment.csv}, {@code summary.csv} and
   * {@code summary.md} into {@code folder} (each atomically), results by seed then rule.
   *
   * @param setup the setup lines of summary.md ({@link SummaryMarkdown#setup})
   */
  public static void writeTraining(Path folder, String name, List<String> setup, Task t,
      List<List<RuleResult>> results) throws IOException {
    write(folder.resolve("metrics.csv"), metricsCsv(t, results));
    write(folder.resolve("alignment.csv"), alignmentCsv(results));
    write(folder.resolve("summary.csv"), summaryCsv(t, results));
    write(folder.resolve("summary.md"), SummaryMarkdown.of(name, setup, t, results));
  }

  private static void write(Path file, String text) throws IOException {
    AtomicFiles.write(file, text.getBytes(StandardCharsets.UTF_8));
  }
}
