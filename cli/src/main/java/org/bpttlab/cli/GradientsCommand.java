package org.bpttlab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bpttlab.core.Limits;
import org.bpttlab.core.LossKind;
import org.bpttlab.core.NetworkSpec;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.net.Network;
import org.bpttlab.experiment.train.MemoryPlan;
import org.bpttlab.results.export.GradientExport;
import org.bpttlab.results.export.GradientExportSpec;
import org.bpttlab.experiment.io.AtomicFiles;
import org.bpttlab.experiment.io.FolderLock;
import org.bpttlab.experiment.io.Provenance;
import org.bpttlab.rules.RuleSpec;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bpttlab gradients}: exports a network's parameters, a random batch and each rule's gradient
 * as NumPy files with a {@code model.json} (format: docs/gradients.md), so anyone can check them in
 * NumPy or PyTorch.
 */
@Command(name = "gradients", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
      "Export parameters, a random batch and each rule's gradient as .npy files (float64,"
          + " batch-major) with a model.json; see docs/gradients.md.",
      "Parameters: network.initialize(new Seeds(seed)); batch: from the stream"
          + " seeds.derive(\"gradients-batch\")."
    })
final class GradientsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin CellOptions cell;

  @Option(names = "--inputs", paramLabel = "N", converter = Converters.PositiveInt.class,
      description = "input units n_in; default: ${DEFAULT-VALUE}")
  int inputs = 3;

  @Option(names = "--outputs", paramLabel = "N", converter = Converters.PositiveInt.class,
      description = "readout units n_out; default: ${DEFAULT-VALUE}")
  int outputs = 2;

  @Option(names = "--steps", paramLabel = "T", converter = Converters.PositiveInt.class,
      description = "sequence length; default: ${DEFAULT-VALUE}")
  int steps = 20;

  @Option(names = "--batch", paramLabel = "B", converter = Converters.PositiveInt.class,
      description = "sequences in the batch; default: ${DEFAULT-VALUE}")
  int batch = 4;

  @Option(names = "--loss", paramLabel = "mse|ce", converter = Converters.Loss.class,
      description = "the loss; default: mse")
  LossKind loss = LossKind.MSE;

  @Option(names = "--seed", paramLabel = "S", converter = Converters.Seed.class,
      description = "the seed of parameters and batch; default: ${DEFAULT-VALUE}")
  long seed = 1;

  @Option(names = "--rules", paramLabel = "RULE[,RULE...]",
      description = "the rules whose gradients are exported (see bpttlab list); default: bptt")
  List<String> rules;

  @Option(names = "--out", paramLabel = "DIR", required = true,
      description = "the folder to create (it must not exist, unless --force)")
  String out;

  @Option(names = "--force", description = "replace an existing --out folder")
  boolean force;

  @Override
  @SuppressWarnings("try") // the lock is held, not used, in its block
  public Integer call() throws IOException {
    CommandLine cmd = spec.commandLine();
    if (loss == LossKind.CROSS_ENTROPY && outputs < 2) {
      throw new ParameterException(cmd, "Invalid value for option '--outputs': --loss ce needs at"
          + " least 2 outputs (a softmax over one class is 1 whatever the network), was "
          + outputs);
    }
    NetworkSpec network = cell.network(cmd, inputs, outputs, loss);
    List<RuleSpec> ruleSpecs = CliSupport.rules(cmd, rules == null ? List.of("bptt") : rules);
    // every rule's session in turn, and each rule's gradient kept
    long most = 0;
    for (RuleSpec r : ruleSpecs) {
      most = Math.max(most, MemoryPlan.trainingDoubles(network, r, batch, steps));
    }
    MemoryPlan.requireHeap("gradients", Math.addExact(most, Limits.product("gradients",
        ruleSpecs.size() + 1L, MemoryPlan.parameters(new Network(network)))),
        "--hidden, --batch, --steps or --inputs");
    GradientExportSpec export = new GradientExportSpec(network, batch, steps, seed, ruleSpecs);
    Path target = CliSupport.path(cmd, "--out", out);
    try (FolderLock lock = CliSupport.lock(cmd, "--out", target, "gradients");
        AtomicFiles.StagedFolder stage = CliSupport.stage(cmd, "--out", target, force)) {
      GradientExport.Result result = GradientExport.compute(export);
      GradientExport.write(result, stage.path(), Provenance.toJson());
      stage.commit();
      PrintWriter w = cmd.getOut();
      w.printf(Locale.ROOT, "wrote %s: %s cell, n = %d, B = %d, T = %d, loss %s = %s%n", target,
          network.cell().kind(), network.hidden(), batch, steps, loss.label(),
          Double.toString(result.loss()));
      for (Map.Entry<String, Parameters> e : result.gradients().entrySet()) {
        w.printf(Locale.ROOT, "  grads/%s: gradient norm %s%n",
            GradientExport.folderName(e.getKey()), Double.toString(e.getValue().norm()));
      }
      w.flush();
    }
    return Main.OK;
  }
}
