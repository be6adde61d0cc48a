package org.bpttlab.cli;

import java.net.URISyntaxException;
import java.nio.file.Path;
import org.bpttlab.experiment.slurm.JobArray;
import picocli.CommandLine.Option;

/** The options of a SLURM job array ({@link JobArray}), shared by sweep --slurm and slurm-submit. */
final class SlurmOptions {
  @Option(names = "--array-limit", paramLabel = "N", defaultValue = "0",
      description = "SLURM: at most N array tasks at once (%%N); 0: no limit (default)")
  int limit;

  @Option(names = "--runs-per-task", paramLabel = "K", defaultValue = "1",
      description = "SLURM: runs per array task, one after the other (default: 1)")
  int runsPerTask;

  @Option(names = "--time", defaultValue = "04:00:00",
      description = "SLURM: time limit of each array task (default: 04:00:00)")
  String time;

  @Option(names = "--mem", defaultValue = "4G",
      description = "SLURM: memory of each array task (default: 4G)")
  String mem;

  @Option(names = "--cpus-per-task", paramLabel = "N", defaultValue = "1",
      description = "SLURM: CPUs of each array task, the runs' --threads (default: 1)")
  int cpusPerTask;

  @Option(names = "--partition", description = "SLURM: the partition (default: the cluster's)")
  String partition;

  @Option(names = "--job-name", defaultValue = "bpttlab-sweep",
      description = "SLURM: the job's name (default: bpttlab-sweep)")
  String jobName;

  @Option(names = "--jar", description = "SLURM: the bpttlab jar the tasks run (default: this one)")
  Path jar;

  /** The job array of the sweep folder {@code sweepDir} with these options. */
  JobArray jobArray(Path sweepDir) {
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
    return array;
  }

  /** The jar this class was loaded from (its folder when run from classes, as in the tests). */
  static Path thisJar() {
    try {
      return Path.of(SlurmOptions.class.getProtectionDomain().getCodeSource().getLocation()
          .toURI()).toAbsolutePath();
    } catch (URISyntaxException | SecurityException e) {
      throw new IllegalStateException("cannot find the bpttlab jar: " + e.getMessage(), e);
    }
  }
}
