package org.bpttlab.experiment.train;

import java.util.Locale;
import org.bpttlab.core.Cell;
import org.bpttlab.core.Limits;
import org.bpttlab.core.NetworkSpec;
import org.bpttlab.core.ParameterShape;
import org.bpttlab.core.net.Network;
import org.bpttlab.rules.RuleSpec;

/**
 * The memory a training needs, planned from its sizes before anything is allocated, and the check
 * of it against the JVM's heap (issue 27). The plan counts, in doubles: the parameters and the
 * optimizer's copies of them, one batch, the trajectory of every step the trainer keeps, and what
 * the rule's session holds besides ({@link #sessionDoubles}: the planned counterpart of
 * {@link org.bpttlab.rules.RuleCost#peakStoredDoubles}, which measures it after a sequence; a test
 * keeps the plan at or above the measure for every rule). Every product is computed in {@code long}.
 */
public final class MemoryPlan {
  private MemoryPlan() {}

  /** The JVM options the launcher uses when BPTTLAB_JAVA_OPTIONS is not set. */
  public static final String LAUNCHER_OPTIONS = "-XX:+UseParallelGC -Xmn64m";

  /** Copies of the parameters a training holds: parameters, gradient, optimizer state, spares. */
  private static final int PARAMETER_COPIES = 8;

  /** Number of doubles of all the network's parameters. */
  public static long parameters(Network network) {
    long p = 0;
    for (ParameterShape s : network.parameterShapes()) {
      p = Math.addExact(p, Limits.arrayLength("parameter group " + s.name(), s.rows(), s.cols()));
    }
    return p;
  }

  /** Doubles of one held step of one sequence in the trajectory (state, output, aux, readout, dL/dy). */
  public static long slotDoubles(Network network) {
    Cell cell = network.cell();
    long d = (long) cell.stateSize() + cell.auxSize() + 2L * network.spec().outputs();
    return cell.outputIsState() ? d : d + cell.hidden();
  }

  /**
   * Doubles a session of {@code rule} holds besides the trainer's trajectory, planned from the
   * sizes: for BPTT's family its adjoints and gradient; for forward-mode rules their traces (RTRL's
   * influence matrix, B × state × parameters, is the n⁴ of its name).
   */
  public static long sessionDoubles(RuleSpec rule, Network network, int batch, int steps) {
    Cell cell = network.cell();
    long b = batch;
    long s = cell.stateSize();
    long n = cell.hidden();
    long o = network.spec().outputs();
    long pCell = parameters(network) - (n + 1) * o;
    long pAll = parameters(network);
    long perSequence = s + n + cell.auxSize() + o;
    long adjoints = Limits.product("batch_size x state", 8, b, perSequence);
    // the gradient's buffers, as many as a few copies of the parameters (measured: up to 13)
    long base = Math.addExact(adjoints, Limits.product("parameters", 16, pAll));
    long components = Math.max(1, s / Math.max(1, n));
    String what = rule.name() + "'s traces";
    long extra = switch (rule.kind()) {
      case BPTT, READOUT_ONLY, TBPTT, ARTBP, CHECKPOINTED -> 0;
      case RTRL -> rtrl(b, s, n, pCell);
      case SNAP -> rule.intOption("n", 1, 1) > 1 ? rtrl(b, s, n, pCell)
          : Math.addExact(extended(s, n),
              Limits.product(what + " (batch_size x (components + 2) x parameters)", b,
                  components + 2, pCell));
      case UORO -> Math.addExact(extended(s, n),
          Limits.product(what + " (batch_size x (state + parameters))", b + 1, s + 2 * n + pCell));
      case KF_RTRL -> Math.addExact(extended(s, n),
          Limits.product(what + " (batch_size x state x hidden)", 2 * (b + 1), s + 2 * n, n));
      case REVERSE_KF_RTRL -> Math.addExact(extended(s, n),
          Limits.product(what + " (batch_size x state x inputs)", 2 * (b + 1), s + 2 * n,
              pCell / n + 1));
      case EPROP, RFLO -> rule.booleanOption("deferred", false) ? 0
          : Limits.product(what + " (batch_size x components x parameters)", b, components + 3,
              pCell);
      case EPROP_REWARD -> Limits.product(what + " (batch_size x components x parameters)", b,
          components + 6, pCell);
      case NODE_PERTURBATION -> Math.addExact(
          Limits.product(what + " (batch_size x parameters)", 3, b, pAll),
          Limits.product("node-perturbation's reference trajectory", b, steps + 1L,
              slotDoubles(network)));
      case FBPTT -> Limits.product("fbptt's credits (horizon x batch_size x state)",
          Math.min(rule.intOption("horizon", 10, 1), steps), b, s);
      case DNI -> Math.addExact(
          Limits.product("dni's synthetic gradient (3 x state x (state + outputs + 1))", 3, s,
              s + o + 1),
          Limits.product("dni's inputs and credits (batch_size x (state + outputs + 1))", 8, b,
              s + o + 1));
      case KERNL -> Math.addExact(Math.addExact(
          Limits.product(what + " (batch_size x components x parameters)", b, components + 3,
              pCell),
          Limits.product("kernl's sensitivity (hidden x hidden)", 2, n, n)),
          Limits.product("kernl's perturbed copies", 4, b, slotDoubles(network)));
    };
    return Math.addExact(base, extra);
  }

  /** RTRL's influence, output influence and Jacobians (and SnAp-n's for n ≥ 2). */
  private static long rtrl(long b, long s, long n, long pCell) {
    return Math.addExact(Math.addExact(
        Limits.product("rtrl's influence (batch_size x state x parameters)", 2, b, s, pCell),
        Limits.product("rtrl's output influence (batch_size x hidden x parameters)",
            b + 2, n, pCell)),
        Limits.product("rtrl's Jacobians", s + 1, Math.max(s, pCell)));
  }

  /** The extended state's buffers of the factored estimators and SnAp-1: J_t and the signals. */
  private static long extended(long s, long n) {
    return Limits.product("the state Jacobian", s + 8, s + 2 * n);
  }

  /**
   * Doubles one training of {@code rule} holds: parameters and their copies, a batch of
   * {@code batch} sequences of {@code steps} steps, the trajectory of every step, and the session.
   */
  public static long trainingDoubles(NetworkSpec spec, RuleSpec rule, int batch, int steps) {
    Network network = new Network(spec);
    long params = Limits.product("parameters", PARAMETER_COPIES, parameters(network));
    long batchData = Limits.product("batch_size x steps x (inputs + outputs + 1)", batch, steps,
        spec.inputs() + (long) spec.outputs() + 1);
    long trajectory = Limits.product("batch_size x (steps + 1) x state", batch, steps + 1L,
        slotDoubles(network));
    // one array of the trajectory, and of the batch, holds one step of the whole batch
    Limits.arrayLength("batch_size x state", batch, network.cell().stateSize());
    Limits.arrayLength("batch_size x inputs", batch, spec.inputs());
    return Math.addExact(Math.addExact(Math.addExact(params, batchData), trajectory),
        sessionDoubles(rule, network, batch, steps));
  }

  /**
   * Refuses work that would need more than the JVM may use: {@code what} ({@code "compare"}) would
   * hold {@code doubles} at once; the message says how much memory that is, how to give the JVM more
   * and, in {@code smaller}, what to make smaller.
   */
  public static void requireHeap(String what, long doubles, String smaller) {
    long bytes = doubles > Long.MAX_VALUE / 8 ? Long.MAX_VALUE : doubles * 8;
    long max = Runtime.getRuntime().maxMemory();
    // a margin for what the plan does not count (the JVM's own, figures, metrics rows)
    long usable = max == Long.MAX_VALUE ? max : max / 10 * 9;
    if (bytes > usable) {
      long needGb = bytes / (1L << 30) + 2;
      throw new IllegalArgumentException(what + " would need about " + size(bytes)
          + " of memory, more than the " + size(max) + " this JVM may use; make " + smaller
          + " smaller, or give it more with BPTTLAB_JAVA_OPTIONS=\"" + LAUNCHER_OPTIONS + " -Xmx"
          + (bytes > (1L << 60) ? "..." : needGb + "g") + "\"");
    }
  }

  /** Bytes in a unit a reader takes in at a glance. */
  static String size(long bytes) {
    if (bytes >= (1L << 60)) {
      return "more than an exabyte";
    }
    double b = bytes;
    String[] units = {"bytes", "KB", "MB", "GB", "TB", "PB"};
    int u = 0;
    while (b >= 1024 && u < units.length - 1) {
      b /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, u == 0 ? "%.0f %s" : "%.1f %s", b, units[u]);
  }
}
