package org.bpttlab.experiment.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import org.bpttlab.core.InitSpec;
import org.bpttlab.core.NetworkSpec;
import org.bpttlab.core.ParameterShape;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.RateCellSpec;
import org.bpttlab.core.SpikingCellSpec;
import org.bpttlab.core.net.Network;
import org.bpttlab.rules.optim.OptimizerSpec;
import org.bpttlab.tasks.Task;

/**
 * The JSON form of the specs in {@code config.json} and {@code model.json}: every field, with
 * snake_case names and units in the names, plus the derived constants (decays α, ρ, κ) a reader
 * would otherwise recompute. Documented in docs/gradients.md.
 */
public final class SpecJson {
  private SpecJson() {}

  /** The network: sizes, cell, readout, loss, regulariser, initialisation, parameter groups. */
  public static ObjectNode network(NetworkSpec spec) {
    ObjectNode node = Json.object();
    node.put("inputs", spec.inputs());
    node.put("hidden", spec.hidden());
    node.put("outputs", spec.outputs());
    node.set("cell", cell(spec));
    ObjectNode readout = node.putObject("readout");
    readout.put("tau_out_ms", spec.readout().tauOutMs());
    readout.put("dt_ms", spec.readout().dtMs());
    readout.put("kappa", spec.readout().kappa());
    readout.put("unit_gain", spec.readout().unitGain());
    readout.put("input_gain", spec.readout().inputGain());
    node.put("loss", spec.loss().label());
    ObjectNode reg = node.putObject("regularizer");
    reg.put("strength", spec.regularizer().strength());
    reg.put("target_hz", spec.regularizer().targetHz());
    ObjectNode init = node.putObject("init");
    init.put("recurrent", spec.init().recurrent() == InitSpec.RecurrentInit.ORTHOGONAL
        ? "orthogonal" : "gaussian");
    init.put("recurrent_gain", spec.init().recurrentGain());
    init.put("input_gain", spec.init().inputGain());
    init.put("output", spec.init().output().label());
    init.put("output_gain", spec.init().outputGain());
    node.put("products", spec.products().configName());
    ObjectNode groups = node.putObject("parameters");
    for (ParameterShape s : new Network(spec).parameterShapes()) {
      ArrayNode shape = groups.putArray(s.name());
      for (int d : fileShape(s)) {
        shape.add(d);
      }
    }
    return node;
  }

  /**
   * The shape of a parameter group in files: {@code [n]} for the bias vectors {@code b} and
   * {@code b_out}, {@code [rows, cols]} for the weight matrices.
   */
  public static int[] fileShape(ParameterShape s) {
    boolean vector = s.name().equals(Parameters.BIAS) || s.name().equals(Parameters.OUTPUT_BIAS);
    return vector ? new int[] {s.rows()} : new int[] {s.rows(), s.cols()};
  }

  private static ObjectNode cell(NetworkSpec spec) {
    ObjectNode c = Json.object();
    c.put("kind", spec.cell().kind());
    c.put("hidden", spec.hidden());
    if (spec.cell() instanceof RateCellSpec r) {
      c.put("alpha", r.alpha());
      c.put("initial_state", r.initialState());
      c.put("stop_recurrent_gradient", r.stopRecurrentGradient());
    } else {
      SpikingCellSpec s = (SpikingCellSpec) spec.cell();
      c.put("adaptive_neurons", s.adaptiveNeurons());
      c.put("tau_mem_ms", s.tauMemMs());
      c.put("tau_adapt_ms", s.tauAdaptMs());
      c.put("threshold", s.threshold());
      c.put("beta", s.beta());
      c.put("dampening", s.dampening());
      c.put("refractory_steps", s.refractorySteps());
      c.put("surrogate", s.surrogate().label());
      c.put("dt_ms", s.dtMs());
      c.put("detach_reset", s.detachReset());
      c.put("stop_recurrent_gradient", s.stopRecurrentGradient());
      c.put("alpha", s.alpha());
      c.put("rho", s.rho());
    }
    return c;
  }

  /**
   * The optimizer: {@code kind}, {@code learning_rate}, every hyperparameter of that kind
   * ({@code momentum}, {@code nesterov}; Adam's {@code beta1}, {@code beta2}, {@code epsilon};
   * Rprop's {@code step_decrease}, {@code step_increase}, {@code min_step}, {@code max_step}), then
   * {@code clip_norm} and {@code clip_value} (0 for none). Read back by {@link #optimizerSpec}.
   */
  public static ObjectNode optimizer(OptimizerSpec spec) {
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
   * The optimizer written by {@link #optimizer}; a field it does not hold takes its default
   * ({@code clip_norm} and {@code clip_value}: 0). Throws {@link IllegalArgumentException} naming
   * a field that is missing, of the wrong type, unknown, or out of its range.
   */
  public static OptimizerSpec optimizerSpec(JsonNode node) {
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

  /**
   * The random streams of a training, in words: initial parameters, training batches, held-out
   * batches (the fields of {@code config.json}'s {@code random_streams}).
   */
  public static ObjectNode randomStreams() {
    ObjectNode streams = Json.object();
    streams.put("init", "network.initialize(new Seeds(seed))");
    streams.put("training_batch", "task.sample(batch_size, seeds.derive(\"task\", i)),"
        + " i = 1..iterations");
    streams.put("held_out_batch", "task.sample(batch_size, seeds.derive(\"eval\", k)),"
        + " k = 0..eval_batches-1");
    return streams;
  }

  /**
   * The task: name, its spec with every option written out, sizes, loss, metric with its baseline
   * and success threshold, citation.
   */
  public static ObjectNode task(Task task) {
    ObjectNode node = Json.object();
    node.put("name", task.name());
    node.put("spec", task.spec().toString());
    node.put("steps", task.steps());
    node.put("inputs", task.inputs());
    node.put("outputs", task.outputs());
    node.put("loss", task.loss().label());
    node.put("metric", task.metricName());
    node.put("baseline", task.baseline());
    node.put("success_threshold", task.successThreshold());
    node.put("citation", task.citation());
    return node;
  }
}
