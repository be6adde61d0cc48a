package org.bpttlab.rules.optim;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A snapshot of an optimizer's state, for checkpoints: its kind, the number of updates applied, and
 * its state arrays by name, {@code <buffer>.<parameter group>} (e.g. {@code m.W_rec} for Adam's
 * first moment of the recurrent weights). The arrays are the snapshot's own copies, taken when it
 * is made; callers must not modify them. Equality compares the arrays' contents bit for bit.
 *
 * <table>
 *   <caption>Buffers by kind</caption>
 *   <tr><th>kind</th><th>buffers</th></tr>
 *   <tr><td>sgd</td><td>none</td></tr>
 *   <tr><td>momentum</td><td>{@code velocity}</td></tr>
 *   <tr><td>adam</td><td>{@code m}, {@code v} (biased moment estimates)</td></tr>
 *   <tr><td>rprop</td><td>{@code step_size}, {@code previous_gradient}</td></tr>
 * </table>
 *
 * @param kind the optimizer's kind
 * @param steps updates applied, ≥ 0
 * @param arrays the state arrays by name, in the optimizer's order
 */
public record OptimizerState(String kind, long steps, Map<String, double[]> arrays) {
  public OptimizerState {
    if (!OptimizerSpec.KINDS.contains(kind)) {
      throw new IllegalArgumentException("kind must be one of "
          + String.join(", ", OptimizerSpec.KINDS) + ", was '" + kind + "'");
    }
    if (steps < 0) {
      throw new IllegalArgumentException("steps must be >= 0, was " + steps);
    }
    Map<String, double[]> copy = new LinkedHashMap<>();
    for (Map.Entry<String, double[]> e : arrays.entrySet()) {
      if (e.getKey() == null || e.getValue() == null) {
        throw new IllegalArgumentException("state arrays must have a name and values");
      }
      copy.put(e.getKey(), e.getValue().clone());
    }
    arrays = Collections.unmodifiableMap(copy);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof OptimizerState s) || !kind.equals(s.kind) || steps != s.steps
        || !arrays.keySet().equals(s.arrays.keySet())) {
      return false;
    }
    for (Map.Entry<String, double[]> e : arrays.entrySet()) {
      if (!Arrays.equals(e.getValue(), s.arrays.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = kind.hashCode() * 31 + Long.hashCode(steps);
    for (Map.Entry<String, double[]> e : arrays.entrySet()) {
      h = h * 31 + e.getKey().hashCode() * 17 + Arrays.hashCode(e.getValue());
    }
    return h;
  }

  @Override
  public String toString() {
    Map<String, Integer> sizes = new LinkedHashMap<>();
    arrays.forEach((name, a) -> sizes.put(name, a.length));
    return "OptimizerState[kind=" + kind + ", steps=" + steps + ", arrays=" + sizes + "]";
  }
}
