package org.bpttlab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.Callable;
import org.bpttlab.experiment.io.Provenance;
import org.bpttlab.experiment.train.MemoryPlan;
import org.bpttlab.experiment.train.TrainingDivergedException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code bpttlab} command line (DESIGN §7). Exit codes: 0 success; 2 bad input (unknown names,
 * bad sizes, missing or non-finite values, unwritable or existing output folders, any spec's
 * validation), reported as one line on stderr naming the option and the allowed values, with nothing
 * written; 1 a failure while running (a diverging run, an I/O error), also one line; 130 and 143
 * a training stopped by SIGINT or SIGTERM, with a checkpoint and the command that resumes it
 * ({@link Interrupts}).
 */
@Command(
    name = "bpttlab",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Recurrent networks (rate and spiking) trained by exact BPTT and alternatives.",
    subcommands = {ListCommand.class, CompareCommand.class, RunCommand.class,
        GradientsCommand.class, ReproduceCommand.class, PlotCommand.class, AnalyzeCommand.class,
        BenchCommand.class, SweepCommand.class, CollectCommand.class, SlurmSubmitCommand.class})
public final class Main implements Callable<Integer> {
  /** Exit code of a successful command. */
  public static final int OK = 0;

  /** Exit code of a failure while running. */
  public static final int FAILED = 1;

  /** Exit code of bad input. */
  public static final int USAGE = 2;

  @Spec CommandSpec spec;

  public static void main(String[] args) {
    // the kernels need the incubating Vector API, which java -jar does not load by itself
    if (ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()) {
      System.err.println("bpttlab: the JVM was started without the module " + VECTOR_MODULE
          + ", which the kernels use: run ./bpttlab, or java --add-modules " + VECTOR_MODULE
          + " -jar bpttlab.jar");
      System.exit(USAGE);
    }
    Interrupts.install();
    int code;
    try {
      code = commandLine().execute(args);
    } catch (OutOfMemoryError e) {
      // the sizes are checked before work (MemoryPlan); this is what the plan did not foresee
      long twice = 2 * Runtime.getRuntime().maxMemory() / (1L << 30) + 1;
      System.err.println("bpttlab: out of memory (" + e.getMessage() + "); make the sizes smaller"
          + " or give the JVM more with BPTTLAB_JAVA_OPTIONS=\"" + MemoryPlan.LAUNCHER_OPTIONS
          + " -Xmx" + twice + "g\"");
      code = FAILED;
    }
    System.exit(code);
  }

  /** The incubating Vector API's module. */
  static final String VECTOR_MODULE = "jdk.incubator.vector";

  /** The configured command line (tests call {@code execute} on it with their own writers). */
  public static CommandLine commandLine() {
    CommandLine cmd = new CommandLine(new Main());
    cmd.setParameterExceptionHandler(Main::usageError);
    cmd.setExecutionExceptionHandler(Main::failure);
    return cmd;
  }

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(),
        "a command is required: list, compare, run, sweep, gradients, reproduce, plot or bench"
        + " (see bpttlab --help)");
  }

  private static int usageError(ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    String message = oneLine(e.getMessage());
    if (e instanceof CommandLine.UnmatchedArgumentException unmatched) {
      List<String> near = unmatched.getSuggestions();
      message += near.isEmpty() ? "" : "; did you mean " + String.join(" or ", near.stream()
          .map(s -> "'" + s + "'").toList()) + "?";
      message += " (see " + cmd.getCommandSpec().qualifiedName() + " --help)";
    }
    err.println(cmd.getCommandSpec().qualifiedName() + ": " + message);
    err.flush();
    return USAGE;
  }

  private static int failure(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
    PrintWriter err = cmd.getErr();
    String name = cmd.getCommandSpec().qualifiedName();
    int code;
    String message;
    if (e instanceof IllegalArgumentException) {
      code = USAGE;
      message = e.getMessage();
    } else if (e instanceof TrainingDivergedException) {
      code = FAILED;
      message = e.getMessage();
    } else if (e instanceof IOException || e instanceof UncheckedIOException) {
      code = FAILED;
      message = "I/O error: " + e.getMessage();
    } else {
      code = FAILED;
      message = "internal error: " + e;
    }
    err.println(name + ": " + oneLine(message));
    if (code == FAILED && System.getenv("BPTTLAB_DEBUG") != null) {
      e.printStackTrace(err);
    }
    err.flush();
    return code;
  }

  private static String oneLine(String message) {
    return message == null ? "(no message)" : message.strip().replaceAll("\\s*\\R\\s*", "; ");
  }

  /** The version from the build, and the JVM. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {
        "bpttlab " + Provenance.version(),
        "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name")
            + ")"
      };
    }
  }
}
