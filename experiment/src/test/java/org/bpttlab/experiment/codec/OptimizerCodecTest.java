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
  static Stream<OptimizerSpec> optimizers() {
    return Stream.of(OptimizerSpec.sgd(0.1), OptimizerSpec.sgd(0.1).withClipValue(0.25),
        OptimizerSpec.momentum(0.01, 0.5).withNesterov(true).withClipNorm(2),
        OptimizerSpec.adam(0.002).withBetas(0.8, 0.99).withEpsilon(1e-6).withClipNorm(1),
        OptimizerSpec.rprop(0.003).withStepFactors(0.4, 1.3).withStepBounds(1e-5, 10)
            .withClipValue(3));
  }

  @ParameterizedTest
  @MethodSource("optimizers")
  void optimizerRoundTripsThroughJsonText(OptimizerSpec spec) throws IOException {
    String text = Json.toText(OptimizerCodec.write(spec));
    assertEquals(spec, OptimizerCodec.read(Json.mapper().readTree(text)));
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
    assertBad("{\"learning_rate\": 0.1}", "optimizer.kind must be one of sgd, momentum, adam,"
        + " rprop, was null");
    assertBad("{\"kind\": \"adam\"}", "optimizer.learning_rate is missing");
    assertBad("{\"kind\": \"adam\", \"learning_rate\": \"NaN\"}",
        "optimizer.learning_rate must be > 0 and finite, was NaN");
    assertBad("{\"kind\": \"adam\", \"learning_rate\": \"fast\"}",
        "optimizer.learning_rate must be a number, was \"fast\"");
    assertBad("{\"kind\": \"sgd\", \"learning_rate\": 0.1, \"momentum\": 0.5}",
        "optimizer.momentum applies to kind momentum only and must keep its default 0.9 for"
            + " kind sgd, was 0.5");
    assertBad("{\"kind\": \"rprop\", \"learning_rate\": 0.1, \"min_step\": 0.5}",
        "optimizer.learning_rate (Rprop's initial step size) must be in [minStep, maxStep]"
            + " = [0.5, 50.0], was 0.1");
    assertBad("{\"kind\": \"momentum\", \"learning_rate\": 0.1, \"nesterov\": 1}",
        "optimizer.nesterov must be true or false, was 1");
    assertBad("{\"kind\": \"sgd\", \"learning_rate\": 0.1, \"lr\": 1}",
        "optimizer.lr is not a field; the fields are kind, learning_rate, momentum, nesterov,"
            + " beta1, beta2, epsilon, step_decrease, step_increase, min_step, max_step,"
            + " clip_norm, clip_value");
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
