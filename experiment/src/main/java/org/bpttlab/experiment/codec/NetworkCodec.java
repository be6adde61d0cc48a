package org.bpttlab.experiment.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bpttlab.core.CellSpec;
import org.bpttlab.core.InitSpec;
import org.bpttlab.core.Limits;
import org.bpttlab.core.LossKind;
import org.bpttlab.core.NetworkSpec;
import org.bpttlab.core.ParameterShape;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.RateCellSpec;
import org.bpttlab.core.RateRegularizerSpec;
import org.bpttlab.core.ReadoutSpec;
import org.bpttlab.core.SpikingCellSpec;
import org.bpttlab.core.Surrogate;
import org.bpttlab.core.net.Network;
import org.bpttlab.experiment.io.Json;
import org.bpttlab.kernels.Products;
import org.bpttlab.tasks.Task;

/**
 * The one JSON form of a {@link NetworkSpec}, for run and compare configs and the command line's
 * cell options (which are these fields, built into a node and read here): the cell and its
 * hyperparameters as one flat object, in snake_case with units; inputs, outputs and loss come from
 * the task. Every field but {@code cell} and {@code hidden} has a default, and a field that does not
 * apply to the cell is an error. {@link #write} writes every field that applies, so a written
 * network reads back to the same spec. {@link #describe} is the write-only long form of model.json
 * and of a config's {@code resolved} block, with the derived constants a reader would recompute.
 *
 * <pre>
 * all cells   cell (rate|lif|alif), hidden, stop_recurrent_gradient (false), tau_out_ms (rate 0,
 *             spiking 20), readout_unit_gain (false), init (rate orthogonal, spiking gaussian),
 *             recurrent_gain (1), input_gain (1), output_init (gaussian|uniform: gaussian),
 *             output_gain (1), products (float64|float32: float64), recurrent_density (in
 *             (0, 1]: 1, dense; below 1 a fixed random sparse W_rec, InitSpec)
 * rate        alpha (1), initial_state (0), activation (tanh|linear: tanh)
 * lif, alif   tau_mem_ms (20), threshold (0.6), dampening (0.3), refractory_steps (2),
 *             surrogate (piecewise-linear), dt_ms (1), detach_reset (false),
 *             regularizer_strength (0), regularizer_target_hz (10)
 * alif        adaptive_neurons (hidden), tau_adapt_ms (500), beta (0.07)
 * lif         adaptive_neurons 0 only (the command line's --adaptive 0)
 * </pre>
 *
 * <p>Configs written before {@code detach_reset} carry {@code reset_gradient}, its negation (they
 * detached the reset unless it was true); it is read as such, so their runs resume on their graph.
 */
public final class NetworkCodec {
  private static final List<String> COMMON = List.of("cell", "hidden", "stop_recurrent_gradient",
      "tau_out_ms", "readout_unit_gain", "init", "recurrent_gain", "input_gain", "output_init",
      "output_gain", "products", "recurrent_density");
  private static final List<String> RATE = List.of("alpha", "initial_state", "activation");
  private static final List<String> SPIKING = List.of("tau_mem_ms", "threshold", "dampening",
      "refractory_steps", "surrogate", "dt_ms", "detach_reset", "regularizer_strength",
      "regularizer_target_hz");
  /** Read for configs written before {@code detach_reset}, never written. */
  private static final String LEGACY_RESET_GRADIENT = "reset_gradient";
  private static final List<String> ADAPTIVE = List.of("adaptive_neurons", "tau_adapt_ms", "beta");

  /** The specs' parameter names (their messages begin with them) to this object's fields. */
  private static final Map<String, String> FIELDS = Map.ofEntries(
      Map.entry("hidden", "hidden"), Map.entry("alpha", "alpha"),
      Map.entry("initialState", "initial_state"),
      Map.entry("adaptiveNeurons", "adaptive_neurons"), Map.entry("tauMemMs", "tau_mem_ms"),
      Map.entry("tauAdaptMs", "tau_adapt_ms"), Map.entry("threshold", "threshold"),
      Map.entry("beta", "beta"), Map.entry("dampening", "dampening"),
      Map.entry("refractorySteps", "refractory_steps"), Map.entry("dtMs", "dt_ms"),
      Map.entry("tauOutMs", "tau_out_ms"), Map.entry("strength", "regularizer_strength"),
      Map.entry("targetHz", "regularizer_target_hz"),
      Map.entry("recurrentGain", "recurrent_gain"), Map.entry("inputGain", "input_gain"),
      Map.entry("outputGain", "output_gain"),
      Map.entry("recurrentDensity", "recurrent_density"));

  private NetworkCodec() {}

  /** {@link #read(JsonNode, int, int, LossKind)} with the task's inputs, outputs and loss. */
  public static NetworkSpec read(JsonNode node, Task task) {
    return read(node, task.inputs(), task.outputs(), task.loss());
  }

  /**
   * The network a {@code network} object describes; throws {@link IllegalArgumentException}
   * naming the field ({@code network.hidden must be ...}).
   */
  public static NetworkSpec read(JsonNode node, int inputs, int outputs, LossKind loss) {
    JsonFields f = new JsonFields(node, "network", "network.");
    String kind = f.text("cell");
    List<String> known = new ArrayList<>(COMMON);
    switch (kind) {
      case "rate" -> known.addAll(RATE);
      case "lif" -> {
        known.addAll(SPIKING);
        known.add(LEGACY_RESET_GRADIENT);
        known.add("adaptive_neurons");
      }
      case "alif" -> {
        known.addAll(SPIKING);
        known.add(LEGACY_RESET_GRADIENT);
        known.addAll(ADAPTIVE);
      }
      default -> throw new IllegalArgumentException(
          "network.cell must be one of rate, lif, alif, was \"" + kind + "\"");
    }
    for (String field : List.of(RATE, SPIKING, ADAPTIVE).stream().flatMap(List::stream).toList()) {
      if (!known.contains(field)) {
        f.refuse(field, RATE.contains(field) ? "cell rate only, not " + kind
            : ADAPTIVE.contains(field) ? "cell alif only, not " + kind
            : "spiking cells (lif, alif) only, not rate");
      }
    }
    f.rejectUnknown(known);
    try {
      return build(f, kind, inputs, outputs, loss);
    } catch (IllegalArgumentException e) {
      throw f.renamed(e, FIELDS);
    }
  }

  private static NetworkSpec build(JsonFields f, String kind, int inputs, int outputs,
      LossKind loss) {
    int hidden = (int) f.range("hidden", 1, Limits.MAX_HIDDEN);
    boolean stop = f.bool("stop_recurrent_gradient", false);
    CellSpec cell;
    if (kind.equals("rate")) {
      RateCellSpec.Activation activation;
      try {
        activation = RateCellSpec.Activation.fromLabel(f.text("activation", "tanh"));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("network." + e.getMessage(), e);
      }
      cell = new RateCellSpec(hidden, f.number("alpha", 1.0), stop,
          f.number("initial_state", 0.0), activation);
    } else {
      SpikingCellSpec d = SpikingCellSpec.lif(hidden);
      int adaptive = kind.equals("alif")
          ? (int) (f.has("adaptive_neurons") ? f.range("adaptive_neurons", 1, hidden) : hidden)
          : lifAdaptive(f);
      Surrogate surrogate;
      try {
        surrogate = Surrogate.fromLabel(f.text("surrogate", d.surrogate().label()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("network." + e.getMessage(), e);
      }
      cell = new SpikingCellSpec(hidden, adaptive, f.number("tau_mem_ms", d.tauMemMs()),
          f.number("tau_adapt_ms", d.tauAdaptMs()), f.number("threshold", d.threshold()),
          f.number("beta", d.beta()), f.number("dampening", d.dampening()),
          f.count("refractory_steps", 0, d.refractorySteps()), surrogate,
          f.number("dt_ms", d.dtMs()), detachReset(f, d.detachReset()), stop);
    }
    NetworkSpec net = NetworkSpec.of(inputs, cell, outputs, loss);
    net = net.withReadout(new ReadoutSpec(
        f.has("tau_out_ms") ? f.number("tau_out_ms") : net.readout().tauOutMs(),
        net.readout().dtMs(), f.bool("readout_unit_gain", false)));
    if (cell instanceof SpikingCellSpec) {
      RateRegularizerSpec off = RateRegularizerSpec.off();
      net = net.withRegularizer(new RateRegularizerSpec(
          f.number("regularizer_strength", off.strength()),
          f.number("regularizer_target_hz", off.targetHz())));
    }
    InitSpec init = net.init();
    String recurrent = f.text("init", label(init.recurrent()));
    InitSpec.RecurrentInit r = switch (recurrent) {
      case "orthogonal" -> InitSpec.RecurrentInit.ORTHOGONAL;
      case "gaussian" -> InitSpec.RecurrentInit.GAUSSIAN;
      default -> throw new IllegalArgumentException(
          "network.init must be one of orthogonal, gaussian, was \"" + recurrent + "\"");
    };
    String outputInit = f.text("output_init", init.output().label());
    InitSpec.OutputInit o = switch (outputInit) {
      case "gaussian" -> InitSpec.OutputInit.GAUSSIAN;
      case "uniform" -> InitSpec.OutputInit.UNIFORM;
      default -> throw new IllegalArgumentException(
          "network.output_init must be one of gaussian, uniform, was \"" + outputInit + "\"");
    };
    String products = f.text("products", Products.FLOAT64.configName());
    Products p;
    try {
      p = Products.ofConfigName(products);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("network.products " + e.getMessage(), e);
    }
    return net.withInit(new InitSpec(r, f.number("recurrent_gain", init.recurrentGain()),
        f.number("input_gain", init.inputGain()), f.number("output_gain", init.outputGain()), o,
        f.number("recurrent_density", init.recurrentDensity()))).withProducts(p);
  }

  /** A lif cell's {@code adaptive_neurons}: absent or 0. */
  private static int lifAdaptive(JsonFields f) {
    if (f.has("adaptive_neurons") && f.range("adaptive_neurons", 0, Integer.MAX_VALUE) != 0) {
      throw new IllegalArgumentException(f.name("adaptive_neurons") + " must be 0 for cell lif,"
          + " was " + f.node("adaptive_neurons") + " (cell alif has adaptive neurons)");
    }
    return 0;
  }

  /** {@code detach_reset}, or the negation of a legacy {@code reset_gradient}; not both. */
  private static boolean detachReset(JsonFields f, boolean absent) {
    if (!f.has(LEGACY_RESET_GRADIENT)) {
      return f.bool("detach_reset", absent);
    }
    if (f.has("detach_reset")) {
      throw new IllegalArgumentException(f.name(LEGACY_RESET_GRADIENT) + " (written before "
          + f.name("detach_reset") + ", its negation) and " + f.name("detach_reset")
          + " exclude each other: give detach_reset alone");
    }
    return !f.bool(LEGACY_RESET_GRADIENT, true);
  }

  private static String label(InitSpec.RecurrentInit r) {
    return r == InitSpec.RecurrentInit.ORTHOGONAL ? "orthogonal" : "gaussian";
  }

  /** Every field that applies to the network's cell, as {@link #read} reads them. */
  public static ObjectNode write(NetworkSpec spec) {
    ObjectNode n = Json.object();
    n.put("cell", spec.cell().kind());
    n.put("hidden", spec.hidden());
    cellFields(n, spec.cell(), false);
    if (spec.cell() instanceof SpikingCellSpec) {
      n.put("regularizer_strength", spec.regularizer().strength());
      n.put("regularizer_target_hz", spec.regularizer().targetHz());
    }
    n.put("tau_out_ms", spec.readout().tauOutMs());
    n.put("readout_unit_gain", spec.readout().unitGain());
    n.put("init", label(spec.init().recurrent()));
    n.put("recurrent_gain", spec.init().recurrentGain());
    n.put("input_gain", spec.init().inputGain());
    n.put("output_init", spec.init().output().label());
    n.put("output_gain", spec.init().outputGain());
    n.put("products", spec.products().configName());
    if (spec.init().sparseRecurrent()) {
      n.put("recurrent_density", spec.init().recurrentDensity());
    }
    return n;
  }

  /**
   * The long form (docs/gradients.md's model.json): sizes, cell, readout, loss, regulariser,
   * initialisation, products, parameter groups, with the derived decays α, ρ, κ. Write-only.
   */
  public static ObjectNode describe(NetworkSpec spec) {
    ObjectNode node = Json.object();
    node.put("inputs", spec.inputs());
    node.put("hidden", spec.hidden());
    node.put("outputs", spec.outputs());
    node.set("cell", describeCell(spec));
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
    init.put("recurrent", label(spec.init().recurrent()));
    init.put("recurrent_gain", spec.init().recurrentGain());
    init.put("input_gain", spec.init().inputGain());
    init.put("output", spec.init().output().label());
    init.put("output_gain", spec.init().outputGain());
    init.put("recurrent_density", spec.init().recurrentDensity());
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

  private static ObjectNode describeCell(NetworkSpec spec) {
    ObjectNode c = Json.object();
    c.put("kind", spec.cell().kind());
    c.put("hidden", spec.hidden());
    cellFields(c, spec.cell(), true);
    if (spec.cell() instanceof SpikingCellSpec s) {
      c.put("alpha", s.alpha());
      c.put("rho", s.rho());
    }
    return c;
  }

  /**
   * The cell's hyperparameters; a lif cell's adaptation fields ({@code adaptive_neurons},
   * {@code tau_adapt_ms}, {@code beta}) only if {@code everyField}.
   */
  private static void cellFields(ObjectNode c, CellSpec cell, boolean everyField) {
    if (cell instanceof RateCellSpec r) {
      c.put("alpha", r.alpha());
      c.put("initial_state", r.initialState());
      c.put("activation", r.activation().label());
      c.put("stop_recurrent_gradient", r.stopRecurrentGradient());
      return;
    }
    SpikingCellSpec s = (SpikingCellSpec) cell;
    boolean adaptation = everyField || s.adaptive();
    if (adaptation) {
      c.put("adaptive_neurons", s.adaptiveNeurons());
    }
    c.put("tau_mem_ms", s.tauMemMs());
    if (adaptation) {
      c.put("tau_adapt_ms", s.tauAdaptMs());
    }
    c.put("threshold", s.threshold());
    if (adaptation) {
      c.put("beta", s.beta());
    }
    c.put("dampening", s.dampening());
    c.put("refractory_steps", s.refractorySteps());
    c.put("surrogate", s.surrogate().label());
    c.put("dt_ms", s.dtMs());
    c.put("detach_reset", s.detachReset());
    c.put("stop_recurrent_gradient", s.stopRecurrentGradient());
  }
}
