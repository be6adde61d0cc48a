package org.bpttlab.experiment.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.bpttlab.experiment.io.Json;
import org.bpttlab.rules.optim.OptimizerSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class OptimizerCodecTest {
  /** Every kind, at its defaults and with every field of its own changed. */
  static Stream<OptimizerSpec> optimizers() {
    return Stream.of(OptimizerSpec.sgd(0.1), OptimizerSpec.sgd(0.1).withClipValue(0.25),
        OptimizerSpec.momentum(0.01, 0.9),
        OptimizerSpec.momentum(0.01, 0.5).withNesterov(true).withClipNorm(2),
        OptimizerSpec.adam(0.002),
        OptimizerSpec.adam(0.002).withBetas(0.8, 0.99).withEpsilon(1e-6).withClipNorm(1),
        OptimizerSpec.rprop(0.003),
        OptimizerSpec.rprop(0.003).withStepFactors(0.4, 1.3).withStepBounds(1e-5, 10)
            .withClipValue(3).withClipNorm(0.5));
  }

  @ParameterizedTest
  @MethodSource("optimizers")
  void specToJsonToSpecIsTheSameAndTheJsonIsStable(OptimizerSpec spec) throws IOException {
    JsonNode json = Json.mapper().readTree(Json.toText(OptimizerCodec.write(spec)));
    OptimizerSpec back = OptimizerCodec.read(json);
    assertEquals(spec, back);
    assertEquals(json, OptimizerCodec.write(back));
  }

  @Test
  void leftOutHyperparametersTakeTheirDefaults() throws IOException {
    assertEquals(OptimizerSpec.adam(0.1).withBetas(0.5, 0.999), OptimizerCodec.read(
        Json.mapper().readTree("{\"kind\": \"adam\", \"learning_rate\": 0.1, \"beta1\": 0.5}")));
    assertEquals(OptimizerSpec.momentum(0.1, 0.9), OptimizerCodec.read(
        Json.mapper().readTree("{\"kind\": \"momentum\", \"learning_rate\": 0.1}")));
  }

  @Test
  void optimizerListsEveryHyperparameterOfItsKindAndNoOther() {
    assertEquals(List.of("kind", "learning_rate", "clip_norm", "clip_value"),
        fields(OptimizerCodec.write(OptimizerSpec.sgd(0.1))));
    assertEquals(List.of("kind", "learning_rate", "momentum", "nesterov", "clip_norm",
        "clip_value"), fields(OptimizerCodec.write(OptimizerSpec.momentum(0.1, 0.9))));
    assertEquals(List.of("kind", "learning_rate", "beta1", "beta2", "epsilon", "clip_norm",
        "clip_value"), fields(OptimizerCodec.write(OptimizerSpec.adam(0.1))));
    ObjectNode rprop = OptimizerCodec.write(OptimizerSpec.rprop(0.1));
    assertEquals(List.of("kind", "learning_rate", "step_decrease", "step_increase", "min_step",
        "max_step", "clip_norm", "clip_value"), fields(rprop));
    assertEquals(0.5, rprop.get("step_decrease").asDouble(), 0.0);
    assertEquals(1.2, rprop.get("step_increase").asDouble(), 0.0);
    assertEquals(1e-6, rprop.get("min_step").asDouble(), 0.0);
    assertEquals(50.0, rprop.get("max_step").asDouble(), 0.0);
  }

  @Test
  void badOptimizerJsonNamesTheField() throws IOException {
    assertBad("{\"learning_rate\": 0.1}", "optimizer.kind is missing");
    assertBad("{\"kind\": \"adamw\", \"learning_rate\": 0.1}",
        "optimizer.kind must be one of sgd, momentum, adam, rprop, was \"adamw\"");
    assertBad("{\"kind\": \"adam\"}", "optimizer.learning_rate is missing");
    assertBad("{\"kind\": \"adam\", \"learning_rate\": -1}",
        "optimizer.learning_rate must be > 0 and finite, was -1.0");
    assertBad("{\"kind\": \"adam\", \"learning_rate\": \"fast\"}",
        "optimizer.learning_rate must be a number, was \"fast\"");
    assertBad("{\"kind\": \"adam\", \"learning_rate\": 0.1, \"beta2\": 1}",
        "optimizer.beta2 must be in [0, 1), was 1.0");
    assertBad("{\"kind\": \"sgd\", \"learning_rate\": 0.1, \"clip_norm\": -2}",
        "optimizer.clip_norm must be > 0 and finite, or 0 for none, was -2.0");
    assertBad("{\"kind\": \"rprop\", \"learning_rate\": 0.1, \"min_step\": 0.5}",
        "optimizer.learning_rate (Rprop's initial step size) must be in [minStep, maxStep]"
            + " = [0.5, 50.0], was 0.1");
    assertBad("{\"kind\": \"momentum\", \"learning_rate\": 0.1, \"nesterov\": 1}",
        "optimizer.nesterov must be true or false, was 1");
    assertBad("{\"kind\": \"sgd\", \"learning_rate\": 0.1, \"lr\": 1}",
        "optimizer.lr is not a field here; the fields are kind, learning_rate, clip_norm,"
            + " clip_value");
  }

  /** A field of another kind is refused, not dropped (it would train as if it were not there). */
  @Test
  void aFieldOfAnotherKindIsRefused() throws IOException {
    assertBad("{\"kind\": \"sgd\", \"learning_rate\": 0.1, \"beta1\": 0.9}",
        "optimizer.beta1 applies to kind adam only, not sgd");
    assertBad("{\"kind\": \"sgd\", \"learning_rate\": 0.1, \"momentum\": 0.5}",
        "optimizer.momentum applies to kind momentum only, not sgd");
    assertBad("{\"kind\": \"adam\", \"learning_rate\": 0.1, \"nesterov\": false}",
        "optimizer.nesterov applies to kind momentum only, not adam");
    assertBad("{\"kind\": \"momentum\", \"learning_rate\": 0.1, \"max_step\": 5}",
        "optimizer.max_step applies to kind rprop only, not momentum");
  }

  private static void assertBad(String json, String message) throws IOException {
    JsonNode node = Json.mapper().readTree(json);
    assertEquals(message, assertThrows(IllegalArgumentException.class,
        () -> OptimizerCodec.read(node)).getMessage());
  }

  private static List<String> fields(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
