package org.bpttlab.cli;

import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * Where {@code compare} and {@code run} put their run folder, how they report, and whether they
 * analyse the trained networks.
 */
final class RunFolderOptions {
  static final String DEFAULT_RUNS_DIR = "runs";

  @Option(names = "--runs-dir", paramLabel = "DIR",
      description = "where run folders go; default: ${DEFAULT-VALUE}")
  String runsDir = DEFAULT_RUNS_DIR;

  @Option(names = "--force", description = "replace an existing run folder of the same name")
  boolean force;

  @Option(names = "--analyze", description = "when training ends, analyse the trained networks"
      + " as ./bpttlab analyze does (analysis/ and its figures; docs/figures.md)")
  boolean analyze;

  @Option(names = "--quiet", description = "no progress line (there is none off a terminal)")
  boolean quiet;

  /** The folder of run {@code name}; a usage error if {@code --runs-dir} is not a path. */
  Path folder(CommandLine cmd, String name) {
    return CliSupport.path(cmd, "--runs-dir", runsDir).resolve(name);
  }

  /** Whether to show a progress line. */
  boolean progress() {
    return !quiet && ProgressLine.terminal();
  }
}
