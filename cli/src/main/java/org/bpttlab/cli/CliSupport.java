package org.bpttlab.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bpttlab.core.Limits;
import org.bpttlab.experiment.io.AtomicFiles;
import org.bpttlab.experiment.io.FolderLock;
import org.bpttlab.experiment.train.Trainer;
import org.bpttlab.rules.RuleSpec;
import org.bpttlab.rules.Rules;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** What the subcommands share: parsing rule lists and staging output folders with clear errors. */
final class CliSupport {
  private CliSupport() {}

  /**
   * Parses {@code --rules} values: comma-separated rule specs, where a rule's own options may follow
   * its colon ({@code bptt,tbptt:k1=5,k2=10}: a piece without a colon that holds '=' continues the
   * previous rule's options). Each rule must exist (see {@code bpttlab list}) and appear once; a
   * name may be shortened to a prefix that only one rule's name begins with ({@code readout} for
   * {@code readout-only}).
   */
  static List<RuleSpec> rules(CommandLine cmd, List<String> values) {
    return rules(cmd, values, "--rules");
  }

  /** Rules given to {@code option} as {@link #rules(CommandLine, List)} reads them. */
  static List<RuleSpec> rules(CommandLine cmd, List<String> values, String option) {
    List<String> texts = new ArrayList<>();
    for (String value : values) {
      try {
        Limits.printable("rule", value);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(cmd, "Invalid value for option '" + option + "': "
            + e.getMessage());
      }
      for (String piece : value.split(",", -1)) {
        String p = piece.trim();
        if (!texts.isEmpty() && p.indexOf(':') < 0 && p.indexOf('=') > 0
            && texts.get(texts.size() - 1).indexOf(':') >= 0) {
          texts.set(texts.size() - 1, texts.get(texts.size() - 1) + "," + p);
        } else {
          texts.add(p);
        }
      }
    }
    List<RuleSpec> rules = new ArrayList<>();
    try {
      for (String t : texts) {
        if (t.isEmpty()) {
          throw new IllegalArgumentException(
              "empty rule name; allowed: " + String.join(", ", Rules.names()));
        }
        rules.add(expand(RuleSpec.parse(t)));
      }
      Trainer.createRules(rules);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(cmd, "Invalid value for option '" + option + "': "
          + e.getMessage());
    }
    return rules;
  }

  /** Threads when no --threads is given: the machine's cores, at most {@link Limits#MAX_THREADS}. */
  static int defaultThreads() {
    return Math.min(Runtime.getRuntime().availableProcessors(), Limits.MAX_THREADS);
  }

  /** The rule whose name {@code spec}'s name is the only prefix of, or {@code spec} itself. */
  private static RuleSpec expand(RuleSpec spec) {
    if (Rules.names().contains(spec.name())) {
      return spec;
    }
    List<String> longer = Rules.names().stream().filter(n -> n.startsWith(spec.name())).toList();
    return longer.size() == 1 ? new RuleSpec(longer.get(0), spec.options()) : spec;
  }

  /**
   * Stages the output folder {@code target} (see {@link AtomicFiles#stage}); a folder that cannot be
   * written, or that exists without {@code --force}, is a usage error naming {@code option}.
   */
  static AtomicFiles.StagedFolder stage(CommandLine cmd, String option, Path target,
      boolean force) {
    try {
      return AtomicFiles.stage(target, force);
    } catch (FileAlreadyExistsException e) {
      String reason = e.getReason() == null ? "already exists" : e.getReason();
      throw new ParameterException(cmd, "Invalid value for option '" + option + "': "
          + e.getFile() + " " + reason
          + (force ? "" : "; choose another folder or add --force to replace it"));
    } catch (IOException e) {
      throw unwritable(cmd, option, e);
    }
  }

  /**
   * Takes the output folder {@code target} for this command ({@link FolderLock}): another command
   * working on it is refused with one line naming it (exit 2), and so is a folder that cannot be
   * written, naming {@code option}. Hold it for as long as the command writes the folder;
   * {@code what} names the command to whoever is refused ("run --resume").
   */
  static FolderLock lock(CommandLine cmd, String option, Path target, String what) {
    try {
      return FolderLock.acquire(target, what);
    } catch (IOException e) {
      throw unwritable(cmd, option, e);
    }
  }

  private static ParameterException unwritable(CommandLine cmd, String option, IOException e) {
    if (e instanceof NotDirectoryException n) {
      return new ParameterException(cmd, "Invalid value for option '" + option + "': "
          + n.getFile() + " is not a folder; give a writable folder");
    }
    if (e instanceof AccessDeniedException a) {
      return new ParameterException(cmd, "Invalid value for option '" + option
          + "': cannot write " + a.getFile() + " (permission denied); give a writable folder");
    }
    if (e instanceof FileSystemException f) {
      String reason = f.getReason() == null ? "cannot be created" : f.getReason();
      return new ParameterException(cmd, "Invalid value for option '" + option + "': cannot create "
          + f.getFile() + " (" + reason + "); give a writable folder");
    }
    return new ParameterException(cmd, "Invalid value for option '" + option + "': "
        + e.getMessage() + "; give a writable folder");
  }

  /** The path of an option's value; an invalid path is a usage error. */
  static Path path(CommandLine cmd, String option, String value) {
    try {
      if (value.isBlank()) {
        throw new InvalidPathException(value, "empty path");
      }
      return Path.of(value);
    } catch (InvalidPathException e) {
      throw new ParameterException(cmd,
          "Invalid value for option '" + option + "': not a valid path, was '" + value + "'");
    }
  }

  /**
   * The existing folder a parameter names ({@code RUN_FOLDER}); a blank or invalid path, a missing
   * folder or a file is a usage error naming the parameter.
   */
  static Path folder(CommandLine cmd, String parameter, String value) {
    String bad = "Invalid value for parameter '" + parameter + "': ";
    Path dir;
    try {
      if (value.isBlank()) {
        throw new InvalidPathException(value, "empty path");
      }
      dir = Path.of(value);
    } catch (InvalidPathException e) {
      throw new ParameterException(cmd, bad + "not a valid path, was '" + value + "'");
    }
    if (!Files.exists(dir)) {
      throw new ParameterException(cmd, bad + "there is no folder " + dir);
    }
    if (!Files.isDirectory(dir)) {
      throw new ParameterException(cmd, bad + dir + " is not a folder");
    }
    return dir;
  }
}
