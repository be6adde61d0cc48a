package org.bpttlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input: exit code 2, one line on stderr naming the option (and the allowed values where there
 * is a list), and nothing written.
 */
class BadInputTest {
  @TempDir Path dir;

  static Stream<Arguments> badArguments() {
    return Stream.of(
        Arguments.of("--cell", "rate, lif, alif", List.of("gradients", "--cell", "foo")),
        Arguments.of("--hidden", "> 0", List.of("gradients", "--hidden", "0")),
        Arguments.of("--hidden", "", List.of("gradients", "--hidden")),
        Arguments.of("--hidden", "", List.of("gradients", "--hidden", "many")),
        Arguments.of("--steps", "> 0", List.of("gradients", "--steps", "-3")),
        Arguments.of("--batch", "> 0", List.of("gradients", "--batch", "0")),
        Arguments.of("--rules", "bptt, readout-only", List.of("gradients", "--rules", "bptt,nope")),
        Arguments.of("--rules", "twice", List.of("gradients", "--rules", "bptt,bptt")),
        Arguments.of("--rules", "bptt", List.of("gradients", "--rules", "bptt:k=1")),
        Arguments.of("--loss", "mse, ce", List.of("gradients", "--loss", "l1")),
        Arguments.of("--surrogate", "piecewise-linear, fast-sigmoid, smooth-test",
            List.of("gradients", "--cell", "lif", "--surrogate", "arctan")),
        Arguments.of("--alpha", "(0, 1]", List.of("gradients", "--alpha", "1.5")),
        Arguments.of("--alpha", "(0, 1]", List.of("gradients", "--alpha", "NaN")),
        Arguments.of("--alpha", "rate", List.of("gradients", "--cell", "lif", "--alpha", "0.5")),
        Arguments.of("--tau-mem", "spiking", List.of("gradients", "--tau-mem", "5")),
        Arguments.of("--tau-mem", "> 0", List.of("gradients", "--cell", "lif", "--tau-mem", "0")),
        Arguments.of("--reg-strength", "spiking", List.of("gradients", "--reg-strength", "1")),
        Arguments.of("--adaptive", "alif", List.of("gradients", "--cell", "lif", "--adaptive", "2")),
        Arguments.of("--adaptive", "1..4",
            List.of("gradients", "--cell", "alif", "--hidden", "4", "--adaptive", "5")),
        Arguments.of("--tau-adapt", "alif",
            List.of("gradients", "--cell", "lif", "--tau-adapt", "100")),
        Arguments.of("--seed", "integer", List.of("gradients", "--seed", "1.5")),
        Arguments.of("--wat", "--help", List.of("gradients", "--wat")),
        Arguments.of("--out", "", List.of("gradients", "--out")),
        Arguments.of("--products", "float64, float32", List.of("gradients", "--products", "half")),
        Arguments.of("--frozen", "at least one", List.of("compare", "--frozen", ",")),
        Arguments.of("--cell", "rate, lif, alif", List.of("compare", "--cell", "foo")),
        Arguments.of("--products", "float64, float32", List.of("compare", "--products", "f32")),
        Arguments.of("--hidden", "> 0", List.of("compare", "--hidden", "0")),
        Arguments.of("--rules", "bptt, readout-only", List.of("compare", "--rules", "nope")),
        Arguments.of("--lr", "finite", List.of("compare", "--lr", "NaN")),
        Arguments.of("--lr", "> 0", List.of("compare", "--lr", "-1")),
        Arguments.of("--clip-norm", "finite", List.of("compare", "--clip-norm", "Infinity")),
        Arguments.of("--optimizer", "sgd, momentum, adam, rprop",
            List.of("compare", "--optimizer", "rmsprop")),
        Arguments.of("--momentum", "[0, 1)",
            List.of("compare", "--optimizer", "momentum", "--momentum", "1")),
        Arguments.of("--momentum", "[0, 1)",
            List.of("compare", "--optimizer", "momentum", "--momentum", "-0.1")),
        Arguments.of("--momentum", "--optimizer momentum only",
            List.of("compare", "--momentum", "0.5")),
        Arguments.of("--nesterov", "--optimizer momentum only",
            List.of("compare", "--optimizer", "sgd", "--nesterov")),
        Arguments.of("--clip-value", ">= 0", List.of("compare", "--clip-value", "-1")),
        Arguments.of("--clip-value", "finite", List.of("compare", "--clip-value", "NaN")),
        Arguments.of("--lr", "[minStep, maxStep] = [1.0E-6, 50.0]",
            List.of("compare", "--optimizer", "rprop", "--lr", "100")),
        Arguments.of("--task", "adding, adding-1997, copy",
            List.of("compare", "--task", "nope")),
        Arguments.of("--seq-len", ">= 2", List.of("compare", "--seq-len", "1")),
        Arguments.of("--iterations", "> 0", List.of("compare", "--iterations", "0")),
        Arguments.of("--eval-every", "> 0", List.of("compare", "--eval-every", "0")),
        Arguments.of("--seeds", "1..4096", List.of("compare", "--seeds", "0")),
        Arguments.of("--seeds", "overflows", List.of("compare", "--seed", "9223372036854775807",
            "--seeds", "2")),
        Arguments.of("--align-every", ">= 0", List.of("compare", "--align-every", "-1")),
        Arguments.of("--name", "folder name", List.of("compare", "--name", "../escape")),
        Arguments.of("--name", "folder name", List.of("compare", "--name", ".hidden")),
        // issue 27: sizes bounded before anything is allocated, memory named with its remedy
        Arguments.of("--hidden", "1..46340", List.of("compare", "--hidden", "1000000000")),
        Arguments.of("compare", "BPTTLAB_JAVA_OPTIONS=\"-XX:+UseParallelGC -Xmn64m -Xmx",
            List.of("compare", "--hidden", "40000")),
        Arguments.of("batch_size", "more than the 2147483639 a Java array holds",
            List.of("compare", "--batch", "2147483647")),
        Arguments.of("--seq-len", "of memory", List.of("compare", "--seq-len", "2000000000")),
        Arguments.of("--hidden", "of memory", List.of("compare", "--rules", "rtrl",
            "--hidden", "2000")),
        Arguments.of("--threads", "1..256", List.of("compare", "--threads", "100000")),
        Arguments.of("--eval-sequences", "0..1048576",
            List.of("compare", "--eval-sequences", "2147483647")),
        Arguments.of("--seeds", "1..4096", List.of("compare", "--seeds", "2147483647")),
        Arguments.of("--steps", "of memory", List.of("gradients", "--steps", "2000000000")),
        Arguments.of("--seq-len", "of memory", List.of("bench", "--seq-len", "2000000000")),
        Arguments.of("--batch", "at least one value", List.of("bench", "--batch", ",")),
        Arguments.of("--hidden", "at least one value", List.of("bench", "--hidden", ",")),
        Arguments.of("--seconds", "(0, 3600]", List.of("bench", "--seconds", "1e300")),
        Arguments.of("--threads", "1..256", List.of("bench", "--threads", "100000")),
        Arguments.of("--outputs", "at least 2 outputs",
            List.of("gradients", "--loss", "ce", "--outputs", "1")),
        Arguments.of("--rules", "U+0000", List.of("gradients", "--rules", "bptt\u0000")),
        Arguments.of("--rules", "U+0009", List.of("compare", "--rules", "bptt,\treadout-only")),
        Arguments.of("--task", "U+0000", List.of("compare", "--task", "adding\u0000")),
        Arguments.of("--name", "folder name", List.of("compare", "--name", "a\u0000b")));
  }

  @ParameterizedTest(name = "{2}")
  @MethodSource("badArguments")
  void badArgumentsExitWithOneLineAndWriteNothing(String option, String allowed,
      List<String> args) throws IOException {
    Path work = Files.createDirectory(dir.resolve("work"));
    List<String> all = new ArrayList<>(args);
    if (args.get(0).equals("gradients") && !args.contains("--out")) {
      all.addAll(List.of("--out", work.resolve("out").toString()));
    }
    if (args.get(0).equals("compare")) {
      all.addAll(List.of("--runs-dir", work.resolve("runs").toString(), "--iterations", "2"));
      if (args.contains("--iterations")) {
        all.subList(all.size() - 2, all.size()).clear();
      }
    }
    Cli.Result r = Cli.run(all.toArray(String[]::new));
    assertUsageError(r, option, allowed);
    assertEquals(List.of(), list(work), "nothing written");
  }

  @Test
  void outputUnderARegularFileIsRefused() throws IOException {
    Path file = Files.writeString(dir.resolve("file"), "x");
    assertUsageError(Cli.run("gradients", "--out", file.resolve("x").toString()), "--out",
        "not a folder");
    assertUsageError(Cli.run("compare", "--iterations", "2", "--runs-dir",
        file.resolve("runs").toString()), "--runs-dir", "not a folder");
    assertUsageError(Cli.run("gradients", "--out", file.toString(), "--force"), "--out",
        "not a folder");
    assertEquals(List.of("file"), list(dir));
    assertEquals("x", Files.readString(file));
  }

  @Test
  void outputUnderAReadOnlyFolderIsRefused() throws IOException {
    Path ro = Files.createDirectory(dir.resolve("ro"));
    Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      Assumptions.assumeFalse(canWrite(ro), "the user can write a read-only folder (root)");
      assertUsageError(Cli.run("gradients", "--out", ro.resolve("x").toString()), "--out",
          "writable");
      assertUsageError(Cli.run("gradients", "--out", ro.resolve("a/b/c").toString()), "--out",
          "writable");
      assertUsageError(Cli.run("compare", "--iterations", "2", "--runs-dir",
          ro.resolve("runs").toString()), "--runs-dir", "writable");
      assertEquals(List.of(), list(ro));
    } finally {
      Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  /** Linux's /proc takes no new folders, whoever asks: the read-only case even for root. */
  @Test
  void outputUnderProcIsRefused() {
    Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")), "Linux /proc");
    assertUsageError(Cli.run("gradients", "--out", "/proc/bpttlab-test/x"), "--out", "writable");
    assertTrue(Files.notExists(Path.of("/proc/bpttlab-test")));
  }

  @Test
  void existingRunFolderNeedsForce() throws IOException {
    Path runs = Files.createDirectories(dir.resolve("runs/taken"));
    Files.writeString(runs.resolve("keep.txt"), "old");
    assertUsageError(Cli.run("compare", "--iterations", "2", "--runs-dir",
        dir.resolve("runs").toString(), "--name", "taken"), "--name", "--force");
    assertEquals(List.of("keep.txt"), list(runs));
  }

  private static void assertUsageError(Cli.Result r, String option, String allowed) {
    assertEquals(2, r.code(), r.err());
    assertEquals("", r.out());
    assertEquals(1, r.err().lines().count(), "one line: " + r.err());
    assertTrue(r.err().contains(option), "names " + option + ": " + r.err());
    assertTrue(r.err().contains(allowed), "says " + allowed + ": " + r.err());
  }

  private static boolean canWrite(Path folder) {
    try {
      Files.delete(Files.createDirectory(folder.resolve("probe")));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static List<String> list(Path folder) throws IOException {
    try (Stream<Path> s = Files.list(folder)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
