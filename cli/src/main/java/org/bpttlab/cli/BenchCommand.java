package org.bpttlab.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.bpttlab.core.Limits;
import org.bpttlab.core.LossKind;
import org.bpttlab.core.NetworkSpec;
import org.bpttlab.experiment.codec.NetworkCodec;
import org.bpttlab.experiment.train.MemoryPlan;
import org.bpttlab.kernels.ProductTeam;
import org.bpttlab.kernels.Products;
import org.bpttlab.results.perf.RulePass;
import org.bpttlab.results.perf.StepTimer;
import org.bpttlab.rules.LearningRule;
import org.bpttlab.rules.RuleSpec;
import org.bpttlab.rules.Rules;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bpttlab bench}: a short table of each rule's time per step on this machine, beside the
 * forward step's, with the bytes it allocates per step — the networks of the JMH benchmarks
 * ({@code results/bench}: 32 inputs, 8 outputs, MSE, Gaussian inputs, each cell's defaults), timed by
 * {@link StepTimer}. It writes nothing.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
      "Time each learning rule per step on this machine, beside the forward step.",
      "Every row: a network of the given cell and size (32 inputs, 8 outputs, MSE, Gaussian"
          + " inputs, the cell's defaults), one sequence pass after another; the median pass after"
          + " a warm-up, per step, and the bytes the rule allocates per step. A quick figure:"
          + " the published ones are JMH's (docs/performance.md)."
    })
final class BenchCommand implements Callable<Integer> {
  private static final int INPUTS = 32;
  private static final int OUTPUTS = 8;

  @Spec CommandSpec spec;

  @Option(names = "--rules", paramLabel = "RULE[,RULE...]",
      description = "the rules to time (see bpttlab list); default: bptt,eprop,eprop:deferred=true")
  List<String> rules;

  @Option(names = "--cells", paramLabel = "CELL[,CELL...]", split = ",",
      converter = Converters.Cell.class,
      description = "rate, lif and/or alif (each with its defaults); default: rate,lif")
  List<String> cells = new ArrayList<>(List.of("rate", "lif"));

  @Option(names = "--hidden", paramLabel = "N[,N...]", split = ",",
      converter = Converters.PositiveInt.class,
      description = "hidden neurons; default: 128")
  List<Integer> hidden = new ArrayList<>(List.of(128));

  @Option(names = "--batch", paramLabel = "B[,B...]", split = ",",
      converter = Converters.PositiveInt.class,
      description = "sequences per batch; default: 1,32")
  List<Integer> batch = new ArrayList<>(List.of(1, 32));

  @Option(names = "--seq-len", paramLabel = "T", converter = Converters.PositiveInt.class,
      description = "steps per sequence; default: ${DEFAULT-VALUE}")
  int seqLen = 200;

  @Option(names = "--seconds", paramLabel = "S", converter = Converters.BenchSeconds.class,
      description = "seconds of warm-up, then of measurement, per row; default: ${DEFAULT-VALUE}")
  double seconds = 1;

  @Option(names = "--products", paramLabel = "float64|float32",
      converter = Converters.ProductsName.class,
      description = "arithmetic of the cells' matrix products (docs/models.md); default: float64")
  Products products = Products.FLOAT64;

  @Option(names = "--threads", paramLabel = "N", converter = Converters.Threads.class,
      description = "threads each pass's large matrix products are split over (the same numbers;"
          + " docs/performance.md, \"One training on two cores\"); default: ${DEFAULT-VALUE}")
  int threads = 1;

  @Override
  public Integer call() {
    try (ProductTeam team = threads == 1 ? ProductTeam.solo() : new ProductTeam(threads)) {
      return bench(team);
    }
  }

  private Integer bench(ProductTeam team) {
    CommandLine cmd = spec.commandLine();
    List<RuleSpec> specs = CliSupport.rules(cmd, rules == null ? List.of("bptt,eprop,eprop:deferred=true") : rules);
    nonEmpty(cmd, "--cells", cells, "rate,lif");
    nonEmpty(cmd, "--hidden", hidden, "128");
    nonEmpty(cmd, "--batch", batch, "1,32");
    // a row holds two passes of a rule (the first row's, kept for the JIT, and its own) and the
    // forward's
    long most = 0;
    long forwardPass = 0;
    for (String cell : cells) {
      for (int n : hidden) {
        NetworkSpec net = network(cell, n);
        for (int b : batch) {
          forwardPass = Math.max(forwardPass,
              MemoryPlan.trainingDoubles(net, RuleSpec.of("readout-only"), b, seqLen));
          for (RuleSpec r : specs) {
            most = Math.max(most, MemoryPlan.trainingDoubles(net, r, b, seqLen));
          }
        }
      }
    }
    MemoryPlan.requireHeap("bench", Math.addExact(Limits.product("passes", 2, most), forwardPass),
        "--hidden, --batch or --seq-len");
    // every rule on every cell before anything runs: a refusal is one usage error
    for (String cell : cells) {
      for (RuleSpec r : specs) {
        try {
          new RulePass(network(cell, 2), Rules.create(r), 1, 2);
        } catch (IllegalArgumentException e) {
          throw new ParameterException(cmd, "Invalid value for option '--rules': " + r
              + " on --cells " + cell + ": " + e.getMessage());
        }
      }
    }
    PrintWriter out = cmd.getOut();
    out.printf(Locale.ROOT, "%d inputs, %d outputs, MSE, T = %d; %s products on %d thread%s;"
            + " median pass after %.3g s of warm-up, %.3g s of passes; java %s, %d cores%n",
        INPUTS, OUTPUTS, seqLen, products.configName(), threads, threads == 1 ? "" : "s", seconds,
        seconds, System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
    String format = "%-22s %-5s %5s %5s %12s %12s %9s %11s%n";
    out.printf(Locale.ROOT, format, "rule", "cell", "n", "batch", "us/step", "forward", "x fwd",
        "bytes/step");
    out.flush();
    // the JIT's first compilations, before the first row: the network's kernels are shared
    RulePass first = new RulePass(network(cells.get(0), hidden.get(0)), Rules.create(specs.get(0)),
        batch.get(0), seqLen, team);
    StepTimer.time(first::run, seqLen, seconds, 0);
    for (String cell : cells) {
      for (int n : hidden) {
        for (int b : batch) {
          NetworkSpec net = network(cell, n);
          RulePass plain =
              new RulePass(net, Rules.create(RuleSpec.of("readout-only")), b, seqLen, team);
          StepTimer.StepCost forward = StepTimer.time(plain::forward, seqLen, seconds, seconds);
          for (RuleSpec r : specs) {
            LearningRule rule = Rules.create(r);
            RulePass pass = new RulePass(net, rule, b, seqLen, team);
            StepTimer.StepCost cost = StepTimer.time(pass::run, seqLen, seconds, seconds);
            out.printf(Locale.ROOT, format, r, cell, n, b, micros(cost.microsPerStep()),
                micros(forward.microsPerStep()),
                String.format(Locale.ROOT, "%.2f", cost.microsPerStep() / forward.microsPerStep()),
                Double.isNaN(cost.bytesPerStep()) ? "n/a"
                    : String.format(Locale.ROOT, "%.0f", cost.bytesPerStep()));
            out.flush();
          }
        }
      }
    }
    return Main.OK;
  }

  /** A list option split at commas holds at least one value. */
  private static void nonEmpty(CommandLine cmd, String option, List<?> values, String example) {
    if (values.isEmpty()) {
      throw new ParameterException(cmd, "Invalid value for option '" + option
          + "': give at least one value, e.g. " + option + " " + example);
    }
  }

  /** The network of a row: the cell's defaults, read by the codec as a config's would be. */
  private NetworkSpec network(String cell, int n) {
    return new OptionFields()
        .put("--cells", "cell", cell)
        .put("--hidden", "hidden", n)
        .put("--products", "products", products.configName())
        .read(spec.commandLine(), node -> NetworkCodec.read(node, INPUTS, OUTPUTS, LossKind.MSE));
  }

  private static String micros(double us) {
    return String.format(Locale.ROOT, us < 10 ? "%.2f" : us < 1000 ? "%.1f" : "%,.0f", us);
  }
}
