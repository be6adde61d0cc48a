package org.bpttlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.bpttlab.experiment.io.AtomicFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reliability suite's generator (issue 27): seeded mutations of valid command lines and of a
 * valid run config — tokens deleted, duplicated or replaced by huge, negative, non-finite, empty,
 * mistyped or control-character values, configs cut short or followed by more. Each mutant either
 * succeeds or exits 2 with exactly one line on stderr (no stack trace, no "internal error"), and a
 * refused one leaves nothing behind. The counts are in docs/runs.md, "What a failure leaves".
 */
class MalformedInputTest {
  /** Mutants of each base command line. */
  static final int COMMAND_LINES = 12;

  /** Mutants of each base config. */
  static final int CONFIGS = 60;

  private static final long SEED = 27;

  /** Replacements: huge, negative, non-finite, empty, mistyped, control characters. */
  private static final List<String> VALUES = List.of("2147483647", "2147483648", "9999999999999",
      "1e300", "46341", "-1", "-2147483648", "0", "NaN", "Infinity", "-Infinity", "", ",", " ",
      "abc", "1.5", "0x10", "bptt\u0000", "a\tb", "x\ny", "\u0007", "rate,", "=", ":");

  /** Valid command lines, small enough to run in a moment; OUT and RUNS are filled in. */
  private static final List<List<String>> BASES = List.of(
      List.of("compare", "--hidden", "4", "--batch", "2", "--iterations", "2", "--seq-len", "5",
          "--eval-sequences", "2", "--rules", "bptt,eprop", "--threads", "1", "--seeds", "1",
          "--quiet", "--runs-dir", "RUNS"),
      List.of("gradients", "--hidden", "3", "--steps", "4", "--batch", "2", "--inputs", "2",
          "--outputs", "2", "--rules", "bptt,rtrl", "--cell", "lif", "--out", "OUT"),
      List.of("bench", "--hidden", "4", "--batch", "1", "--seq-len", "4", "--seconds", "0.001",
          "--cells", "rate", "--rules", "bptt", "--threads", "1"),
      List.of("compare", "--cell", "lif", "--hidden", "4", "--tau-mem", "20", "--threshold",
          "0.6", "--refractory", "1", "--surrogate", "fast-sigmoid", "--optimizer", "momentum",
          "--momentum", "0.5", "--frozen", "b_out", "--seq-len", "5", "--iterations", "2",
          "--batch", "2", "--eval-sequences", "2", "--rules", "eprop:feedback=random", "--name",
          "m", "--quiet", "--runs-dir", "RUNS"),
      List.of("run", "CONFIG", "--threads", "1", "--quiet", "--runs-dir", "RUNS"));

  /** The output folder's option and value, never mutated. */
  private static final List<String> OUTPUT = List.of("--runs-dir", "RUNS", "--out", "OUT");

  /** Options whose valid values only take long (1.5 s of bench): given invalid ones only. */
  private static final List<String> TIME_ONLY = List.of("--iterations", "--seeds",
      "--eval-sequences", "--seconds");

  /** The rate network's config: {@link RunCommandTest#CONFIG}, shorter. */
  static final String CONFIG = RunCommandTest.CONFIG.replace("\"iterations\": 30",
      "\"iterations\": 3");

  static final String SPIKING_CONFIG = """
      {
        "task": "adding:steps=5",
        "network": {"cell": "alif", "hidden": 4, "adaptive_neurons": 2, "tau_mem_ms": 20,
          "beta": 0.07, "refractory_steps": 1, "surrogate": "fast-sigmoid", "tau_out_ms": 10,
          "regularizer_strength": 0.1},
        "rule": "tbptt:k1=2,k2=3",
        "optimizer": {"kind": "momentum", "learning_rate": 0.01, "momentum": 0.5,
          "nesterov": true},
        "seed": 2,
        "iterations": 2,
        "batch_size": 2,
        "eval_every": 1,
        "eval_sequences": 2,
        "align_every": 1,
        "checkpoint_every": 1,
        "frozen": ["b_out"]
      }
      """;

  private static final Pattern TOKEN =
      Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|-?[0-9.eE+-]+|[{}\\[\\]:,]|true|false|null");

  @TempDir Path dir;

  @Test
  void mutatedCommandLinesSucceedOrFailWithOneLineAndLeaveNothing() throws IOException {
    Random random = new Random(SEED);
    Path work = Files.createDirectory(dir.resolve("work"));
    String config = Files.writeString(dir.resolve("small.json"), CONFIG).toString();
    int refused = 0;
    for (List<String> base : BASES) {
      for (int k = 0; k < COMMAND_LINES; k++) {
        List<String> args = mutate(base, random);
        List<String> filled = args.stream().map(a -> a.equals("RUNS")
            ? work.resolve("runs").toString() : a.equals("OUT") ? work.resolve("out").toString()
            : a.equals("CONFIG") ? config : a).toList();
        refused += check(filled, work) ? 0 : 1;
      }
    }
    assertTrue(refused > BASES.size() * COMMAND_LINES / 2, "most mutants are bad: " + refused);
  }

  @Test
  void mutatedConfigsSucceedOrFailWithOneLineAndLeaveNothing() throws IOException {
    Random random = new Random(SEED);
    Path work = Files.createDirectory(dir.resolve("work"));
    Path configs = Files.createDirectory(dir.resolve("configs"));
    int refused = 0;
    int k = 0;
    for (String base : List.of(CONFIG, SPIKING_CONFIG)) {
      List<String> tokens = new ArrayList<>();
      List<int[]> spans = new ArrayList<>();
      Matcher m = TOKEN.matcher(base);
      while (m.find()) {
        tokens.add(m.group());
        spans.add(new int[] {m.start(), m.end()});
      }
      for (int i = 0; i < CONFIGS; i++) {
        String text = mutateConfig(base, tokens, spans, random);
        Path file = Files.writeString(configs.resolve("c" + k++ + ".json"), text);
        refused += check(List.of("run", file.toString(), "--quiet", "--threads", "1",
            "--runs-dir", work.resolve("runs").toString()), work) ? 0 : 1;
      }
    }
    assertTrue(refused > CONFIGS, "most mutants are bad: " + refused);
  }

  /** Runs one mutant; true if it succeeded. */
  private static boolean check(List<String> args, Path work) throws IOException {
    Cli.Result r = Cli.run(args.toArray(String[]::new));
    String what = String.join(" ", args).replace("\u0000", "\\u0000") + " -> " + r.err();
    assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), "stack trace: " + what);
    assertFalse(r.err().contains("internal error"), what);
    if (r.code() == 0) {
      AtomicFiles.deleteRecursively(work);
      Files.createDirectory(work);
      return true;
    }
    assertEquals(2, r.code(), what);
    assertEquals(1, r.err().lines().count(), "one line: " + what);
    assertEquals(List.of(), leftovers(work), "nothing left behind: " + what);
    return false;
  }

  private static List<String> mutate(List<String> base, Random random) {
    List<String> args = new ArrayList<>(base);
    int edits = 1 + random.nextInt(2);
    for (int e = 0; e < edits; e++) {
      int i = 1 + random.nextInt(args.size() - 1);
      if (OUTPUT.contains(args.get(i))) {
        continue; // the output folder stays in the test's folder
      }
      boolean timeOnly = TIME_ONLY.contains(args.get(i - 1));
      switch (random.nextInt(6)) {
        case 0 -> args.remove(i);
        case 1 -> args.add(i, args.get(i));
        case 2 -> args.set(i, args.get(i).substring(0, random.nextInt(Math.max(1, args.get(i).length()))));
        default -> args.set(i, value(random, timeOnly));
      }
    }
    return args;
  }

  private static String mutateConfig(String text, List<String> tokens, List<int[]> spans,
      Random random) {
    int i = random.nextInt(tokens.size());
    int start = spans.get(i)[0];
    int end = spans.get(i)[1];
    boolean timeOnly = i >= 2 && tokens.get(i - 2).equals("\"iterations\"");
    return switch (random.nextInt(8)) {
      case 0 -> text.substring(0, start) + text.substring(end);
      case 1 -> text.substring(0, end) + " " + tokens.get(i) + text.substring(end);
      case 2 -> text.substring(0, random.nextInt(text.length()));
      case 3 -> text + List.of("{}", "x", "]", "\u0000", "{\"seed\": 5}").get(random.nextInt(5));
      case 4 -> text.substring(0, start) + "\"" + value(random, timeOnly) + "\""
          + text.substring(end);
      case 5 -> tokens.get(i).startsWith("\"") && tokens.get(i).length() > 2
          ? text.substring(0, start + 1) + value(random, false) + text.substring(start + 1)
          : text.substring(0, start) + value(random, timeOnly) + text.substring(end);
      default -> text.substring(0, start) + value(random, timeOnly) + text.substring(end);
    };
  }

  private static String value(Random random, boolean timeOnly) {
    while (true) {
      String v = VALUES.get(random.nextInt(VALUES.size()));
      boolean valid = v.matches("[0-9.]+|1e300|Infinity") && Double.parseDouble(v) > 0;
      if (!(timeOnly && valid)) {
        return v;
      }
    }
  }

  private static List<String> leftovers(Path work) throws IOException {
    try (Stream<Path> s = Files.walk(work)) {
      return s.filter(p -> !p.equals(work)).map(p -> work.relativize(p).toString()).toList();
    }
  }
}
