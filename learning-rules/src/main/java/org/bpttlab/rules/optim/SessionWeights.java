package org.bpttlab.rules.optim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bpttlab.core.ParameterShape;
import org.bpttlab.core.Parameters;

/**
 * Weights a learning rule's session learns on its own, beside the network's (adaptive e-prop's
 * feedback, a critic): one group, its gradient, and an optimizer of the run's own spec with its own
 * state (no clipping: the run clips the network's gradient). Their carried state, for checkpoints,
 * is the weights, the optimizer's step count and its state arrays, flattened in that order.
 */
public final class SessionWeights {
  private final Parameters weights;
  private final Parameters gradient;
  private final Optimizer optimizer;

  /** Zero weights of {@code shape}, learned with an optimizer of {@code spec} (unclipped). */
  public SessionWeights(ParameterShape shape, OptimizerSpec spec) {
    weights = new Parameters(List.of(shape));
    gradient = weights.zerosLike();
    optimizer = spec.withClipNorm(0).withClipValue(0).create(weights);
  }

  /** The weights (live, Modified by {@link #update} and by whoever initialises them). */
  public double[] values() {
    return weights.get(0);
  }

  /** The gradient to be applied by the next {@link #update} (live, Modified by the caller). */
  public double[] gradient() {
    return gradient.get(0);
  }

  /** Applies the gradient with the optimizer and clears it. */
  public void update() {
    optimizer.update(weights, gradient);
    gradient.fill(0.0);
  }

  /** The weights, the optimizer's step count, then its state arrays in order. */
  public double[] state() {
    OptimizerState s = optimizer.state();
    List<double[]> parts = new ArrayList<>(s.arrays().values());
    double[] w = values();
    int size = w.length + 1;
    for (double[] p : parts) {
      size += p.length;
    }
    double[] out = new double[size];
    System.arraycopy(w, 0, out, 0, w.length);
    int at = w.length;
    out[at++] = s.steps();
    for (double[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  /** Doubles in {@link #state()}. */
  public int stateSize() {
    return state().length;
  }

  /**
   * Reinstates a {@link #state()} read from {@code state[offset..]}; returns the offset after it.
   *
   * @param state Not modified
   */
  public int restore(double[] state, int offset) {
    if (state.length - offset < stateSize()) {
      throw new IllegalArgumentException("learned weights carry " + stateSize()
          + " values, " + (state.length - offset) + " were given");
    }
    double[] w = values();
    System.arraycopy(state, offset, w, 0, w.length);
    int at = offset + w.length;
    long steps = (long) state[at++];
    Map<String, double[]> arrays = new LinkedHashMap<>();
    for (Map.Entry<String, double[]> e : optimizer.state().arrays().entrySet()) {
      arrays.put(e.getKey(), Arrays.copyOfRange(state, at, at + e.getValue().length));
      at += e.getValue().length;
    }
    optimizer.restore(new OptimizerState(optimizer.spec().kind(), steps, arrays));
    return at;
  }

  /** Doubles held: the weights, the gradient and the optimizer's state. */
  public long storedDoubles() {
    long d = 2L * values().length;
    for (double[] a : optimizer.state().arrays().values()) {
      d += a.length;
    }
    return d;
  }
}
