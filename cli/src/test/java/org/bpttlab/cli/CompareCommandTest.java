package org.bpttlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.bpttlab.core.LossKind;
import org.bpttlab.core.NetworkSpec;
import org.bpttlab.core.RateCellSpec;
import org.bpttlab.core.SpikingCellSpec;
import org.bpttlab.core.net.Network;
import org.bpttlab.experiment.codec.OptimizerCodec;
import org.bpttlab.experiment.io.Json;
import org.bpttlab.experiment.run.RunConfig;
import org.bpttlab.rules.RuleSpec;
import org.bpttlab.rules.Rules;
import org.bpttlab.rules.optim.OptimizerSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareCommandTest {
  @TempDir Path dir;

  private Cli.Result compare(String name, String... extra) {
    List<String> args = new ArrayList<>(List.of("compare", "--iterations", "20", "--seq-len", "10",
        "--hidden", "8", "--batch", "8", "--eval-every", "5", "--eval-sequences", "16",
        "--runs-dir", dir.resolve("runs").toString(), "--name", name));
    args.addAll(List.of(extra));
    return Cli.run(args.toArray(String[]::new));
  }

  /**
   * A task's own defaults apply unless the user sets them: {@code --task evidence} without
   * {@code --seq-len} runs the 2250-step task (it used to be refused as "steps must be >= 1200"),
   * a task spec sets its options, and the config records them with the frozen groups.
   */
  @Test
  void aTaskRunsWithItsOwnDefaultsUnlessTheyAreGiven() throws IOException {
    Path runs = dir.resolve("runs");
    Cli.Result r = Cli.run("compare", "--task", "evidence", "--cell", "lif", "--hidden", "4",
        "--iterations", "1", "--batch", "1", "--eval-sequences", "0", "--rules", "bptt",
        "--frozen", "b_out", "--readout-unit-gain", "--runs-dir", runs.toString(), "--name", "ev");
    assertEquals(0, r.code(), r.err());
    JsonNode config = Json.read(runs.resolve("ev/config.json"));
    assertEquals(2250, config.at("/resolved/task/steps").asInt());
    assertEquals("evidence:cues=7,steps=2250,encoding=spiking",
        config.at("/resolved/task/spec").asText());
    assertEquals("[\"b_out\"]", config.get("frozen").toString());
    assertTrue(config.at("/resolved/network/readout/unit_gain").asBoolean());
    r = Cli.run("compare", "--task", "evidence:cues=3", "--cell", "lif", "--hidden", "4",
        "--iterations", "1", "--batch", "1", "--eval-sequences", "0", "--rules", "bptt",
        "--runs-dir", runs.toString(), "--name", "ev3");
    assertEquals(0, r.code(), r.err());
    assertEquals(1650,
        Json.read(runs.resolve("ev3/config.json")).at("/resolved/task/steps").asInt());
    r = Cli.run("compare", "--task", "evidence:steps=1500", "--seq-len", "900",
        "--runs-dir", runs.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--seq-len") && r.err().contains("option steps is given by the"
        + " sequence length 900"), r.err());
    r = Cli.run("compare", "--frozen", "W_rec,b_rec", "--runs-dir", runs.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("Invalid value for option '--frozen': frozen must name the"
        + " network's parameter groups (W_in, W_rec, b, W_out, b_out), was \"b_rec\""), r.err());
  }

  @Test
  void writesConfigMetricsAndSummaryReproducibly() throws IOException {
    Cli.Result r = compare("a");
    assertEquals(0, r.code(), r.err());
    assertEquals("", r.err());
    Path run = dir.resolve("runs/a");
    try (Stream<Path> s = Files.list(run)) {
      assertEquals(List.of("alignment.csv", "config.json", "figures", "metrics.csv",
              "parameters", "report.html", "summary.csv", "summary.md"),
          s.map(p -> p.getFileName().toString()).sorted().toList());
    }
    try (Stream<Path> s = Files.list(run.resolve("parameters"))) {
      assertEquals(List.of("seed1-rule1", "seed1-rule2"),
          s.map(p -> p.getFileName().toString()).sorted().toList(), "a folder per rule and seed");
    }
    List<String> metrics = Files.readAllLines(run.resolve("metrics.csv"));
    assertEquals("iteration,rule,seed,loss,mse,grad_norm,seconds,peak_doubles,flops_per_step",
        metrics.get(0));
    assertEquals(1 + 2 * 4, metrics.size(), "4 rows (5, 10, 15, 20) for each of 2 rules");
    assertTrue(metrics.get(1).startsWith("5,bptt,1,"), metrics.get(1));
    assertTrue(metrics.get(8).startsWith("20,readout-only,1,"), metrics.get(8));
    for (String line : metrics.subList(1, metrics.size())) {
      String[] f = line.split(",");
      assertEquals(9, f.length, line);
      for (int i : new int[] {3, 4, 5, 6, 8}) {
        assertTrue(Double.isFinite(Double.parseDouble(f[i])), line);
      }
      assertTrue(Long.parseLong(f[7]) > 0, line);
    }
    List<String> summary = Files.readAllLines(run.resolve("summary.csv"));
    assertEquals(3, summary.size());
    assertTrue(summary.get(0).startsWith("rule,seed,loss,mse,baseline,"), summary.get(0));
    List<String> alignment = Files.readAllLines(run.resolve("alignment.csv"));
    assertEquals("iteration,rule,seed,group,cosine,norm_ratio,sign_agreement,rule_norm,bptt_norm",
        alignment.get(0));
    // every --eval-every (the default --align-every) iterations, 6 groups (all, W_in, W_rec, b,
    // W_out, b_out), 2 rules
    assertEquals(1 + 4 * 6 * 2, alignment.size());
    assertEquals("5,bptt,1,all,1.0,1.0,1.0", alignment.get(1).substring(0, 24));
    assertTrue(alignment.get(1 + 4 * 6 + 1).startsWith("5,readout-only,1,W_in,0.0,0.0,0.0,0.0,"),
        alignment.get(1 + 4 * 6 + 1));

    JsonNode config = Json.read(run.resolve("config.json"));
    assertEquals("compare", config.get("command").asText());
    assertEquals("adding", config.at("/resolved/task/name").asText());
    assertEquals(10, config.at("/resolved/task/steps").asInt());
    assertEquals("rate", config.at("/resolved/network/cell/kind").asText());
    assertEquals(8, config.at("/resolved/network/hidden").asInt());
    assertEquals("bptt", config.at("/rules/0").asText());
    assertEquals("readout-only", config.at("/rules/1").asText());
    assertEquals("adam", config.at("/optimizer/kind").asText());
    assertEquals(0.002, config.at("/optimizer/learning_rate").asDouble());
    assertEquals(0.9, config.at("/optimizer/beta1").asDouble());
    assertEquals(0.999, config.at("/optimizer/beta2").asDouble());
    assertEquals(1e-8, config.at("/optimizer/epsilon").asDouble());
    assertEquals(1.0, config.at("/optimizer/clip_norm").asDouble());
    assertEquals(0.0, config.at("/optimizer/clip_value").asDouble());
    assertEquals("[1]", config.get("seeds").toString());
    assertEquals(20, config.get("iterations").asInt());
    assertEquals(8, config.get("batch_size").asInt());
    assertEquals(5, config.get("eval_every").asInt());
    for (String key : List.of("version", "git_commit", "java_version", "java_vm_name", "date")) {
      assertTrue(config.at("/producer/" + key).isTextual(), key);
    }
    assertTrue(config.at("/producer/vector_bits").asInt() >= 64, "vector_bits");
    assertTrue(r.out().contains("bptt") && r.out().contains("readout-only"), r.out());

    Cli.Result again = compare("b", "--threads", "1");
    assertEquals(0, again.code(), again.err());
    Path run2 = dir.resolve("runs/b");
    assertEquals(Cli.withoutColumn(run.resolve("metrics.csv"), "seconds"),
        Cli.withoutColumn(run2.resolve("metrics.csv"), "seconds"));
    assertEquals(Cli.withoutColumn(run.resolve("summary.csv"), "train_seconds"),
        Cli.withoutColumn(run2.resolve("summary.csv"), "train_seconds"));

    Cli.Result other = compare("c", "--seed", "2");
    assertEquals(0, other.code(), other.err());
    assertTrue(!Cli.withoutColumn(run.resolve("metrics.csv"), "seconds")
        .equals(Cli.withoutColumn(dir.resolve("runs/c/metrics.csv"), "seconds")), "seed matters");
  }

  /**
   * --seeds 2: seeds 1 and 2 in parallel give the same files as one after the other; metrics,
   * alignment and summary rows carry the seed; summary.md gives means with 95% confidence
   * intervals and paired tests against the first rule.
   */
  @Test
  void seedsInParallelWriteTheSameNumbersAsOneAfterTheOther() throws IOException {
    assertEquals(0, compare("par", "--seeds", "2", "--threads", "2").code());
    assertEquals(0, compare("seq", "--seeds", "2", "--threads", "1").code());
    Path par = dir.resolve("runs/par");
    Path seq = dir.resolve("runs/seq");
    assertEquals(Cli.withoutColumn(seq.resolve("metrics.csv"), "seconds"),
        Cli.withoutColumn(par.resolve("metrics.csv"), "seconds"));
    assertEquals(Files.readAllLines(seq.resolve("alignment.csv")),
        Files.readAllLines(par.resolve("alignment.csv")));
    assertEquals(Cli.withoutColumn(seq.resolve("summary.csv"), "train_seconds"),
        Cli.withoutColumn(par.resolve("summary.csv"), "train_seconds"));
    List<String> summary = Files.readAllLines(par.resolve("summary.csv"));
    assertEquals(List.of("bptt,1", "readout-only,1", "bptt,2", "readout-only,2"),
        summary.subList(1, 5).stream().map(l -> l.split(",")[0] + "," + l.split(",")[1]).toList());
    List<String> metrics = Files.readAllLines(par.resolve("metrics.csv"));
    assertTrue(metrics.get(metrics.size() - 1).startsWith("20,readout-only,2,"));
    String md = Files.readString(par.resolve("summary.md"));
    assertTrue(md.contains("95% confidence interval"), md);
    assertTrue(md.contains("Paired tests of the final loss against bptt"), md);
    assertTrue(md.contains("| readout-only | 2 | "), md);
    assertEquals("[1,2]", Json.read(par.resolve("config.json")).get("seeds").toString());
  }

  /** Whether a rule trains a network of the given cell (some apply to one kind only). */
  private static boolean applies(String rule, NetworkSpec net) {
    try {
      Rules.create(RuleSpec.of(rule)).begin(new Network(net), new Network(net).newParameters(), 2);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * Every rule in the registry (a rule that lands later is included by being registered) trains
   * in compare beside BPTT and fills alignment.csv: a row per measured iteration and group, with a
   * cosine in [-1, 1] over all parameters. Rules that do not apply to the rate cell run on LIF.
   * {@code readout} is short for readout-only (a unique prefix).
   */
  @Test
  void everyRuleThatHasLandedFillsAlignmentCsv() throws IOException {
    java.util.Set<String> covered = new java.util.HashSet<>(List.of("readout-only"));
    for (String cellName : List.of("rate", "lif")) {
      NetworkSpec net = NetworkSpec.of(2, cellName.equals("rate") ? RateCellSpec.vanilla(4)
          : SpikingCellSpec.lif(4), 1, LossKind.MSE);
      List<String> rules = new ArrayList<>(List.of("bptt", "readout"));
      for (String r : Rules.names()) {
        boolean here = applies(r, net) && (cellName.equals("rate")
            || !applies(r, NetworkSpec.of(2, RateCellSpec.vanilla(4), 1, LossKind.MSE)));
        if (here && !List.of("bptt", "readout-only").contains(r)) {
          rules.add(r);
        }
      }
      covered.addAll(rules);
      Cli.Result r = Cli.run("compare", "--task", "adding", "--cell", cellName, "--rules",
          String.join(",", rules), "--iterations", "4", "--seq-len", "6", "--hidden", "4",
          "--batch", "2", "--eval-every", "2", "--eval-sequences", "2", "--runs-dir",
          dir.resolve("runs").toString(), "--name", cellName);
      assertEquals(0, r.code(), r.err());
      assertEquals("readout-only",
          Json.read(dir.resolve("runs/" + cellName + "/config.json")).at("/rules/1").asText());
      List<String> lines = Files.readAllLines(dir.resolve("runs/" + cellName + "/alignment.csv"));
      int groups = cellName.equals("rate") ? 6 : 5;
      assertEquals(1 + rules.size() * 2 * groups, lines.size(), "iterations 2 and 4");
      for (String line : lines.subList(1, lines.size())) {
        String[] f = line.split(",");
        if (f[3].equals("all")) {
          double cosine = Double.parseDouble(f[4]);
          assertTrue(cosine >= -1 && cosine <= 1, line);
        }
      }
    }
    assertTrue(covered.containsAll(Rules.names()), "every rule ran: " + covered);
  }

  @Test
  void configRecordsEveryHyperparameterOfTheOptimizer() throws IOException {
    Cli.Result r = compare("m", "--optimizer", "momentum", "--momentum", "0.5", "--nesterov",
        "--lr", "0.01", "--clip-value", "0.1", "--rules", "bptt");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("momentum 0.5 (nesterov) lr 0.01, clip 1.0, clip-value 0.1"),
        r.out());
    JsonNode m = Json.read(dir.resolve("runs/m/config.json")).get("optimizer");
    assertEquals("momentum", m.get("kind").asText());
    assertEquals(0.01, m.get("learning_rate").asDouble());
    assertEquals(0.5, m.get("momentum").asDouble());
    assertTrue(m.get("nesterov").asBoolean());
    assertEquals(1.0, m.get("clip_norm").asDouble());
    assertEquals(0.1, m.get("clip_value").asDouble());
    assertEquals(OptimizerSpec.momentum(0.01, 0.5).withNesterov(true).withClipNorm(1)
        .withClipValue(0.1), OptimizerCodec.read(m));

    r = compare("r", "--optimizer", "rprop", "--lr", "0.001", "--clip-norm", "0", "--rules",
        "bptt");
    assertEquals(0, r.code(), r.err());
    JsonNode rp = Json.read(dir.resolve("runs/r/config.json")).get("optimizer");
    assertEquals("rprop", rp.get("kind").asText());
    assertEquals(List.of(0.001, 0.5, 1.2, 1e-6, 50.0, 0.0, 0.0),
        Stream.of("learning_rate", "step_decrease", "step_increase", "min_step", "max_step",
            "clip_norm", "clip_value").map(f -> rp.get(f).asDouble()).toList());
    assertEquals(OptimizerSpec.rprop(0.001), OptimizerCodec.read(rp));
  }

  /**
   * A rule that diverges stops alone: the others train on, everything is written (the diverged
   * rule's rows up to its divergence), summary.md says what happened, and the exit code is 1 with
   * one line naming the rule, the iteration and the parameter group.
   */
  @Test
  void aDivergingRuleKeepsWhatWasWrittenAndExitsWithOne() throws IOException {
    Cli.Result r = Cli.run("compare", "--iterations", "3", "--seq-len", "10", "--hidden", "8",
        "--batch", "8", "--eval-every", "1", "--align-every", "0", "--eval-sequences", "16",
        "--runs-dir", dir.resolve("runs").toString(), "--name", "boom", "--optimizer", "sgd",
        "--lr", "1e300", "--clip-norm", "0", "--rules", "readout-only,bptt");
    assertEquals(1, r.code(), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().startsWith("bpttlab compare: rule readout-only diverged at iteration 2:"
        + " loss is NaN; the largest parameters are in b_out"), r.err());
    Path run = dir.resolve("runs/boom");
    List<String> metrics = Files.readAllLines(run.resolve("metrics.csv"));
    assertTrue(metrics.get(1).startsWith("1,readout-only,1,"), metrics.get(1));
    assertTrue(metrics.get(2).startsWith("1,bptt,1,"), "readout-only has its row of iteration 1"
        + " only: " + metrics.get(2));
    assertTrue(Files.readString(run.resolve("summary.md")).contains(
        "- seed 1: rule readout-only diverged at iteration 2"));
    assertTrue(Files.readAllLines(run.resolve("summary.csv")).get(1).endsWith(",2"));
    assertTrue(r.out().contains("diverged"), r.out());
  }

  @Test
  void defaultNameAndSpikingCells() throws IOException {
    List<String> args = List.of("compare", "--iterations", "3", "--seq-len", "6", "--hidden", "5",
        "--batch", "4", "--cell", "alif", "--rules", "bptt", "--eval-sequences", "0",
        "--runs-dir", dir.resolve("runs").toString(), "--seed", "7");
    Cli.Result r = Cli.run(args.toArray(String[]::new));
    assertEquals(0, r.code(), r.err());
    Path run = dir.resolve("runs/compare-adding-alif-7");
    assertEquals(2, Files.readAllLines(run.resolve("metrics.csv")).size());
    JsonNode config = Json.read(run.resolve("config.json"));
    assertEquals(20.0, config.at("/resolved/network/readout/tau_out_ms").asDouble(),
        "leaky readout");
    assertEquals(5, config.at("/resolved/network/cell/adaptive_neurons").asInt());
  }

  /**
   * compare's config.json is a config run reads: with one rule and one seed it runs, as
   * {@code <name>-<rule>} beside the comparison, to the comparison's numbers; the specs read back
   * are those compare trained with.
   */
  @Test
  void runTrainsACompareConfigOfOneRuleToTheSameNumbers() throws IOException {
    Cli.Result r = compare("one", "--rules", "tbptt:k1=3", "--seed", "3", "--cell", "lif",
        "--tau-mem", "15", "--optimizer", "momentum", "--nesterov", "--frozen", "b_out");
    assertEquals(0, r.code(), r.err());
    Path compared = dir.resolve("runs/one");
    RunConfig read = RunConfig.read(compared.resolve("config.json"), "config");
    assertEquals("one-tbptt", read.name());
    assertEquals(List.of(RuleSpec.parse("tbptt:k1=3")), List.of(read.rule()));
    assertEquals(3, read.seed());
    assertEquals(15.0, ((SpikingCellSpec) read.network().cell()).tauMemMs());
    assertEquals(OptimizerSpec.momentum(0.002, 0.9).withNesterov(true).withClipNorm(1),
        read.optimizer());
    assertEquals(List.of("b_out"), read.frozen());
    assertEquals(16, read.training().evalBatches() * read.batchSize());

    Cli.Result ran = Cli.run("run", compared.resolve("config.json").toString(), "--runs-dir",
        dir.resolve("runs").toString());
    assertEquals(0, ran.code(), ran.err());
    Path run = dir.resolve("runs/one-tbptt");
    for (String file : List.of("metrics.csv", "alignment.csv")) {
      assertEquals(Cli.withoutColumn(compared.resolve(file), "seconds"),
          Cli.withoutColumn(run.resolve(file), "seconds"), file);
    }
  }
}
