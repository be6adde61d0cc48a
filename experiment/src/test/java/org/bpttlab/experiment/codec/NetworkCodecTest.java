package org.bpttlab.experiment.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.bpttlab.core.InitSpec;
import org.bpttlab.core.NetworkSpec;
import org.bpttlab.core.RateCellSpec;
import org.bpttlab.core.RateRegularizerSpec;
import org.bpttlab.core.ReadoutSpec;
import org.bpttlab.core.SpikingCellSpec;
import org.bpttlab.core.Surrogate;
import org.bpttlab.experiment.io.Json;
import org.bpttlab.kernels.Products;
import org.bpttlab.tasks.Task;
import org.bpttlab.tasks.Tasks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class NetworkCodecTest {
  private static final Task ADDING = Tasks.create("adding:steps=12");

  private static NetworkSpec around(org.bpttlab.core.CellSpec cell) {
    return NetworkSpec.of(ADDING.inputs(), cell, ADDING.outputs(), ADDING.loss());
  }

  /** Every cell kind, and every field away from its default somewhere. */
  static Stream<NetworkSpec> networks() {
    NetworkSpec rate = around(new RateCellSpec(7, 0.25, true, 0.1))
        .withReadout(new ReadoutSpec(3, 1, true))
        .withInit(InitSpec.orthogonal().withOutput(InitSpec.OutputInit.UNIFORM, 0.1)
            .withGains(0.5, 1.5, 2));
    NetworkSpec lif = around(SpikingCellSpec.lif(5).withSurrogate(Surrogate.FAST_SIGMOID)
        .withRefractorySteps(0).withThreshold(0.4).withDampening(0.5).withDetachReset(true)
        .withStopRecurrentGradient(true))
        .withRegularizer(new RateRegularizerSpec(0.5, 12)).withInit(InitSpec.orthogonal());
    NetworkSpec alif = around(SpikingCellSpec.alif(6).withAdaptiveNeurons(2).withBeta(1.7)
        .withTimeConstants(15, 800).withDtMs(0.5));
    NetworkSpec linear = around(new RateCellSpec(3, 1.0, false, 1.0,
        RateCellSpec.Activation.LINEAR));
    NetworkSpec sparse = around(RateCellSpec.vanilla(6))
        .withInit(InitSpec.gaussian().withRecurrentDensity(0.25));
    return Stream.of(around(RateCellSpec.vanilla(4)), rate, lif, alif,
        rate.withProducts(Products.FLOAT32), linear, sparse);
  }

  @ParameterizedTest
  @MethodSource("networks")
  void specToJsonToSpecIsTheSameAndTheJsonIsStable(NetworkSpec spec) throws IOException {
    JsonNode text = Json.mapper().readTree(Json.toText(NetworkCodec.write(spec)));
    NetworkSpec back = NetworkCodec.read(text, ADDING);
    assertEquals(spec, back);
    assertEquals(text, NetworkCodec.write(back));
  }

  @Test
  void aShortObjectTakesTheDefaultsOfItsCell() throws IOException {
    assertEquals(around(SpikingCellSpec.alif(3)),
        NetworkCodec.read(json("{\"cell\": \"alif\", \"hidden\": 3}"), ADDING));
    assertEquals(around(SpikingCellSpec.lif(3)), NetworkCodec.read(
        json("{\"cell\": \"lif\", \"hidden\": 3, \"adaptive_neurons\": 0}"), ADDING),
        "lif takes adaptive_neurons 0 (the command line's --adaptive 0)");
  }

  @Test
  void aConfigWrittenBeforeDetachResetReadsResetGradientAsItsNegation() throws IOException {
    NetworkSpec spec = NetworkCodec.read(
        json("{\"cell\": \"lif\", \"hidden\": 3, \"reset_gradient\": false}"), ADDING);
    assertEquals(true, ((SpikingCellSpec) spec.cell()).detachReset());
    assertEquals(false, NetworkCodec.write(spec).has("reset_gradient"));
  }

  @Test
  void aBadFieldIsNamedWithWhatIsAllowed() {
    assertBad("{\"cell\": \"lif\", \"hidden\": 3, \"adaptive_neurons\": 2}",
        "network.adaptive_neurons must be 0 for cell lif, was 2 (cell alif has adaptive neurons)");
    assertBad("{\"cell\": \"rate\", \"hidden\": 3, \"activation\": \"relu\"}",
        "network.activation must be one of tanh, linear, was \"relu\"");
    assertBad("{\"cell\": \"lif\", \"hidden\": 3, \"activation\": \"linear\"}",
        "network.activation applies to cell rate only, not lif");
    assertBad("{\"cell\": \"rate\", \"hidden\": 3, \"beta\": 2}",
        "network.beta applies to cell alif only, not rate");
    assertBad("{\"cell\": \"gru\", \"hidden\": 3}",
        "network.cell must be one of rate, lif, alif, was \"gru\"");
    assertBad("{\"cell\": \"lif\", \"hidden\": 3, \"tau_mem_ms\": -1}",
        "network.tau_mem_ms must be > 0 and finite, was -1.0");
  }

  @Test
  void aRecurrentDensityOutsideZeroToOneIsRefusedNamingTheField() throws IOException {
    for (String d : List.of("0", "-0.5", "1.5")) {
      assertBad("{\"cell\": \"rate\", \"hidden\": 3, \"recurrent_density\": " + d + "}",
          "network.recurrent_density must be in (0, 1], was " + Double.parseDouble(d));
    }
    assertEquals(0.5, NetworkCodec.read(json(
        "{\"cell\": \"lif\", \"hidden\": 3, \"recurrent_density\": 0.5}"), ADDING)
        .init().recurrentDensity());
    assertEquals(false, NetworkCodec.write(around(RateCellSpec.vanilla(4)))
        .has("recurrent_density"), "a dense network's JSON is as before the option");
  }

  /** model.json's long form keeps its fields (docs/gradients.md), derived decays included. */
  @Test
  void theLongFormKeepsModelJsonsFields() {
    ObjectNode d = NetworkCodec.describe(around(SpikingCellSpec.alif(4)));
    assertEquals(List.of("inputs", "hidden", "outputs", "cell", "readout", "loss", "regularizer",
        "init", "products", "parameters"), fields(d));
    assertEquals(List.of("kind", "hidden", "adaptive_neurons", "tau_mem_ms", "tau_adapt_ms",
        "threshold", "beta", "dampening", "refractory_steps", "surrogate", "dt_ms",
        "detach_reset", "stop_recurrent_gradient", "alpha", "rho"), fields(d.get("cell")));
    assertEquals(Math.exp(-1 / 20.0), d.at("/cell/alpha").asDouble(), 1e-15);
    assertEquals(List.of("tau_out_ms", "dt_ms", "kappa", "unit_gain", "input_gain"),
        fields(d.get("readout")));
    assertEquals("[4,2]", d.at("/parameters/W_in").toString());
  }

  private static void assertBad(String text, String message) {
    assertEquals(message, assertThrows(IllegalArgumentException.class,
        () -> NetworkCodec.read(json(text), ADDING)).getMessage());
  }

  private static JsonNode json(String text) {
    try {
      return Json.mapper().readTree(text);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<String> fields(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
