package org.bpttlab.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.bpttlab.experiment.io.AtomicFiles;
import org.bpttlab.experiment.io.Json;
import org.bpttlab.experiment.io.Npy;
import org.bpttlab.experiment.run.Run;
import org.bpttlab.experiment.run.RunConfig;
import org.bpttlab.experiment.train.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RunCommandTest {
  @TempDir Path dir;

  /** A small run: e-prop with adaptive feedback (it carries B between sequences), Adam. */
  static final String CONFIG = """
      {
        "task": "adding:steps=8",
        "network": {"cell": "rate", "hidden": 6, "alpha": 0.8},
        "rule": "eprop:feedback=adaptive",
        "optimizer": {"kind": "adam", "learning_rate": 0.01, "clip_norm": 1.0},
        "seed": 4,
        "iterations": 30,
        "batch_size": 4,
        "eval_every": 3,
        "eval_sequences": 8,
        "align_every": 5,
        "checkpoint_every": 7
      }
      """;

  private Path config(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  private Cli.Result run(Path config, String... extra) {
    List<String> args = new ArrayList<>(List.of("run", config.toString(), "--runs-dir",
        dir.resolve("runs").toString()));
    args.addAll(List.of(extra));
    return Cli.run(args.toArray(String[]::new));
  }

  private static List<String> list(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(folder)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** Everything a run produced that must be reproducible, bit for bit. */
  static List<String> numbers(Path run) throws IOException {
    List<String> all = new ArrayList<>();
    all.addAll(Cli.withoutColumn(run.resolve("metrics.csv"), "seconds"));
    all.addAll(Cli.withoutColumn(run.resolve("alignment.csv"), ""));
    all.addAll(Cli.withoutColumn(run.resolve("summary.csv"), "train_seconds"));
    for (String g : List.of("W_in", "W_rec", "b", "W_out", "b_out")) {
      all.add(g + java.util.Arrays.toString(Npy.read(run.resolve("parameters/" + g + ".npy"))
          .data()));
    }
    return all;
  }

  @Test
  void aRunWritesItsFolderAndItsConfigRunsAgainToTheSameNumbers() throws IOException {
    Cli.Result r = run(config("small.json", CONFIG));
    assertEquals(0, r.code(), r.err());
    assertEquals("", r.err());
    Path run = dir.resolve("runs/small");
    assertEquals(List.of("alignment.csv", "config.json", "figures", "metrics.csv", "parameters",
        "report.html", "summary.csv", "summary.md"), list(run));
    List<String> metrics = Files.readAllLines(run.resolve("metrics.csv"));
    assertEquals("iteration,rule,seed,loss,mse,grad_norm,seconds,peak_doubles,flops_per_step",
        metrics.get(0));
    assertEquals(1 + 10, metrics.size(), "every 3 iterations of 30");
    assertTrue(metrics.get(1).startsWith("3,eprop:feedback=adaptive,4,"), metrics.get(1));
    List<String> alignment = Files.readAllLines(run.resolve("alignment.csv"));
    assertEquals(1 + 6 * 6, alignment.size(), "iterations 5, 10, ..., 30 × 6 groups");
    assertTrue(alignment.get(1).startsWith("5,eprop:feedback=adaptive,4,all,"));
    assertTrue(alignment.get(6).startsWith("5,eprop:feedback=adaptive,4,b_out,1.0,"),
        "the readout's gradient is exact: " + alignment.get(6));
    String summary = Files.readString(run.resolve("summary.md"));
    assertTrue(summary.startsWith("# small\n"), summary);
    assertTrue(summary.contains("the run is complete"), summary);
    assertTrue(r.out().contains("wrote " + run), r.out());

    JsonNode c = Json.read(run.resolve("config.json"));
    assertEquals("run", c.get("command").asText());
    assertEquals("small", c.get("name").asText());
    assertEquals("adding:steps=8,encoding=rate", c.get("task").asText(), "every option");
    assertEquals(0.8, c.at("/network/alpha").asDouble());
    assertEquals(0.0, c.at("/network/tau_out_ms").asDouble(), "the default, written out");
    assertEquals("orthogonal", c.at("/network/init").asText());
    assertEquals(0.9, c.at("/optimizer/beta1").asDouble());
    assertEquals(7, c.get("checkpoint_every").asInt());
    for (String key : List.of("version", "git_commit", "java_version", "java_vm_name", "date")) {
      assertTrue(c.at("/producer/" + key).isTextual(), key);
    }
    assertTrue(c.at("/producer/vector_bits").asInt() >= 64, "vector_bits");
    assertEquals(2, c.at("/resolved/network/inputs").asInt(), "resolved: the full spec");
    assertEquals(0.1666, c.at("/resolved/task/baseline").asDouble(), 1e-4);

    // the written config.json is a config: it runs again, under another name, to the same numbers
    String again = Files.readString(run.resolve("config.json")).replace("\"name\": \"small\"",
        "\"name\": \"again\"");
    Cli.Result r2 = run(config("again.json", again));
    assertEquals(0, r2.code(), r2.err());
    assertEquals(numbers(run), numbers(dir.resolve("runs/again")));
  }

  /**
   * Never lose work: a run stopped after a checkpoint (here after iteration 17, its checkpoint
   * after 14, with a half-written row at the end of metrics.csv, as a kill can leave) and resumed
   * with {@code --resume} gives the same metrics, alignment, summary and parameters, bit for bit,
   * as an uninterrupted run; so does one stopped before its first checkpoint.
   */
  @Test
  void aRunStoppedAfterACheckpointResumesToTheSameNumbers() throws IOException {
    Path file = config("small.json", CONFIG);
    assertEquals(0, run(file, "--quiet").code());
    List<String> expected = numbers(dir.resolve("runs/small"));

    for (int stopAfter : new int[] {17, 5}) {
      Path folder = dir.resolve("runs/small");
      RunConfig rc = RunConfig.read(file, "small");
      try (Run killed = Run.create(rc, folder, true)) {
        killed.trainUntil(stopAfter, Trainer.Progress.none());
        assertEquals(stopAfter, killed.iteration());
      }
      Files.write(folder.resolve("metrics.csv"), "18,eprop:feedback=ad".getBytes(
          StandardCharsets.UTF_8), StandardOpenOption.APPEND);
      assertEquals(stopAfter > 7, Files.exists(folder.resolve("checkpoint.bin")));
      assertFalse(Files.exists(folder.resolve("summary.md")));

      Cli.Result r = run(file, "--resume");
      assertEquals(0, r.code(), r.err());
      assertTrue(r.out().contains(stopAfter > 7 ? "(resumed after iteration 14)" : "30 iterations"
          + System.lineSeparator()), r.out());
      assertEquals(expected, numbers(folder), "stopped after iteration " + stopAfter);
      assertFalse(Files.exists(folder.resolve("checkpoint.bin")), "removed at the end");
      JsonNode resumed = Json.read(folder.resolve("config.json")).get("resumed");
      assertEquals(stopAfter > 7 ? 14 : 0, resumed.get(0).get("from_iteration").asInt());
    }
  }

  /**
   * A rule that updates online, measured per update against RTRL, with comparison rules
   * ({@code align_with}): alignment-pairs.csv holds every pair per group and measured iteration;
   * online RTRL and SnAp-2 (RTRL on this dense network) are RTRL's gradient of the same steps
   * (cosine 1), UORO is not; a run stopped after its checkpoint resumes to the same bytes of it.
   */
  @Test
  void comparisonRulesWriteTheMatrixAndResumeToTheSameNumbers() throws IOException {
    String text = CONFIG.replace("\"eprop:feedback=adaptive\"", "\"rtrl:online=2\"")
        .replace("adding:steps=8", "online-add:steps=8")
        .replace("\"checkpoint_every\": 7", "\"checkpoint_every\": 7,\n  \"align_with\":"
            + " [\"snap:n=2,online=1\", \"uoro:seed=3,online=1\"]");
    Path file = config("compared.json", text);
    assertEquals(0, run(file, "--quiet").code());
    Path folder = dir.resolve("runs/compared");
    List<String> pairs = Files.readAllLines(folder.resolve("alignment-pairs.csv"));
    assertEquals("iteration,seed,rule,other,group,cosine,updates", pairs.get(0));
    // 4 rules (the rule, rtrl:online=1, and the two comparisons): 6 pairs × 6 groups per iteration
    assertEquals(1 + 6 * 6 * 6, pairs.size(), "iterations 5, 10, ..., 30");
    for (String line : pairs.subList(1, pairs.size())) {
      List<String> f = List.of(line.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)"));
      double cosine = Double.parseDouble(f.get(5));
      boolean uoro = line.contains("uoro");
      boolean readout = f.get(4).equals("W_out") || f.get(4).equals("b_out");
      assertEquals("4", f.get(6), "8 steps with a loss each, an update every 2: " + line);
      if (!uoro || readout) {
        assertEquals(1.0, cosine, 1e-12, line);
      } else {
        assertTrue(cosine < 0.999, line);
      }
    }
    assertEquals(1.0, Double.parseDouble(Files.readAllLines(folder.resolve("alignment.csv"))
        .get(1).split(",")[4]), 1e-12, "online RTRL against RTRL per update");
    List<String> expected = new ArrayList<>(numbers(folder));
    expected.addAll(Files.readAllLines(folder.resolve("alignment-pairs.csv")));

    RunConfig rc = RunConfig.read(file, "compared");
    try (Run killed = Run.create(rc, folder, true)) {
      killed.trainUntil(17, Trainer.Progress.none());
    }
    assertTrue(Files.exists(folder.resolve("checkpoint.bin")));
    assertEquals(0, run(file, "--resume", "--quiet").code());
    List<String> resumed = new ArrayList<>(numbers(folder));
    resumed.addAll(Files.readAllLines(folder.resolve("alignment-pairs.csv")));
    assertEquals(expected, resumed);
  }

  /**
   * A network large enough for its products to be split (n = 128, batch 8: 2^18 flops a step
   * product, in two column parts): a run on two threads gives the numbers of one, and a run
   * stopped on one thread resumes on two to the same numbers.
   */
  @Test
  void aRunOnTwoThreadsGivesTheNumbersOfOneAndResumesOnEither() throws IOException {
    String large = CONFIG.replace("\"hidden\": 6", "\"hidden\": 128")
        .replace("\"batch_size\": 4", "\"batch_size\": 8")
        .replace("\"iterations\": 30", "\"iterations\": 9");
    Path one = config("one.json", large);
    Path two = config("two.json", large);
    assertEquals(0, run(one, "--quiet", "--threads", "1").code());
    Cli.Result r = run(two, "--quiet", "--threads", "2");
    assertEquals(0, r.code(), r.err());
    List<String> expected = numbers(dir.resolve("runs/one"));
    assertEquals(expected, numbers(dir.resolve("runs/two")));

    Path folder = dir.resolve("runs/two");
    try (Run killed = Run.create(RunConfig.read(two, "two"), folder, true)) {
      killed.trainUntil(8, Trainer.Progress.none());
    }
    assertTrue(Files.exists(folder.resolve("checkpoint.bin")), "checkpoint after iteration 7");
    assertEquals(0, run(two, "--resume", "--threads", "2").code());
    assertEquals(expected, numbers(folder));
    assertUsageError(run(two, "--force", "--threads", "0"), "--threads", "0");
  }

  /** A run on two threads holds one helper thread of products, which its closing ends. */
  @Test
  void aRunOnTwoThreadsEndsItsHelperWhenClosed() throws IOException, InterruptedException {
    RunConfig rc = RunConfig.read(config("large.json", CONFIG.replace("\"hidden\": 6",
        "\"hidden\": 128")), "large");
    Set<Thread> before = productThreads();
    List<Thread> helpers = new ArrayList<>();
    try (AtomicFiles.StagedFolder stage =
        AtomicFiles.stage(dir.resolve("runs/large"), false);
        Run run = Run.create(rc, stage, 2)) {
      for (Thread t : productThreads()) {
        if (!before.contains(t)) {
          helpers.add(t);
        }
      }
      assertEquals(1, helpers.size(), "one helper besides the training's own thread");
      run.trainUntil(2, Trainer.Progress.none());
    }
    helpers.get(0).join(10_000);
    assertFalse(helpers.get(0).isAlive(), "ended by Run.close");
  }

  private static Set<Thread> productThreads() {
    Set<Thread> threads = new HashSet<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith("bpttlab-products-") && t.isAlive()) {
        threads.add(t);
      }
    }
    return threads;
  }

  @Test
  void resumingNeedsAnUnfinishedRunOfTheSameConfig() throws IOException {
    Path file = config("small.json", CONFIG);
    assertUsageError(run(file, "--resume"), "--resume", "there is no run");
    assertEquals(0, run(file).code());
    assertUsageError(run(file, "--resume"), "--resume", "is complete");
    assertUsageError(run(file), "--runs-dir", "its run is complete: choose another name or add --force");
    assertUsageError(run(file, "--resume", "--force"), "--resume", "exclude each other");
    Files.delete(dir.resolve("runs/small/summary.md"));
    Path other = config("small.json", CONFIG.replace("\"seed\": 4", "\"seed\": 5"));
    assertUsageError(run(other, "--resume"), "--resume", "differs from");
    assertUsageError(run(other, "--resume"), "--resume", "in seed;");
    assertEquals(0, run(other, "--force").code(), "--force replaces the run");
    assertEquals(5, Json.read(dir.resolve("runs/small/config.json")).get("seed").asInt());
  }

  static Stream<Arguments> badConfigs() {
    return Stream.of(
        Arguments.of("unknown task", CONFIG.replace("adding:steps=8", "addding"),
            "task: unknown task 'addding'; allowed: adding, adding-1997, copy"),
        Arguments.of("negative size", CONFIG.replace("\"hidden\": 6", "\"hidden\": -3"),
            "network.hidden must be an integer in 1..46340, was -3"),
        Arguments.of("NaN", CONFIG.replace("\"learning_rate\": 0.01", "\"learning_rate\": NaN"),
            "optimizer.learning_rate"),
        Arguments.of("NaN in the network", CONFIG.replace("\"alpha\": 0.8", "\"alpha\": NaN"),
            "network.alpha must be a finite number, was NaN"),
        Arguments.of("missing field", CONFIG.replace("\"iterations\": 30,", ""),
            "iterations is missing"),
        Arguments.of("missing network field", CONFIG.replace("\"hidden\": 6, ", ""),
            "network.hidden is missing"),
        Arguments.of("unknown field", CONFIG.replace("\"seed\": 4,", "\"seed\": 4, \"sed\": 1,"),
            "sed is not a field here; the fields are name, task, network"),
        Arguments.of("field of another cell", CONFIG.replace("\"alpha\": 0.8",
            "\"tau_mem_ms\": 10"), "network.tau_mem_ms applies to spiking cells"),
        Arguments.of("wrong type", CONFIG.replace("\"batch_size\": 4", "\"batch_size\": \"4\""),
            "batch_size must be an integer >= 1, was \"4\""),
        Arguments.of("fraction", CONFIG.replace("\"batch_size\": 4", "\"batch_size\": 4.5"),
            "batch_size must be an integer >= 1, was 4.5"),
        Arguments.of("out of range", CONFIG.replace("\"alpha\": 0.8", "\"alpha\": 1.5"),
            "network.alpha must be in (0, 1], was 1.5"),
        Arguments.of("unknown rule", CONFIG.replace("eprop:feedback=adaptive", "eprob"),
            "rule: unknown rule 'eprob'; allowed: bptt"),
        Arguments.of("bad rule option", CONFIG.replace("feedback=adaptive", "feedback=mirror"),
            "rule: rule eprop option"),
        Arguments.of("rule for another cell", CONFIG.replace("eprop:feedback=adaptive", "rflo")
            .replace("\"cell\": \"rate\", \"hidden\": 6, \"alpha\": 0.8",
                "\"cell\": \"lif\", \"hidden\": 6"), "rule: rule rflo applies to the rate cell"),
        Arguments.of("bad optimizer", CONFIG.replace("\"kind\": \"adam\"", "\"kind\": \"adamw\""),
            "optimizer.kind must be one of sgd, momentum, adam, rprop"),
        Arguments.of("optimizer field of another kind", CONFIG.replace("\"kind\": \"adam\"",
            "\"kind\": \"sgd\", \"beta1\": 0.8"),
            "optimizer.beta1 applies to kind adam only, not sgd"),
        Arguments.of("zero cadence", CONFIG.replace("\"checkpoint_every\": 7",
            "\"checkpoint_every\": 0"), "checkpoint_every must be an integer >= 1, was 0"),
        Arguments.of("bad name", CONFIG.replace("{", "{\"name\": \"../up\","),
            "name must be a folder name"),
        Arguments.of("not JSON", CONFIG.replace("\"seed\": 4,", "\"seed\": 4"),
            "not valid JSON at line 7"),
        Arguments.of("duplicate field", CONFIG.replace("\"seed\": 4,", "\"seed\": 4, \"seed\": 5,"),
            "not valid JSON at line 6, column 20: duplicate field 'seed'"),
        Arguments.of("a character out of place", CONFIG.replace("\"seed\": 4,", "\"seed\": 4,}"),
            "not valid JSON at line 6, column 13: unexpected character '}': was expecting"
                + " double-quote to start field name"),
        Arguments.of("trailing garbage", CONFIG + "\n{\"seed\": 5}",
            "not valid JSON at line 15, column 1: something follows the config's closing brace"),
        Arguments.of("cut short", "[1, 2", "not valid JSON at line 1, column 6: unexpected"
            + " end-of-input: expected close marker for Array"),
        Arguments.of("an old compare config", "{\"command\": \"compare\", \"task\": {\"spec\":"
            + " \"adding:steps=20,encoding=rate\"}}", "task is an object: this config.json was"
            + " written by a compare before its configs could be run; give \"task\":"
            + " \"adding:steps=20,encoding=rate\""),
        Arguments.of("another command's config", "{\"command\": \"reproduce\"}",
            "command is \"reproduce\": this is the config.json of another command"),
        Arguments.of("a comparison of two rules",
            CONFIG.replace("\"rule\": \"eprop:feedback=adaptive\"",
                "\"rules\": [\"bptt\", \"readout-only\"]"),
            "rules: run trains one rule and this config has 2 (bptt, readout-only); give"
                + " \"rule\": one of them in place of \"rules\""),
        Arguments.of("a comparison of two seeds", CONFIG.replace("\"seed\": 4",
            "\"seeds\": [4, 5]"), "seeds: run trains one seed and this config has 2 [4, 5]"),
        Arguments.of("rule and rules", CONFIG.replace("\"seed\": 4",
            "\"seed\": 4, \"rules\": [\"bptt\"]"), "rule and rules exclude each other"),
        // issue 27
        Arguments.of("eval_sequences beyond its bound", CONFIG.replace("\"eval_sequences\": 8",
            "\"eval_sequences\": 2147483647"), "eval_sequences must be an integer in 0..1048576"),
        Arguments.of("a huge network", CONFIG.replace("\"hidden\": 6", "\"hidden\": 30000"),
            "this run would need about"),
        Arguments.of("a huge batch", CONFIG.replace("\"batch_size\": 4",
            "\"batch_size\": 2147483647"), "batch_size x state is too large: it needs an array of"),
        Arguments.of("RTRL's influence", CONFIG.replace("eprop:feedback=adaptive", "rtrl")
            .replace("\"hidden\": 6", "\"hidden\": 3000"), "this run would need about"),
        Arguments.of("a NUL in the rule", CONFIG.replace("eprop:feedback=adaptive",
            "eprop\\u0000"), "rule: rule must be printable text, was 'eprop\\u0000' with the"
            + " control character U+0000"),
        Arguments.of("a tab in the task", CONFIG.replace("adding:steps=8", "adding:steps=8\\t"),
            "task: task must be printable text"),
        Arguments.of("a stray letter", CONFIG.replace("\"seed\": 4", "\"seed\": 4\u00e9"),
            "not valid JSON"),
        Arguments.of("no rules", CONFIG.replace("\"rule\": \"eprop:feedback=adaptive\"",
            "\"rules\": []"), "rules must hold at least one entry, was []"));
  }

  /** Bad config: exit code 2, one line naming the file and the field, and nothing written. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("badConfigs")
  void aBadConfigFailsWithOneLineAndWritesNothing(String what, String text, String message)
      throws IOException {
    Path file = config("bad.json", text);
    Cli.Result r = run(file);
    assertUsageError(r, "CONFIG", file + ": " + message);
    assertEquals(List.of(), list(dir.resolve("runs")), "nothing written");
    assertEquals(List.of("bad.json"), list(dir));
  }

  /** Latin-1 bytes are not UTF-8: the message says so, with the byte and its line. */
  @Test
  void aConfigThatIsNotUtf8IsRefusedNamingTheByte() throws IOException {
    Path file = dir.resolve("latin.json");
    Files.write(file, CONFIG.replace("\"seed\": 4,", "\"seed\": 4, \"name\": \"r\u00e9\",")
        .getBytes(StandardCharsets.ISO_8859_1));
    assertUsageError(run(file), "CONFIG", file + ": not UTF-8 text: byte 0xE9 at line 6");
    assertEquals(List.of(), list(dir.resolve("runs")));
  }

  @Test
  void aMissingConfigFileIsAUsageError() {
    Cli.Result r = run(dir.resolve("nope.json"));
    assertUsageError(r, "CONFIG", "there is no file");
  }

  /**
   * NaN/Inf stops the run with one line naming the iteration, the rule and the parameter group,
   * exit code 1, and keeps everything written so far.
   */
  @Test
  void aDivergingRunStopsNamingTheGroupAndKeepsItsRows() throws IOException {
    Path file = config("boom.json", CONFIG.replace("\"kind\": \"adam\", \"learning_rate\": 0.01,"
        + " \"clip_norm\": 1.0", "\"kind\": \"sgd\", \"learning_rate\": 1e300")
        .replace("eprop:feedback=adaptive", "readout-only").replace("\"eval_every\": 3",
            "\"eval_every\": 1"));
    Cli.Result r = run(file);
    assertEquals(1, r.code(), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().startsWith("bpttlab run: rule readout-only diverged at iteration 2: loss is"
        + " NaN; the largest parameters are in b_out"), r.err());
    Path run = dir.resolve("runs/boom");
    List<String> metrics = Files.readAllLines(run.resolve("metrics.csv"));
    assertEquals(2, metrics.size(), "the row of iteration 1 is kept");
    assertTrue(Files.readString(run.resolve("summary.md")).contains("diverged at iteration 2"));
    // summary.csv gives NaN for the final loss and metric, and where it diverged
    List<String> summary = Files.readAllLines(run.resolve("summary.csv"));
    assertEquals(2, summary.size());
    List<String> row = List.of(summary.get(1).split(",", -1));
    assertEquals(List.of("readout-only", "NaN", "NaN"), List.of(row.get(0), row.get(2),
        row.get(3)));
    assertEquals("2", row.get(row.size() - 1));
  }

  private static void assertUsageError(Cli.Result r, String option, String message) {
    assertEquals(2, r.code(), r.err());
    assertEquals("", r.out());
    assertEquals(1, r.err().lines().count(), "one line: " + r.err());
    assertTrue(r.err().startsWith("bpttlab run: "), r.err());
    assertTrue(r.err().contains(option), "names " + option + ": " + r.err());
    assertTrue(r.err().contains(message), "says " + message + ": " + r.err());
  }

  @Test
  void parametersAreWrittenInTheirShapes() throws IOException {
    assertEquals(0, run(config("small.json", CONFIG)).code());
    assertArrayEquals(new int[] {6, 6},
        Npy.read(dir.resolve("runs/small/parameters/W_rec.npy")).shape());
    assertArrayEquals(new int[] {6}, Npy.read(dir.resolve("runs/small/parameters/b.npy")).shape());
  }
}
