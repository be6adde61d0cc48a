package org.bpttlab.experiment.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bpttlab.experiment.io.Json;
import org.bpttlab.rules.optim.OptimizerSpec;
import org.bpttlab.rules.optim.OptimizerSpec.AdamSpec;
import org.bpttlab.rules.optim.OptimizerSpec.Clip;
import org.bpttlab.rules.optim.OptimizerSpec.MomentumSpec;
import org.bpttlab.rules.optim.OptimizerSpec.RpropSpec;
import org.bpttlab.rules.optim.OptimizerSpec.SgdSpec;

/**
 * The JSON form of an {@link OptimizerSpec}, in run and compare configs: {@code kind},
 * {@code learning_rate}, the hyperparameters of that kind and no other ({@code momentum},
 * {@code nesterov}; Adam's {@code beta1}, {@code beta2}, {@code epsilon}; Rprop's
 * {@code step_decrease}, {@code step_increase}, {@code min_step}, {@code max_step}), then
 * {@code clip_norm} and {@code clip_value} (0 for none). On reading, a hyperparameter left out
 * takes its default, and one of another kind ({@code beta1} with sgd) is an error.
 */
public final class OptimizerCodec {
  /** Each kind's own fields, in the order they are written. */
  private static final Map<String, List<String>> OWN = Map.of(
      "sgd", List.of(),
      "momentum", List.of("momentum", "nesterov"),
      "adam", List.of("beta1", "beta2", "epsilon"),
      "rprop", List.of("step_decrease", "step_increase", "min_step", "max_step"));

  /** The specs' parameter names (their messages begin with them) to the fields. */
  private static final Map<String, String> FIELDS = Map.ofEntries(
      Map.entry("learningRate", "learning_rate"), Map.entry("momentum", "momentum"),
      Map.entry("beta1", "beta1"), Map.entry("beta2", "beta2"), Map.entry("epsilon", "epsilon"),
      Map.entry("stepDecrease", "step_decrease"), Map.entry("stepIncrease", "step_increase"),
      Map.entry("minStep", "min_step"), Map.entry("maxStep", "max_step"),
      Map.entry("clipNorm", "clip_norm"), Map.entry("clipValue", "clip_value"));

  private OptimizerCodec() {}

  /** Every field of the spec's kind, which {@link #read} reads back to an equal spec. */
  public static ObjectNode write(OptimizerSpec spec) {
    ObjectNode node = Json.object();
    node.put("kind", spec.kind());
    node.put("learning_rate", spec.learningRate());
    if (spec instanceof MomentumSpec m) {
      node.put("momentum", m.momentum());
      node.put("nesterov", m.nesterov());
    } else if (spec instanceof AdamSpec a) {
      node.put("beta1", a.beta1());
      node.put("beta2", a.beta2());
      node.put("epsilon", a.epsilon());
    } else if (spec instanceof RpropSpec r) {
      node.put("step_decrease", r.stepDecrease());
      node.put("step_increase", r.stepIncrease());
      node.put("min_step", r.minStep());
      node.put("max_step", r.maxStep());
    }
    node.put("clip_norm", spec.clipNorm());
    node.put("clip_value", spec.clipValue());
    return node;
  }

  /**
   * The optimizer an {@code optimizer} object describes; throws {@link IllegalArgumentException}
   * naming a field that is missing, of the wrong type, unknown, of another kind, or out of range.
   */
  public static OptimizerSpec read(JsonNode node) {
    JsonFields f = new JsonFields(node, "optimizer", "optimizer.");
    String kind = f.text("kind");
    List<String> own = OWN.get(kind);
    if (own == null) {
      throw new IllegalArgumentException("optimizer.kind must be one of "
          + String.join(", ", OptimizerSpec.KINDS) + ", was \"" + kind + "\"");
    }
    for (String other : OptimizerSpec.KINDS) {
      if (!other.equals(kind)) {
        OWN.get(other).forEach(field -> f.refuse(field, "kind " + other + " only, not " + kind));
      }
    }
    List<String> known = new ArrayList<>(List.of("kind", "learning_rate"));
    known.addAll(own);
    known.addAll(List.of("clip_norm", "clip_value"));
    f.rejectUnknown(known);
    try {
      double lr = f.number("learning_rate");
      Clip clip = new Clip(f.number("clip_norm", 0), f.number("clip_value", 0));
      return switch (kind) {
        case "sgd" -> new SgdSpec(lr, clip);
        case "momentum" -> new MomentumSpec(lr,
            f.number("momentum", OptimizerSpec.DEFAULT_MOMENTUM), f.bool("nesterov", false), clip);
        case "adam" -> new AdamSpec(lr, f.number("beta1", OptimizerSpec.DEFAULT_BETA1),
            f.number("beta2", OptimizerSpec.DEFAULT_BETA2),
            f.number("epsilon", OptimizerSpec.DEFAULT_EPSILON), clip);
        default -> new RpropSpec(lr,
            f.number("step_decrease", OptimizerSpec.DEFAULT_STEP_DECREASE),
            f.number("step_increase", OptimizerSpec.DEFAULT_STEP_INCREASE),
            f.number("min_step", OptimizerSpec.DEFAULT_MIN_STEP),
            f.number("max_step", OptimizerSpec.DEFAULT_MAX_STEP), clip);
      };
    } catch (IllegalArgumentException e) {
      throw f.renamed(e, FIELDS);
    }
  }
}
