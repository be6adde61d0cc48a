package org.bpttlab.cli;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.bpttlab.experiment.slurm.JobArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bpttlab slurm-submit SWEEP_DIR}: internal (hidden) entry point to {@link JobArray}, until
 * {@code sweep --slurm} calls it; .ci/slurm and the tests use it. Bad options exit 2.
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

  @Option(names = "--array-limit", paramLabel = "N", defaultValue = "0",
      description = "at most N array tasks at once (%%N); 0: no limit (default)")
  int limit;

  @Option(names = "--runs-per-task", paramLabel = "K", defaultValue = "1",
      description = "runs per array task, one after the other (default: 1)")
  int runsPerTask;

  @Option(names = "--time", defaultValue = "04:00:00",
      description = "time limit of each array task (default: 04:00:00)")
  String time;

  @Option(names = "--mem", defaultValue = "4G",
      description = "memory of each array task (default: 4G)")
  String mem;

  @Option(names = "--cpus-per-task", paramLabel = "N", defaultValue = "1",
      description = "CPUs of each array task, the runs' --threads (default: 1)")
  int cpusPerTask;

  @Option(names = "--partition", description = "the partition (default: the cluster's)")
  String partition;

  @Option(names = "--job-name", defaultValue = "bpttlab-sweep",
      description = "the job's name (default: bpttlab-sweep)")
  String jobName;

  @Option(names = "--jar", description = "the bpttlab jar the tasks run (default: this one)")
  Path jar;

  @Option(names = "--dry-run", description = "print the script and the task list; submit nothing")
  boolean dryRun;

  @Override
  public Integer call() throws IOException, InterruptedException {
    JobArray array = new JobArray();
    array.sweepDir = sweepDir;
    array.jar = jar != null ? jar : thisJar();
    array.limit = limit;
    array.runsPerTask = runsPerTask;
    array.time = time;
    array.mem = mem;
    array.cpusPerTask = cpusPerTask;
    array.partition = partition;
    array.jobName = jobName;
    array.submit(dryRun, spec.commandLine().getOut());
    return Main.OK;
  }

  /** The jar this class was loaded from (its folder when run from classes, as in the tests). */
  static Path thisJar() {
    try {
      return Path.of(SlurmSubmitCommand.class.getProtectionDomain().getCodeSource().getLocation()
          .toURI()).toAbsolutePath();
    } catch (URISyntaxException | SecurityException e) {
      throw new IllegalStateException("cannot find the bpttlab jar: " + e.getMessage(), e);
    }
  }
}
