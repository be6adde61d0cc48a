package org.bpttlab.results.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.bpttlab.core.NetworkSpec;
import org.bpttlab.results.io.AtomicFiles;
import org.bpttlab.results.io.Csv;
import org.bpttlab.results.io.Json;
import org.bpttlab.results.io.Provenance;
import org.bpttlab.results.io.SpecJson;
import org.bpttlab.results.train.MetricsRow;
import org.bpttlab.results.train.RuleResult;
import org.bpttlab.results.train.Trainer;
import org.bpttlab.results.train.TrainingSpec;
import org.bpttlab.rules.RuleSpec;
import org.bpttlab.rules.optim.OptimizerSpec;
import org.bpttlab.tasks.Task;
import org.bpttlab.tasks.Tasks;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bpttlab compare}: trains the same initial network with each rule on the same batches of a
 * task and writes {@code runs/<name>/config.json}, {@code metrics.csv} and {@code summary.csv}
 * (formats in docs/gradients.md, "compare outputs"), then prints a table of the trained networks
 * scored on held-out batches.
 */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
      "Train one network with several learning rules on a task, side by side.",
      "Every rule starts from the same parameters and sees the same batches; the trained networks"
          + " are scored on held-out batches. With no options: the adding problem (T = 20) with a"
          + " vanilla RNN of 64 units (--hidden defaults to 64 here), BPTT against readout-only."
    })
final class CompareCommand implements Callable<Integer> {
  /** The default number of iterations (see the report in docs/gradients.md for its timing). */
  static final int DEFAULT_ITERATIONS = 1500;

  /**
   * compare's own default size (gradients keeps 32): with Adam lr 0.002 and 1500 iterations BPTT
   * solves the adding problem on seeds 1–4 (held-out MSE 0.0028–0.0071).
   */
  static final int DEFAULT_HIDDEN = 64;

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_+=-][A-Za-z0-9._+=-]*");

  @Spec CommandSpec spec;

  @Option(names = "--task", paramLabel = "NAME",
      description = "the task (see bpttlab list); default: ${DEFAULT-VALUE}")
  String task = "adding";

  @Option(names = "--seq-len", paramLabel = "T", converter = Converters.PositiveInt.class,
      description = "sequence length; default: ${DEFAULT-VALUE}")
  int seqLen = 20;

  @Mixin CellOptions cell;

  @Option(names = "--rules", paramLabel = "RULE[,RULE...]",
      description = "the rules to compare (see bpttlab list); default: bptt,readout-only")
  List<String> rules;

  @Option(names = "--iterations", paramLabel = "N", converter = Converters.PositiveInt.class,
      description = "training iterations (one batch each); default: ${DEFAULT-VALUE}")
  int iterations = DEFAULT_ITERATIONS;

  @Option(names = "--batch", paramLabel = "B", converter = Converters.PositiveInt.class,
      description = "sequences per batch; default: ${DEFAULT-VALUE}")
  int batch = 32;

  @Option(names = "--optimizer", paramLabel = "sgd|momentum|adam|rprop",
      converter = Converters.OptimizerKind.class,
      description = "the optimizer (rprop is a full-batch method: use large batches);"
          + " default: ${DEFAULT-VALUE}")
  String optimizer = "adam";

  @Option(names = "--lr", paramLabel = "X", converter = Converters.PositiveDouble.class,
      description = "learning rate (rprop: the initial step size, in [1e-6, 50]);"
          + " default: ${DEFAULT-VALUE}")
  double learningRate = 0.002;

  @Option(names = "--momentum", paramLabel = "MU", converter = Converters.FractionBelowOne.class,
      description = "--optimizer momentum: the momentum in [0, 1); default: 0.9")
  Double momentum;

  @Option(names = "--nesterov",
      description = "--optimizer momentum: use Nesterov's variant (off by default)")
  boolean nesterov;

  @Option(names = "--clip-norm", paramLabel = "X", converter = Converters.NonNegativeDouble.class,
      description = "clip the gradient to this global norm, 0 for none; default: ${DEFAULT-VALUE}")
  double clipNorm = 1.0;

  @Option(names = "--clip-value", paramLabel = "X", converter = Converters.NonNegativeDouble.class,
      description = "then clip each gradient entry to [-X, X], 0 for none;"
          + " default: ${DEFAULT-VALUE}")
  double clipValue = 0;

  @Option(names = "--seed", paramLabel = "S", converter = Converters.Seed.class,
      description = "the run seed (initial weights, batches); default: ${DEFAULT-VALUE}")
  long seed = 1;

  @Option(names = "--eval-every", paramLabel = "K", converter = Converters.PositiveInt.class,
      description = "write a metrics row every K iterations (and at the last); default:"
          + " ${DEFAULT-VALUE}")
  int evalEvery = 10;

  @Option(names = "--eval-sequences", paramLabel = "N",
      converter = Converters.NonNegativeInt.class,
      description = "held-out sequences the trained networks are scored on (rounded up to whole"
          + " batches); default: ${DEFAULT-VALUE}")
  int evalSequences = 1024;

  @Option(names = "--threads", paramLabel = "N", converter = Converters.PositiveInt.class,
      description = "rules trained at once; default: the number of rules, at most the cores")
  Integer threads;

  @Option(names = "--name", paramLabel = "NAME",
      description = "the run's folder name; default: compare-<task>-<cell>-<seed>")
  String name;

  @Option(names = "--runs-dir", paramLabel = "DIR",
      description = "where run folders go; default: ${DEFAULT-VALUE}")
  String runsDir = "runs";

  @Option(names = "--force", description = "replace an existing run folder of the same name")
  boolean force;

  @Override
  public Integer call() throws IOException {
    CommandLine cmd = spec.commandLine();
    if (!Tasks.names().contains(task)) {
      throw new ParameterException(cmd, "Invalid value for option '--task': expected one of "
          + String.join(", ", Tasks.names()) + ", was '" + task + "'");
    }
    Task t;
    try {
      t = Tasks.create(task, seqLen);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(cmd, "Invalid value for option '--seq-len': " + e.getMessage());
    }
    if (!cmd.getParseResult().hasMatchedOption("--hidden")) {
      cell.hidden = DEFAULT_HIDDEN;
    }
    NetworkSpec network = cell.network(cmd, t.inputs(), t.outputs(), t.loss());
    List<RuleSpec> ruleSpecs =
        CliSupport.rules(cmd, rules == null ? List.of("bptt,readout-only") : rules);
    OptimizerSpec opt = optimizerSpec(cmd);
    TrainingSpec training = new TrainingSpec(network, opt, seed, iterations, batch, evalEvery,
        TrainingSpec.evalBatchesFor(evalSequences, batch));
    String runName = name != null ? name : "compare-" + task + "-" + cell.cell + "-" + seed;
    if (!NAME.matcher(runName).matches()) {
      throw new ParameterException(cmd, "Invalid value for option '--name': must be a folder name"
          + " of letters, digits and . _ + = - not starting with '.', was '" + runName + "'");
    }
    Path target = CliSupport.path(cmd, "--runs-dir", runsDir).resolve(runName);
    Trainer trainer = new Trainer(t, training);
    int threadCount = threads != null ? threads
        : Math.min(ruleSpecs.size(), Runtime.getRuntime().availableProcessors());

    try (AtomicFiles.StagedFolder out = CliSupport.stage(cmd,
        name != null ? "--name" : "--runs-dir", target, force)) {
      ProgressLine progress = new ProgressLine(cmd.getErr(), ProgressLine.terminal(),
          (long) iterations * ruleSpecs.size());
      List<RuleResult> results;
      try {
        results = trainer.trainAll(ruleSpecs, threadCount, progress);
      } finally {
        progress.finish();
      }
      Json.write(out.path().resolve("config.json"), config(t, training, ruleSpecs, runName));
      AtomicFiles.write(out.path().resolve("metrics.csv"),
          metricsCsv(t, results).getBytes(StandardCharsets.UTF_8));
      AtomicFiles.write(out.path().resolve("summary.csv"),
          summaryCsv(t, results).getBytes(StandardCharsets.UTF_8));
      out.commit();
      printTable(cmd.getOut(), t, training, results, target);
    }
    return Main.OK;
  }

  /** The optimizer of the options; a {@link ParameterException} names a misused option. */
  private OptimizerSpec optimizerSpec(CommandLine cmd) {
    boolean isMomentum = "momentum".equals(optimizer);
    if (!isMomentum && (momentum != null || nesterov)) {
      String option = momentum != null ? "--momentum" : "--nesterov";
      throw new ParameterException(cmd, "option '" + option
          + "' applies to --optimizer momentum only, not " + optimizer);
    }
    try {
      OptimizerSpec spec = switch (optimizer) {
        case "sgd" -> OptimizerSpec.sgd(learningRate);
        case "momentum" -> OptimizerSpec.momentum(learningRate,
            momentum != null ? momentum : OptimizerSpec.DEFAULT_MOMENTUM).withNesterov(nesterov);
        case "rprop" -> OptimizerSpec.rprop(learningRate);
        default -> OptimizerSpec.adam(learningRate);
      };
      return spec.withClipNorm(clipNorm).withClipValue(clipValue);
    } catch (IllegalArgumentException e) {
      // The converters check each value alone; what is left is Rprop's range for the first step.
      throw new ParameterException(cmd, "Invalid value for option '--lr': " + e.getMessage());
    }
  }

  private ObjectNode config(Task t, TrainingSpec training, List<RuleSpec> ruleSpecs,
      String runName) {
    ObjectNode c = Json.object();
    c.put("command", "compare");
    c.put("name", runName);
    c.set("producer", Provenance.toJson());
    c.set("task", SpecJson.task(t));
    c.set("network", SpecJson.network(training.network()));
    ArrayNode r = c.putArray("rules");
    for (RuleSpec s : ruleSpecs) {
      r.add(s.toString());
    }
    c.set("optimizer", SpecJson.optimizer(training.optimizer()));
    c.put("seed", training.seed());
    c.put("iterations", training.iterations());
    c.put("batch_size", training.batchSize());
    c.put("eval_every", training.evalEvery());
    c.put("eval_batches", training.evalBatches());
    c.put("eval_sequences", training.evalBatches() * training.batchSize());
    ObjectNode streams = c.putObject("random_streams");
    streams.put("init", "network.initialize(new Seeds(seed))");
    streams.put("training_batch", "task.sample(batch_size, seeds.derive(\"task\", i)),"
        + " i = 1..iterations");
    streams.put("held_out_batch", "task.sample(batch_size, seeds.derive(\"eval\", k)),"
        + " k = 0..eval_batches-1");
    return c;
  }

  /** The metrics table: a header and the rows of each rule in turn, by iteration. */
  static String metricsCsv(Task t, List<RuleResult> results) {
    StringBuilder sb = new StringBuilder();
    sb.append(Csv.line(List.of("iteration", "rule", "loss", t.metricName(), "grad_norm",
        "seconds", "peak_doubles", "flops_per_step")));
    for (RuleResult r : results) {
      for (MetricsRow row : r.rows()) {
        sb.append(Csv.line(List.of(Integer.toString(row.iteration()), row.rule(),
            Csv.number(row.loss()), Csv.number(row.metric()), Csv.number(row.gradNorm()),
            Csv.number(row.seconds()), Long.toString(row.cost().peakStoredDoubles()),
            Csv.number(row.cost().flopsPerStep()))));
      }
    }
    return sb.toString();
  }

  /** One row per rule: the trained network on the held-out batches. */
  static String summaryCsv(Task t, List<RuleResult> results) {
    StringBuilder sb = new StringBuilder();
    sb.append(Csv.line(List.of("rule", "loss", t.metricName(), "baseline", "success_threshold",
        "success", "train_seconds", "held_out_sequences")));
    for (RuleResult r : results) {
      sb.append(Csv.line(List.of(r.rule(), Csv.number(r.heldOut().loss()),
          Csv.number(r.heldOut().metric()), Csv.number(t.baseline()),
          Csv.number(t.successThreshold()), Boolean.toString(success(t, r)),
          Csv.number(r.seconds()), Integer.toString(r.heldOut().sequences()))));
    }
    return sb.toString();
  }

  private static boolean success(Task t, RuleResult r) {
    double metric = r.heldOut().sequences() > 0 ? r.heldOut().metric() : r.last().metric();
    return metric <= t.successThreshold();
  }

  private void printTable(PrintWriter out, Task t, TrainingSpec training,
      List<RuleResult> results, Path target) {
    boolean heldOut = training.evalBatches() > 0;
    out.printf(Locale.ROOT, "%s, T = %d, %s cell, n = %d; %d iterations of batch %d, %s, seed %d%n",
        t.name(), t.steps(), cell.cell, training.network().hidden(), training.iterations(),
        training.batchSize(), describe(training.optimizer()), training.seed());
    out.printf(Locale.ROOT, "%s; success: %s <= %s; baseline: what a memoryless predictor"
            + " scores%n",
        heldOut ? "final networks on " + training.evalBatches() * training.batchSize()
            + " held-out sequences" : "last training batch",
        t.metricName(), fmt(t.successThreshold()));
    out.println();
    int width = Math.max(12, results.stream().mapToInt(r -> r.rule().length()).max().orElse(4));
    String format = "%-" + width + "s  %-11s %-11s %-11s %-8s %s%n";
    out.printf(Locale.ROOT, format, "rule", "loss", t.metricName(), "baseline", "success",
        "seconds");
    for (RuleResult r : results) {
      double loss = heldOut ? r.heldOut().loss() : r.last().loss();
      double metric = heldOut ? r.heldOut().metric() : r.last().metric();
      out.printf(Locale.ROOT, format, r.rule(), fmt(loss), fmt(metric), fmt(t.baseline()),
          success(t, r) ? "yes" : "no", String.format(Locale.ROOT, "%.1f", r.seconds()));
    }
    out.println();
    out.println("wrote " + target + " (config.json, metrics.csv, summary.csv)");
    out.flush();
  }

  /** "adam lr 0.002, clip 1.0" or "momentum 0.9 (nesterov) lr 0.01, clip 0.0, clip-value 0.1". */
  static String describe(OptimizerSpec o) {
    StringBuilder sb = new StringBuilder(o.kind());
    if ("momentum".equals(o.kind())) {
      sb.append(' ').append(o.momentum()).append(o.nesterov() ? " (nesterov)" : "");
    }
    sb.append(" lr ").append(o.learningRate()).append(", clip ").append(o.clipNorm());
    if (o.clipValue() > 0) {
      sb.append(", clip-value ").append(o.clipValue());
    }
    return sb.toString();
  }

  private static String fmt(double x) {
    return String.format(Locale.ROOT, "%.4g", x);
  }
}
