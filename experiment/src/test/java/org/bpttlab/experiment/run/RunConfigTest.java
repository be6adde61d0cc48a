package org.bpttlab.experiment.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bpttlab.core.NetworkSpec;
import org.bpttlab.core.RateCellSpec;
import org.bpttlab.core.SpikingCellSpec;
import org.bpttlab.core.Surrogate;
import org.bpttlab.experiment.io.Json;
import org.bpttlab.experiment.train.HeldOut;
import org.bpttlab.rules.RuleSpec;
import org.bpttlab.rules.optim.OptimizerSpec;
import org.bpttlab.tasks.Task;
import org.bpttlab.tasks.Tasks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunConfigTest {
  @TempDir Path dir;

  private static JsonNode parse(String text) throws IOException {
    return Json.mapper().readTree(text);
  }

  @Test
  void defaultsAreFilledInAndWrittenOut() throws IOException {
    RunConfig c = RunConfig.fromJson(parse("""
        {"task": "copy:delay=5", "network": {"cell": "alif", "hidden": 8, "adaptive_neurons": 3},
         "rule": "eprop", "optimizer": {"kind": "sgd", "learning_rate": 0.1}, "seed": -7,
         "iterations": 20, "batch_size": 2}
        """), "fallback");
    assertEquals("fallback", c.name());
    assertEquals(-7, c.seed());
    assertEquals(10, c.evalEvery());
    assertEquals(1024, c.evalSequences());
    assertEquals(10, c.alignEvery(), "align_every defaults to eval_every");
    assertEquals(100, c.checkpointEvery());
    Task copy = Tasks.create("copy:delay=5");
    assertEquals(copy.spec(), c.task());
    SpikingCellSpec cell = (SpikingCellSpec) c.network().cell();
    assertEquals(SpikingCellSpec.alif(8).withAdaptiveNeurons(3), cell);
    assertEquals(NetworkSpec.of(copy.inputs(), cell, copy.outputs(), copy.loss()), c.network());
    assertEquals(OptimizerSpec.sgd(0.1), c.optimizer());
    assertEquals(RuleSpec.of("eprop"), c.rule());
    assertEquals(c, RunConfig.fromJson(c.toJson(), "other-name-unused"));
  }

  /** Every field read back from what is written (the JSON round trip of the specs). */
  @Test
  void roundTripsForEveryCell() throws IOException {
    Task adding = Tasks.create("adding:steps=12");
    NetworkSpec rate = NetworkSpec.of(adding.inputs(), new RateCellSpec(7, 0.25, true, 0.1),
        adding.outputs(), adding.loss()).withReadout(new org.bpttlab.core.ReadoutSpec(3, 1, true))
        .withInit(org.bpttlab.core.InitSpec.orthogonal()
            .withOutput(org.bpttlab.core.InitSpec.OutputInit.UNIFORM, 0.1));
    NetworkSpec lif = NetworkSpec.of(adding.inputs(), SpikingCellSpec.lif(5)
        .withSurrogate(Surrogate.FAST_SIGMOID).withRefractorySteps(0).withThreshold(0.4)
        .withDetachReset(true), adding.outputs(), adding.loss())
        .withRegularizer(new org.bpttlab.core.RateRegularizerSpec(0.5, 12));
    NetworkSpec alif = NetworkSpec.of(adding.inputs(), SpikingCellSpec.alif(6)
        .withAdaptiveNeurons(2).withBeta(1.7).withTimeConstants(15, 800).withDtMs(0.5),
        adding.outputs(), adding.loss());
    for (NetworkSpec net : java.util.List.of(rate, lif, alif,
        rate.withProducts(org.bpttlab.kernels.Products.FLOAT32))) {
      RunConfig c = new RunConfig("x", adding.spec(), net, RuleSpec.parse("tbptt:k1=2,k2=4"),
          OptimizerSpec.momentum(0.01, 0.5).withNesterov(true).withClipValue(0.2), 3, 5, 2, 1,
          0, 0, 2, List.of("W_in", "b_out"));
      Path file = dir.resolve("c.json");
      Json.write(file, c.toJson());
      RunConfig back = RunConfig.read(file, null);
      assertEquals(c, back);
      assertNull(c.firstDifference(back));
      assertEquals(net, back.network());
    }
  }

  @Test
  void theFirstDifferingFieldIsNamed() throws IOException {
    ObjectNode a = small("rate").put("name", "a");
    RunConfig x = RunConfig.fromJson(a, null);
    a.put("batch_size", 3);
    assertEquals("batch_size", x.firstDifference(RunConfig.fromJson(a, null)));
    ((ObjectNode) a.get("network")).put("alpha", 0.5);
    assertEquals("network", x.firstDifference(RunConfig.fromJson(a, null)));
  }

  @Test
  void heldOutDefaultsToValidationAndTestIsWrittenAndRead() throws IOException {
    ObjectNode a = small("rate").put("name", "h");
    RunConfig v = RunConfig.fromJson(a, null);
    assertEquals(HeldOut.VALIDATION, v.heldOut());
    assertEquals("validation", v.toJson().get("held_out").asText());
    assertTrue(v.written().at("/resolved/random_streams/held_out_batch").asText()
        .contains("seeds.derive(\"eval\", k)"));
    a.put("held_out", "test");
    RunConfig t = RunConfig.fromJson(a, null);
    assertEquals(HeldOut.TEST, t.heldOut());
    assertEquals(HeldOut.TEST, t.training().heldOut());
    assertEquals(t, RunConfig.fromJson(t.toJson(), null));
    assertTrue(t.written().at("/resolved/random_streams/held_out_batch").asText()
        .contains("seeds.derive(\"test\", k)"));
    assertEquals("held_out", v.firstDifference(t));
    a.put("held_out", "train");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RunConfig.fromJson(a, null));
    assertEquals("held_out must be validation or test, was \"train\"", e.getMessage());
  }

  @Test
  void productsDefaultToFloat64AndABadValueIsNamed() throws IOException {
    ObjectNode a = small("rate");
    assertEquals(org.bpttlab.kernels.Products.FLOAT64,
        RunConfig.fromJson(a, "x").network().products());
    ((ObjectNode) a.get("network")).put("products", "float32");
    assertEquals(org.bpttlab.kernels.Products.FLOAT32,
        RunConfig.fromJson(a, "x").network().products());
    ((ObjectNode) a.get("network")).put("products", "half");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RunConfig.fromJson(a, "x"));
    assertEquals("network.products must be float64 or float32, was 'half'", e.getMessage());
  }

  /**
   * The spiking graph: the reset differentiated unless {@code detach_reset}; a config written before
   * that field carries {@code reset_gradient}, read as its negation; both at once are refused, and
   * so are a bad {@code frozen} and {@code output_init}.
   */
  @Test
  void theResetGraphAndItsLegacyFieldAreRead() throws IOException {
    ObjectNode a = small("lif");
    ObjectNode net = (ObjectNode) a.get("network");
    assertFalse(detached(a), "by default the reset is differentiated");
    net.put("detach_reset", true);
    assertTrue(detached(a));
    net.remove("detach_reset");
    net.put("reset_gradient", false);
    assertTrue(detached(a), "a legacy config without reset gradient detached it");
    net.put("reset_gradient", true);
    assertFalse(detached(a));
    net.put("detach_reset", false);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RunConfig.fromJson(a, "x"));
    assertEquals("network.reset_gradient (written before network.detach_reset, its negation) and"
        + " network.detach_reset exclude each other: give detach_reset alone", e.getMessage());
    net.remove("reset_gradient");
    assertFalse(RunConfig.fromJson(a, "x").toJson().get("network").has("reset_gradient"));
    a.putArray("frozen").add("W_rec").add(3);
    e = assertThrows(IllegalArgumentException.class, () -> RunConfig.fromJson(a, "x"));
    assertEquals("frozen must be an array of strings, was [\"W_rec\",3]", e.getMessage());
    a.remove("frozen");
    net.put("output_init", "laplace");
    e = assertThrows(IllegalArgumentException.class, () -> RunConfig.fromJson(a, "x"));
    assertEquals("network.output_init must be one of gaussian, uniform, was \"laplace\"",
        e.getMessage());
  }

  /** A config of three iterations of BPTT with Adam on the adding problem, every default left out. */
  private static ObjectNode small(String cell) throws IOException {
    return (ObjectNode) parse("""
        {"task": "adding", "network": {"cell": "%s", "hidden": 4}, "rule": "bptt",
         "optimizer": {"kind": "adam", "learning_rate": 0.01}, "seed": 1, "iterations": 3,
         "batch_size": 2}
        """.formatted(cell));
  }

  private static boolean detached(ObjectNode config) {
    return ((SpikingCellSpec) RunConfig.fromJson(config, "x").network().cell()).detachReset();
  }

  @Test
  void recordValidation() {
    Task adding = Tasks.create("adding");
    NetworkSpec net = NetworkSpec.of(adding.inputs(), RateCellSpec.vanilla(4), adding.outputs(),
        adding.loss());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new RunConfig("x", adding.spec(), net, RuleSpec.of("bptt"), OptimizerSpec.sgd(1), 1,
            0, 1, 1, 0, 0, 1, List.of()));
    assertEquals("iterations must be > 0, was 0", e.getMessage());
    NetworkSpec wrong = NetworkSpec.of(3, RateCellSpec.vanilla(4), 1, adding.loss());
    e = assertThrows(IllegalArgumentException.class, () -> new RunConfig("x", adding.spec(),
        wrong, RuleSpec.of("bptt"), OptimizerSpec.sgd(1), 1, 1, 1, 1, 0, 0, 1, List.of()));
    assertEquals("network has 3 inputs, 1 outputs and loss mse; task adding has 2, 1 and mse",
        e.getMessage());
    NetworkSpec lif = NetworkSpec.of(adding.inputs(), SpikingCellSpec.lif(4), adding.outputs(),
        adding.loss());
    e = assertThrows(IllegalArgumentException.class, () -> new RunConfig("x", adding.spec(),
        lif, RuleSpec.of("bptt"), OptimizerSpec.sgd(1), 1, 1, 1, 1, 0, 0, 1, List.of("b")));
    assertEquals("frozen must name the network's parameter groups (W_in, W_rec, W_out, b_out),"
        + " was \"b\"", e.getMessage());
  }

  @Test
  void aConfigWithoutNameTakesTheFileName() throws IOException {
    Path file = Files.writeString(dir.resolve("my-run.json"), """
        {"task": "adding", "network": {"cell": "rate", "hidden": 4}, "rule": "bptt",
         "optimizer": {"kind": "adam", "learning_rate": 0.01}, "seed": 1, "iterations": 3,
         "batch_size": 2}
        """);
    assertEquals("my-run", RunConfig.read(file, "my-run").name());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RunConfig.read(file, null));
    assertEquals("name must be a folder name of letters, digits and . _ + = - not starting with"
        + " '.', was missing", e.getMessage());
  }
}
