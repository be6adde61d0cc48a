package org.bpttlab.experiment.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import org.bpttlab.experiment.io.Json;
import org.bpttlab.rules.optim.OptimizerSpec;

/** The JSON form of an {@link OptimizerSpec}, in run and compare configs. */
public final class OptimizerCodec {
  private OptimizerCodec() {}

  /**
   * The optimizer: {@code kind}, {@code learning_rate}, every hyperparameter of that kind
   * ({@code momentum}, {@code nesterov}; Adam's {@code beta1}, {@code beta2}, {@code epsilon};
   * Rprop's {@code step_decrease}, {@code step_increase}, {@code min_step}, {@code max_step}), then
   * {@code clip_norm} and {@code clip_value} (0 for none). Read back by {@link #read}.
   */
  public static ObjectNode write(OptimizerSpec spec) {
    ObjectNode node = Json.object();
    node.put("kind", spec.kind());
    node.put("learning_rate", spec.learningRate());
    switch (spec.kind()) {
      case "momentum" -> {
        node.put("momentum", spec.momentum());
        node.put("nesterov", spec.nesterov());
      }
      case "adam" -> {
        node.put("beta1", spec.beta1());
        node.put("beta2", spec.beta2());
        node.put("epsilon", spec.epsilon());
      }
      case "rprop" -> {
        node.put("step_decrease", spec.stepDecrease());
        node.put("step_increase", spec.stepIncrease());
        node.put("min_step", spec.minStep());
        node.put("max_step", spec.maxStep());
      }
      default -> { }
    }
    node.put("clip_norm", spec.clipNorm());
    node.put("clip_value", spec.clipValue());
    return node;
  }

  /**
   * The optimizer written by {@link #write}; a field it does not hold takes its default
   * ({@code clip_norm} and {@code clip_value}: 0). Throws {@link IllegalArgumentException} naming
   * a field that is missing, of the wrong type, unknown, or out of its range.
   */
  public static OptimizerSpec read(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("optimizer must be a JSON object");
    }
    JsonNode kind = node.get("kind");
    if (kind == null || !kind.isTextual()) {
      throw new IllegalArgumentException("optimizer.kind must be one of "
          + String.join(", ", OptimizerSpec.KINDS) + ", was " + kind);
    }
    List<String> known = List.of("kind", "learning_rate", "momentum", "nesterov", "beta1", "beta2",
        "epsilon", "step_decrease", "step_increase", "min_step", "max_step", "clip_norm",
        "clip_value");
    node.fieldNames().forEachRemaining(f -> {
      if (!known.contains(f)) {
        throw new IllegalArgumentException(
            "optimizer." + f + " is not a field; the fields are " + String.join(", ", known));
      }
    });
    JsonNode nesterov = node.path("nesterov");
    if (!nesterov.isMissingNode() && !nesterov.isBoolean()) {
      throw new IllegalArgumentException("optimizer.nesterov must be true or false, was "
          + nesterov);
    }
    double learningRate = number(node, "learning_rate", Double.NaN);
    double beta1 = number(node, "beta1", OptimizerSpec.DEFAULT_BETA1);
    double beta2 = number(node, "beta2", OptimizerSpec.DEFAULT_BETA2);
    double epsilon = number(node, "epsilon", OptimizerSpec.DEFAULT_EPSILON);
    double momentum = number(node, "momentum", OptimizerSpec.DEFAULT_MOMENTUM);
    double stepDecrease = number(node, "step_decrease", OptimizerSpec.DEFAULT_STEP_DECREASE);
    double stepIncrease = number(node, "step_increase", OptimizerSpec.DEFAULT_STEP_INCREASE);
    double minStep = number(node, "min_step", OptimizerSpec.DEFAULT_MIN_STEP);
    double maxStep = number(node, "max_step", OptimizerSpec.DEFAULT_MAX_STEP);
    double clipNorm = number(node, "clip_norm", 0);
    double clipValue = number(node, "clip_value", 0);
    try {
      return new OptimizerSpec(kind.asText(), learningRate, beta1, beta2, epsilon, momentum,
          nesterov.asBoolean(false), stepDecrease, stepIncrease, minStep, maxStep, clipNorm,
          clipValue);
    } catch (IllegalArgumentException e) {
      // The spec's messages begin with its field's name: name the JSON field instead.
      String m = e.getMessage();
      int space = m.indexOf(' ');
      String field =
          m.substring(0, space).replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
      throw new IllegalArgumentException("optimizer." + field + m.substring(space), e);
    }
  }

  /** A number field, or {@code absent} if missing; NaN and infinities may be written as strings. */
  private static double number(JsonNode node, String field, double absent) {
    JsonNode v = node.get(field);
    if (v == null) {
      if (Double.isNaN(absent)) {
        throw new IllegalArgumentException("optimizer." + field + " is missing");
      }
      return absent;
    }
    if (v.isNumber()) {
      return v.asDouble();
    }
    if (v.isTextual() && List.of("NaN", "Infinity", "-Infinity").contains(v.asText())) {
      return Double.parseDouble(v.asText());
    }
    throw new IllegalArgumentException("optimizer." + field + " must be a number, was " + v);
  }
}
