package org.bpttlab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.bpttlab.core.Limits;
import org.bpttlab.core.NetworkSpec;
import org.bpttlab.experiment.codec.OptimizerCodec;
import org.bpttlab.experiment.io.AtomicFiles;
import org.bpttlab.experiment.io.FolderLock;
import org.bpttlab.experiment.io.Json;
import org.bpttlab.experiment.align.Alignment;
import org.bpttlab.experiment.dynamics.Analysis;
import org.bpttlab.results.figures.Figures;
import org.bpttlab.results.figures.Report;
import org.bpttlab.experiment.run.CompareConfig;
import org.bpttlab.experiment.run.Comparison;
import org.bpttlab.experiment.run.Outputs;
import org.bpttlab.experiment.run.Run;
import org.bpttlab.experiment.run.RunConfig;
import org.bpttlab.experiment.run.SummaryMarkdown;
import org.bpttlab.experiment.train.RuleResult;
import org.bpttlab.experiment.train.MemoryPlan;
import org.bpttlab.experiment.train.HeldOut;
import org.bpttlab.experiment.train.TrainingSpec;
import org.bpttlab.rules.RuleSpec;
import org.bpttlab.rules.optim.OptimizerSpec;
import org.bpttlab.tasks.Task;
import org.bpttlab.tasks.TaskSpec;
import org.bpttlab.tasks.Tasks;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bpttlab compare}: trains the same initial network with each rule (and on each of
 * {@code --seeds} seeds) on the same batches of a task, measuring each rule's gradient against
 * BPTT's as it trains, and writes {@code runs/<name>/config.json}, {@code metrics.csv},
 * {@code alignment.csv}, {@code summary.csv} and {@code summary.md} (formats in docs/outputs.md),
 * with the figures drawn from them and {@code report.html} (docs/figures.md), then prints a table of the trained networks scored on held-out batches.
 * It trains in {@code runs/.<name>.in-progress/} ({@link Comparison}: each rule and seed a run
 * with its checkpoints), so a compare stopped by a signal or a kill continues with
 * {@code --resume}, and the final folder appears whole.
 */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
      "Train one network with several learning rules on a task, side by side.",
      "Every rule starts from the same parameters and sees the same batches; the trained networks"
          + " are scored on held-out batches. With no options: the adding problem (T = 20) with a"
          + " vanilla RNN of 64 units (--hidden defaults to 64 here), BPTT against readout-only.",
      "Each rule and seed is checkpointed in runs/.<name>.in-progress/ while it trains; Ctrl-C"
          + " stops at a checkpoint and --resume (with the same options) continues, to the same"
          + " numbers."
    })
final class CompareCommand implements Callable<Integer> {
  /** The default number of iterations (see the report in docs/gradients.md for its timing). */
  static final int DEFAULT_ITERATIONS = 1500;

  /**
   * compare's own default size (gradients keeps 32): with Adam lr 0.002 and 1500 iterations BPTT
   * solves the adding problem on seeds 1–4 (held-out MSE 0.0032–0.0057, {@code ./bpttlab compare
   * --seeds 4}).
   */
  static final int DEFAULT_HIDDEN = 64;

  @Spec CommandSpec spec;

  @Option(names = "--task", paramLabel = "NAME[:KEY=VALUE,...]",
      description = "the task, with options of its own if need be, e.g. evidence:cues=3 (see"
          + " bpttlab list and docs/tasks.md); default: ${DEFAULT-VALUE}")
  String task = "adding";

  @Option(names = "--seq-len", paramLabel = "T", converter = Converters.PositiveInt.class,
      description = "the task's length option (T for most tasks, the delay for copy); default:"
          + " the task's own (adding 20, copy 100, evidence 2250, ...)")
  Integer seqLen;

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

  @Option(names = "--frozen", paramLabel = "GROUP[,GROUP...]", split = ",",
      description = "parameter groups the optimizer leaves at their initial values, among W_in,"
          + " W_rec, b (rate cells), W_out, b_out (b and b_out start at 0: --frozen b,b_out is a"
          + " network without biases); default: none")
  List<String> frozen = List.of();

  @Option(names = "--clip-value", paramLabel = "X", converter = Converters.NonNegativeDouble.class,
      description = "then clip each gradient entry to [-X, X], 0 for none;"
          + " default: ${DEFAULT-VALUE}")
  double clipValue = 0;

  @Option(names = "--seed", paramLabel = "S", converter = Converters.Seed.class,
      description = "the run seed (initial weights, batches), the first with --seeds; default:"
          + " ${DEFAULT-VALUE}")
  long seed = 1;

  @Option(names = "--seeds", paramLabel = "N", converter = Converters.SeedCount.class,
      description = "train on N seeds, S, S+1, ..., S+N-1, in parallel; summary.md gives means,"
          + " 95%% confidence intervals and paired tests; default: ${DEFAULT-VALUE}")
  int seeds = 1;

  @Option(names = "--eval-every", paramLabel = "K", converter = Converters.PositiveInt.class,
      description = "write a metrics row every K iterations (and at the last); default:"
          + " ${DEFAULT-VALUE}")
  int evalEvery = 10;

  @Option(names = "--align-every", paramLabel = "K", converter = Converters.NonNegativeInt.class,
      description = "measure each rule's gradient against BPTT's every K iterations (and at the"
          + " last), 0 for never; default: --eval-every")
  Integer alignEvery;

  @Option(names = "--align-with", paramLabel = "RULE[,RULE...]",
      description = "comparison rules computed passively beside each rule on the measured"
          + " iterations, on the same steps: the rule x rule alignment matrix"
          + " (alignment-pairs.csv); an online rule's comparisons need online=1; default: none")
  List<String> alignWith;

  @Option(names = "--eval-sequences", paramLabel = "N",
      converter = Converters.EvalSequences.class,
      description = "held-out sequences the trained networks are scored on (rounded up to whole"
          + " batches); default: ${DEFAULT-VALUE}")
  int evalSequences = 1024;

  @Option(names = "--threads", paramLabel = "N", converter = Converters.Threads.class,
      description = "threads: trainings (rules x seeds) run at once, each on its own; with fewer"
          + " trainings than threads, each training's large matrix products are split over"
          + " threads / trainings of them (the same numbers); figures drawn at once; default:"
          + " the cores")
  Integer threads;

  @Option(names = "--name", paramLabel = "NAME",
      description = "the run's folder name; default: compare-<task>-<cell>-<seed>")
  String name;

  @Option(names = "--checkpoint-every", paramLabel = "K",
      converter = Converters.PositiveInt.class,
      description = "a checkpoint of each rule and seed every K iterations, so that a stopped"
          + " compare can --resume; default: ${DEFAULT-VALUE}")
  int checkpointEvery = RunConfig.DEFAULT_CHECKPOINT_EVERY;

  @Option(names = "--resume",
      description = "continue the compare of these options, stopped by Ctrl-C, SIGTERM or a"
          + " kill, from each rule's and seed's last checkpoint (the same numbers)")
  boolean resume;

  @Mixin RunFolderOptions output;


  @Override
  @SuppressWarnings("try") // the lock is held, not used, in its block
  public Integer call() throws IOException {
    CommandLine cmd = spec.commandLine();
    Task t;
    try {
      String taskName = TaskSpec.parse(task).name();
      if (!Tasks.names().contains(taskName)) {
        throw new IllegalArgumentException("expected one of " + String.join(", ", Tasks.names())
            + ", was '" + taskName + "'");
      }
      t = Tasks.create(TaskSpec.parse(task));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(cmd, "Invalid value for option '--task': " + e.getMessage());
    }
    if (seqLen != null) {
      try {
        t = Tasks.create(task, seqLen);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(cmd,
            "Invalid value for option '--seq-len': " + e.getMessage());
      }
    }
    if (!cmd.getParseResult().hasMatchedOption("--hidden")) {
      cell.hidden = DEFAULT_HIDDEN;
    }
    NetworkSpec network = cell.network(cmd, t.inputs(), t.outputs(), t.loss());
    List<RuleSpec> ruleSpecs =
        CliSupport.rules(cmd, rules == null ? List.of("bptt,readout-only") : rules);
    OptimizerSpec opt = optimizerSpec(cmd);
    List<Long> seedList = seedList(cmd);
    if (frozen.isEmpty() && cmd.getParseResult().hasMatchedOption("--frozen")) {
      throw new ParameterException(cmd, "Invalid value for option '--frozen': must name at least"
          + " one of the network's parameter groups, was '"
          + String.join(",", cmd.getParseResult().matchedOption("--frozen").stringValues()) + "'");
    }
    TrainingSpec training;
    try {
      training = new TrainingSpec(network, opt, seed, iterations, batch, evalEvery,
          TrainingSpec.evalBatchesFor(evalSequences, batch),
          alignEvery != null ? alignEvery : evalEvery, frozen);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(cmd, "Invalid value for option '--frozen': " + e.getMessage());
    }
    if (alignWith != null) {
      List<String> compared = CliSupport.rules(cmd, alignWith, "--align-with").stream()
          .map(RuleSpec::toString).toList();
      try {
        training = training.withAlignWith(compared);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(cmd, "Invalid value for option '--align-with': "
            + e.getMessage());
      }
    }
    String runName = name != null ? name : "compare-" + t.name() + "-" + cell.cell + "-" + seed;
    if (!RunConfig.NAME.matcher(runName).matches()) {
      throw new ParameterException(cmd, "Invalid value for option '--name': must be a folder name"
          + " of letters, digits and . _ + = - not starting with '.', was '" + runName + "'");
    }
    Path target = output.folder(cmd, runName);
    CompareConfig config = config(t, training, ruleSpecs, seedList, runName);
    int trainings = ruleSpecs.size() * seedList.size();
    int threadCount = threads != null ? threads : CliSupport.defaultThreads();
    // the trainings that run at once, each the size of the largest: before anything is allocated
    long perTraining = 0;
    for (RuleSpec r : ruleSpecs) {
      perTraining = Math.max(perTraining,
          MemoryPlan.trainingDoubles(network, r, batch, t.steps()));
    }
    MemoryPlan.requireHeap("compare", Limits.product("trainings at once",
        Math.min(threadCount, trainings), perTraining), "--hidden, --batch, --seq-len or --threads");
    String folderOption = name != null ? "--name" : "--runs-dir";
    List<List<RuleResult>> results;
    try (FolderLock lock = CliSupport.lock(cmd, folderOption, target, "compare")) {
      Comparison comparison = resume ? resume(cmd, config, target)
          : start(cmd, config, target, folderOption);
      ProgressLine progress = new ProgressLine(cmd.getErr(), output.progress(),
          iterations, trainings, seedList.size(), comparison.iterationsDone());
      List<Integer> stoppedAt;
      Interrupts.during(Interrupts.stoppingMessage("compare"));
      try {
        stoppedAt = comparison.train(threadCount, progress, Interrupts::requested);
      } finally {
        Interrupts.during(null);
        progress.finish();
      }
      if (!stoppedAt.isEmpty()) {
        stopped(cmd, stoppedAt);
        return Interrupts.exitCode();
      }
      results = comparison.results();
      try (AtomicFiles.StagedFolder out = CliSupport.stage(cmd, folderOption, target,
          output.force || resume)) {
        Json.write(out.path().resolve("config.json"), config.written());
        Outputs.writeTraining(out.path(), runName, SummaryMarkdown.setup(t, training, seedList), t,
            results);
        comparison.writeParameters(out.path(), results);
        String pairs = comparison.pairsCsv();
        if (pairs != null) {
          AtomicFiles.write(out.path().resolve(Run.PAIRS), pairs.getBytes(StandardCharsets.UTF_8));
        }
        if (output.analyze) {
          progress.doing("analysing the trained networks on " + Analysis.TRIALS
              + " held-out trials");
          Analysis.ofFolder(out.path(), threadCount).write(out.path());
        }
        // inside the stage: a failure to draw leaves nothing, like any other
        Figures.drawAll(out.path(), threadCount, progress::drawing);
        Report.write(out.path());
        progress.drawn();
        out.commit();
      }
      comparison.delete();
    }
    printTable(cmd.getOut(), t, training, results, target);
    List<RuleResult> diverged = results.stream().flatMap(List::stream)
        .filter(RuleResult::diverged).toList();
    if (!diverged.isEmpty()) {
      String more = diverged.size() > 1
          ? " (and " + (diverged.size() - 1) + " more, see summary.md)" : "";
      cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": "
          + diverged.get(0).divergence().getMessage() + more);
      cmd.getErr().flush();
      return Main.FAILED;
    }
    return Main.OK;
  }

  /**
   * A new comparison in the in-progress folder of {@code target} (see {@link Comparison}); a
   * usage error if a rule does not apply to the network, if a compare of this name was stopped
   * (unless --force starts it over) or if {@code target} exists (unless --force replaces it).
   */
  private Comparison start(CommandLine cmd, CompareConfig config, Path target, String option)
      throws IOException {
    try {
      Comparison.check(config);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(cmd, "Invalid value for option '--rules': " + e.getMessage());
    }
    Path partial = Comparison.inProgress(target);
    if (Files.exists(partial, LinkOption.NOFOLLOW_LINKS)) {
      if (!output.force) {
        throw new ParameterException(cmd, "Invalid value for option '" + option + "': " + partial
            + " holds a stopped compare of this name; add --resume to continue it or --force to"
            + " start over");
      }
      AtomicFiles.deleteRecursively(partial);
    }
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !output.force) {
      throw new ParameterException(cmd, "Invalid value for option '" + option + "': " + target
          + " already exists; choose another folder or add --force to replace it");
    }
    try (AtomicFiles.StagedFolder stage = CliSupport.stage(cmd, option, partial, false)) {
      return Comparison.create(config, stage);
    }
  }

  /**
   * The stopped comparison of {@code config}; a usage error if there is none or if it was started
   * with other options (naming the first that differs).
   */
  private Comparison resume(CommandLine cmd, CompareConfig config, Path target)
      throws IOException {
    if (output.force) {
      throw new ParameterException(cmd, "options '--resume' and '--force' exclude each other:"
          + " --resume continues a compare, --force starts it over");
    }
    Path partial = Comparison.inProgress(target);
    if (!Files.isDirectory(partial, LinkOption.NOFOLLOW_LINKS)) {
      throw new ParameterException(cmd, "Invalid value for option '--resume': "
          + (Files.exists(target, LinkOption.NOFOLLOW_LINKS)
              ? "compare " + target + " is complete; there is nothing to resume"
              : "there is no stopped compare " + partial + " to resume"));
    }
    CompareConfig started;
    try {
      started = Comparison.started(partial, config.base().name());
    } catch (IllegalArgumentException e) {
      throw new ParameterException(cmd, "Invalid value for option '--resume': " + e.getMessage());
    }
    String field = started.firstDifference(config);
    if (field != null) {
      throw new ParameterException(cmd, "Invalid value for option '--resume': the options differ"
          + " from " + partial.resolve("config.json") + " in " + OPTION_OF_FIELD.get(field)
          + "; a compare resumes with the options it started with");
    }
    return Comparison.resume(config, partial);
  }

  /** The options that set each field of compare's config.json. */
  private static final Map<String, String> OPTION_OF_FIELD = Map.ofEntries(
      Map.entry("name", "--name"),
      Map.entry("task", "--task or --seq-len"),
      Map.entry("network", "the network's options (--cell, --hidden, ...)"),
      Map.entry("rules", "--rules"),
      Map.entry("optimizer", "the optimizer's options (--optimizer, --lr, --momentum,"
          + " --nesterov, --clip-norm, --clip-value)"),
      Map.entry("seeds", "--seed or --seeds"),
      Map.entry("iterations", "--iterations"),
      Map.entry("batch_size", "--batch"),
      Map.entry("eval_every", "--eval-every"),
      Map.entry("eval_sequences", "--eval-sequences"),
      Map.entry("align_every", "--align-every"),
      Map.entry("checkpoint_every", "--checkpoint-every"),
      Map.entry("frozen", "--frozen"),
      Map.entry("align_with", "--align-with"));

  /** The line of a compare stopped by a signal: where, and the command that resumes it. */
  private void stopped(CommandLine cmd, List<Integer> at) {
    int first = at.get(0);
    int last = at.get(at.size() - 1);
    List<String> again = new ArrayList<>(List.of("./bpttlab", "compare"));
    List<String> given = cmd.getParseResult().originalArgs();
    again.addAll(given.subList(given.indexOf("compare") + 1, given.size()));
    if (!again.contains("--resume")) {
      again.add("--resume");
    }
    cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": stopped at iteration"
        + (first == last ? " " + first : "s " + first + " to " + last + " (of its rules and seeds)")
        + "; resume with: " + Interrupts.shellWords(again));
    cmd.getErr().flush();
  }

  /** --seed S and --seeds N: S, S+1, ..., S+N-1. */
  private List<Long> seedList(CommandLine cmd) {
    List<Long> list = new java.util.ArrayList<>();
    for (int k = 0; k < seeds; k++) {
      try {
        list.add(Math.addExact(seed, k));
      } catch (ArithmeticException e) {
        throw new ParameterException(cmd, "Invalid value for option '--seeds': --seed " + seed
            + " plus " + k + " overflows a 64-bit integer; choose a smaller --seed");
      }
    }
    return list;
  }

  /**
   * The optimizer of the options, read by the codec as a config's {@code optimizer}; a
   * {@link ParameterException} names a misused option.
   */
  private OptimizerSpec optimizerSpec(CommandLine cmd) {
    return new OptionFields()
        .put("--optimizer", "kind", optimizer)
        .put("--lr", "learning_rate", learningRate)
        .put("--momentum", "momentum", momentum)
        .put("--nesterov", "nesterov", nesterov ? true : null)
        .put("--clip-norm", "clip_norm", clipNorm)
        .put("--clip-value", "clip_value", clipValue)
        .read(cmd, OptimizerCodec::read);
  }

  /** compare's config.json: a run config with every rule and seed (docs/outputs.md). */
  private CompareConfig config(Task t, TrainingSpec training, List<RuleSpec> ruleSpecs,
      List<Long> seedList, String runName) {
    RunConfig base = new RunConfig(runName, t.spec(), training.network(), ruleSpecs.get(0),
        training.optimizer(), seedList.get(0), training.iterations(), training.batchSize(),
        training.evalEvery(), evalSequences, training.alignEvery(),
        checkpointEvery, training.frozen(), HeldOut.VALIDATION, training.alignWith());
    return new CompareConfig(base, ruleSpecs, seedList);
  }

  private void printTable(PrintWriter out, Task t, TrainingSpec training,
      List<List<RuleResult>> results, Path target) {
    boolean heldOut = training.evalBatches() > 0;
    int n = results.size();
    String seedsText = n == 1 ? "seed " + results.get(0).get(0).seed()
        : "seeds " + results.get(0).get(0).seed() + "-" + results.get(n - 1).get(0).seed();
    out.printf(Locale.ROOT, "%s, T = %d, %s cell, n = %d; %d iterations of batch %d, %s, %s%n",
        t.name(), t.steps(), cell.cell, training.network().hidden(), training.iterations(),
        training.batchSize(), SummaryMarkdown.describe(training.optimizer()), seedsText);
    out.printf(Locale.ROOT, "%s; success: %s <= %s; baseline: what a memoryless predictor"
            + " scores%n",
        heldOut ? "final networks on " + training.evalBatches() * training.batchSize()
            + " held-out sequences" : "last training batch",
        t.metricName(), fmt(t.successThreshold()));
    if (n > 1) {
      out.println("mean +- half-width of the 95% confidence interval over the seeds that finished");
    }
    out.println();
    List<String[]> table = new java.util.ArrayList<>();
    table.add(new String[] {"rule", "loss", t.metricName(), "baseline", "success",
        "cosine", "seconds"});
    for (int r = 0; r < results.get(0).size(); r++) {
      int rule = r;
      List<RuleResult> all = results.stream().map(s -> s.get(rule)).toList();
      List<RuleResult> done = all.stream().filter(x -> !x.diverged()).toList();
      String loss;
      String metric;
      if (done.isEmpty()) {
        loss = "diverged";
        metric = n == 1 ? "at " + all.get(0).divergence().iteration() : "";
      } else {
        loss = SummaryMarkdown.interval(done.stream().mapToDouble(Outputs::finalLoss).toArray());
        metric =
            SummaryMarkdown.interval(done.stream().mapToDouble(Outputs::finalMetric).toArray());
      }
      long successes = all.stream().filter(x -> Outputs.success(t, x)).count();
      String success = n == 1 ? (successes == 1 ? "yes" : "no") : successes + "/" + n;
      double[] cos = done.stream().map(x -> Outputs.lastAlignment(x, Alignment.ALL))
          .filter(java.util.Objects::nonNull).mapToDouble(Alignment::cosine).toArray();
      double seconds = all.stream().mapToDouble(RuleResult::seconds).average().orElse(0);
      table.add(new String[] {all.get(0).rule(), loss, metric, fmt(t.baseline()), success,
          SummaryMarkdown.interval(cos), String.format(Locale.ROOT, "%.1f", seconds)});
    }
    int[] width = new int[table.get(0).length];
    for (String[] row : table) {
      for (int c = 0; c < row.length; c++) {
        width[c] = Math.max(width[c], row[c].length());
      }
    }
    for (String[] row : table) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < row.length; c++) {
        line.append(c == row.length - 1 ? row[c] : String.format(Locale.ROOT,
            "%-" + (width[c] + 2) + "s", row[c]));
      }
      // ASCII on the console, whatever its encoding (summary.md, UTF-8, keeps ± and –)
      out.println(line.toString().stripTrailing().replace("±", "+-").replace('–', '-'));
    }
    out.println();
    out.println("cosine: with the exact gradient over all parameters, at the last iteration"
        + " (BPTT's; an online rule's updates against RTRL's; alignment.csv has every measured"
        + " iteration and group)");
    out.println("wrote " + target + " (config.json, metrics.csv, alignment.csv, summary.csv,"
        + " summary.md, parameters/, figures/, report.html)");
    out.flush();
  }

  private static String fmt(double x) {
    return String.format(Locale.ROOT, "%.4g", x);
  }
}
