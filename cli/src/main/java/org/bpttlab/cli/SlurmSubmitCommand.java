package org.bpttlab.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bpttlab slurm-submit SWEEP_DIR}: internal (hidden) entry point to the job array of a
 * sweep folder already written ({@code sweep --slurm} writes and submits in one go); .ci/slurm and
 * the tests use it. Bad options exit 2.
 */
@Command(name = "slurm-submit", hidden = true, mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Internal: submit a sweep folder's unfinished runs as a SLURM job array"
        + " (docs/sweeps.md).")
final class SlurmSubmitCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SWEEP_DIR",
      description = "a sweep folder: plan.csv, configs/, runs/")
  Path sweepDir;

  @Mixin SlurmOptions slurm;

  @Option(names = "--dry-run", description = "print the script and the task list; submit nothing")
  boolean dryRun;

  @Override
  public Integer call() throws IOException, InterruptedException {
    slurm.jobArray(sweepDir).submit(dryRun, spec.commandLine().getOut());
    return Main.OK;
  }
}
