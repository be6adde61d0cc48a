package org.bpttlab.results.io;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
    node.put("loss", spec.loss().label());
    ObjectNode reg = node.putObject("regularizer");
    reg.put("strength", spec.regularizer().strength());
    reg.put("target_hz", spec.regularizer().targetHz());
    ObjectNode init = node.putObject("init");
    init.put("recurrent", spec.init().recurrent() == InitSpec.RecurrentInit.ORTHOGONAL
        ? "orthogonal" : "gaussian");
    init.put("recurrent_gain", spec.init().recurrentGain());
    init.put("input_gain", spec.init().inputGain());
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
      c.put("reset_gradient", s.resetGradient());
      c.put("stop_recurrent_gradient", s.stopRecurrentGradient());
      c.put("alpha", s.alpha());
      c.put("rho", s.rho());
    }
    return c;
  }

  /** The optimizer's kind and hyperparameters. */
  public static ObjectNode optimizer(OptimizerSpec spec) {
    ObjectNode node = Json.object();
    node.put("kind", spec.kind());
    node.put("learning_rate", spec.learningRate());
    if ("adam".equals(spec.kind())) {
      node.put("beta1", spec.beta1());
      node.put("beta2", spec.beta2());
      node.put("epsilon", spec.epsilon());
    }
    node.put("clip_norm", spec.clipNorm());
    return node;
  }

  /** The task: name, sizes, loss, metric with its baseline and success threshold, citation. */
  public static ObjectNode task(Task task) {
    ObjectNode node = Json.object();
    node.put("name", task.name());
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
