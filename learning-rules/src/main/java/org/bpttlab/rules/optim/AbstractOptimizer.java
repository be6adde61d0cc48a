package org.bpttlab.rules.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.bpttlab.core.Parameters;

/**
 * What every optimizer shares: clipping and the norm it returns, skipping a non-finite gradient,
 * the step count, and the export and restore of its state buffers (each a {@link Parameters} of the
 * layout, registered with {@link #buffer}).
 */
abstract class AbstractOptimizer implements Optimizer {
  private final OptimizerSpec spec;
  private final Parameters layout;
  private final Map<String, Parameters> buffers = new LinkedHashMap<>();
  private long steps;

  AbstractOptimizer(OptimizerSpec spec, Parameters layout) {
    this.spec = spec;
    this.layout = layout.zerosLike();
  }

  /** A new zero state buffer of the layout, exported as {@code <name>.<group>}. */
  final Parameters buffer(String name) {
    Parameters p = layout.zerosLike();
    buffers.put(name, p);
    return p;
  }

  /**
   * Applies update number {@code step} (1-based) with the clipped gradient.
   *
   * @param params Modified
   * @param grad Not modified
   */
  abstract void apply(Parameters params, Parameters grad, long step);

  @Override
  public final OptimizerSpec spec() {
    return spec;
  }

  @Override
  public final double update(Parameters params, Parameters grad) {
    layout.requireSameLayout(params);
    layout.requireSameLayout(grad);
    double norm = Clipping.apply(grad, spec.clipNorm(), spec.clipValue());
    if (Double.isFinite(norm)) {
      steps++;
      apply(params, grad, steps);
    }
    return norm;
  }

  @Override
  public final long steps() {
    return steps;
  }

  @Override
  public final OptimizerState state() {
    Map<String, double[]> arrays = new LinkedHashMap<>();
    buffers.forEach((name, p) -> {
      for (int g = 0; g < p.groupCount(); g++) {
        arrays.put(name + "." + p.shape(g).name(), p.get(g));
      }
    });
    return new OptimizerState(spec.kind(), steps, arrays);
  }

  @Override
  public final void restore(OptimizerState state) {
    if (!spec.kind().equals(state.kind())) {
      throw new IllegalArgumentException(
          "state of a " + state.kind() + " optimizer cannot restore a " + spec.kind() + " one");
    }
    Set<String> expected = state().arrays().keySet();
    if (!expected.equals(state.arrays().keySet())) {
      throw new IllegalArgumentException("state arrays must be " + expected + ", were "
          + state.arrays().keySet());
    }
    buffers.forEach((name, p) -> {
      for (int g = 0; g < p.groupCount(); g++) {
        String key = name + "." + p.shape(g).name();
        double[] a = state.arrays().get(key);
        if (a.length != p.get(g).length) {
          throw new IllegalArgumentException("state array " + key + " must have "
              + p.get(g).length + " entries, had " + a.length);
        }
      }
    });
    buffers.forEach((name, p) -> {
      for (int g = 0; g < p.groupCount(); g++) {
        double[] a = state.arrays().get(name + "." + p.shape(g).name());
        System.arraycopy(a, 0, p.get(g), 0, a.length);
      }
    });
    steps = state.steps();
  }
}
