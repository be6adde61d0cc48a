package org.bpttlab.kernels.testing;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a computation in a child JVM that only interprets ({@code -Xint}), so a test can compare it
 * bit for bit with the same computation compiled by C1 and C2 in the test's own JVM. A kernel whose
 * results depend on JIT state (the Vector API's SVML transcendental functions, a reduction order
 * that changes when compiled) fails such a comparison.
 *
 * <p>The child is a class with a {@code main} in the test sources. It receives the path of a result
 * file as {@code args[0]}, followed by the extra arguments, computes, and calls {@link
 * #writeResult}; {@link #runInterpreted} returns what it wrote.
 */
public final class InterpreterCheck {
  private static final long TIMEOUT_SECONDS = 120;

  private InterpreterCheck() {}

  /**
   * Runs {@code mainClass} in {@code java -Xint --add-modules jdk.incubator.vector -cp <this JVM's
   * class path>} (with this JVM's {@code -XX:UseAVX=} and {@code -Dbpttlab.kernels.*} options, which
   * choose the lanes and the tiles) and returns the doubles it wrote with {@link #writeResult}.
   *
   * @throws AssertionError if the child fails, times out, or does not write a result
   */
  public static double[] runInterpreted(Class<?> mainClass, String... args)
      throws IOException, InterruptedException {
    Path result = Files.createTempFile("bpttlab-interpreted-", ".bin");
    Path log = Files.createTempFile("bpttlab-interpreted-", ".log");
    try {
      List<String> command = new ArrayList<>();
      command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
      command.add("-Xint");
      command.add("-Xmx256m");
      command.add("--add-modules");
      command.add("jdk.incubator.vector");
      // what chooses the vector width and the tiles must be the parent's: a child on AVX-512 under a
      // parent run with -XX:UseAVX=2 would sum in other lanes
      for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
        if (arg.startsWith("-XX:UseAVX=") || arg.startsWith("-Dbpttlab.kernels.")) {
          command.add(arg);
        }
      }
      command.add("-cp");
      command.add(System.getProperty("java.class.path"));
      command.add(mainClass.getName());
      command.add(result.toString());
      command.addAll(List.of(args));
      Process child =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      if (!child.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        child.destroyForcibly();
        throw new AssertionError(
            mainClass.getName() + " did not finish within " + TIMEOUT_SECONDS + " s under -Xint");
      }
      if (child.exitValue() != 0) {
        throw new AssertionError(
            mainClass.getName()
                + " exited with "
                + child.exitValue()
                + " under -Xint:\n"
                + Files.readString(log, StandardCharsets.UTF_8));
      }
      return readResult(result);
    } finally {
      Files.deleteIfExists(result);
      Files.deleteIfExists(log);
    }
  }

  /**
   * Called by the child: writes the raw bits of {@code values} to {@code path} (its {@code
   * args[0]}). Refuses to write unless the JVM really runs in interpreted mode.
   *
   * @param values Not modified
   */
  public static void writeResult(String path, double[] values) throws IOException {
    String mode = System.getProperty("java.vm.info", "");
    if (!mode.startsWith("interpreted mode")) {
      throw new IllegalStateException("expected an -Xint JVM, java.vm.info is '" + mode + "'");
    }
    try (DataOutputStream out =
        new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(Paths.get(path))))) {
      for (double v : values) {
        out.writeLong(Double.doubleToRawLongBits(v));
      }
    }
  }

  private static double[] readResult(Path path) throws IOException {
    long size = Files.size(path);
    if (size == 0 || size % Long.BYTES != 0) {
      throw new AssertionError("the child wrote " + size + " bytes, not a whole number of doubles");
    }
    double[] values = new double[(int) (size / Long.BYTES)];
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(path)))) {
      for (int i = 0; i < values.length; i++) {
        values[i] = Double.longBitsToDouble(in.readLong());
      }
    }
    return values;
  }
}
