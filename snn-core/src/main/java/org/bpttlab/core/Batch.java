package org.bpttlab.core;

import java.util.Arrays;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * A batch of B independent sequences of T steps, stored time-major so that a time step's rows are
 * contiguous for the kernels: {@code x[t-1]} is the B×n_in input of step t (row b is sequence b),
 * {@code target[t-1]} the B×n_out target and {@code mask[t-1]} the B per-sequence weights m_t of step
 * t. (Exported NumPy arrays are batch-major, [B, T, n].)
 *
 * @param size B, &gt; 0
 * @param steps T, &gt; 0
 * @param inputs n_in, &gt; 0
 * @param outputs n_out, &gt; 0
 * @param x T arrays of B·n_in
 * @param target T arrays of B·n_out
 * @param mask T arrays of B
 */
public record Batch(
    int size, int steps, int inputs, int outputs, double[][] x, double[][] target, double[][] mask) {

  public Batch {
    if (size <= 0 || steps <= 0 || inputs <= 0 || outputs <= 0) {
      throw new IllegalArgumentException(
          "batch size, steps, inputs and outputs must be > 0, were "
              + size + ", " + steps + ", " + inputs + ", " + outputs);
    }
    requireShape("x", x, steps, size * inputs);
    requireShape("target", target, steps, size * outputs);
    requireShape("mask", mask, steps, size);
  }

  /** A zero-filled batch to be written by a task generator. */
  public static Batch zeros(int size, int steps, int inputs, int outputs) {
    return new Batch(size, steps, inputs, outputs,
        new double[steps][size * inputs], new double[steps][size * outputs],
        new double[steps][size]);
  }

  /**
   * Standard Gaussian inputs and targets drawn from {@code seeds}' stream, step by step (inputs,
   * then targets); the mask is 1 at every step, or only at the last with {@code lastStepOnly}. The
   * workload of the benchmarks and of the reproductions that need no task.
   */
  public static Batch gaussian(int size, int steps, int inputs, int outputs, boolean lastStepOnly,
      Seeds seeds) {
    Batch b = zeros(size, steps, inputs, outputs);
    ZigguratSampler.NormalizedGaussian normal = ZigguratSampler.NormalizedGaussian.of(seeds.rng());
    for (int t = 0; t < steps; t++) {
      for (int i = 0; i < b.x[t].length; i++) {
        b.x[t][i] = normal.sample();
      }
      for (int i = 0; i < b.target[t].length; i++) {
        b.target[t][i] = normal.sample();
      }
      Arrays.fill(b.mask[t], lastStepOnly && t < steps - 1 ? 0.0 : 1.0);
    }
    return b;
  }

  /** The B×n_in input of step t (1..T). */
  public double[] input(int t) {
    return x[t - 1];
  }

  /** The B×n_out target of step t (1..T). */
  public double[] targetAt(int t) {
    return target[t - 1];
  }

  /** The B mask weights of step t (1..T). */
  public double[] maskAt(int t) {
    return mask[t - 1];
  }

  private static void requireShape(String name, double[][] a, int rows, int cols) {
    if (a == null || a.length != rows) {
      throw new IllegalArgumentException(name + " must have " + rows + " steps");
    }
    for (double[] r : a) {
      if (r == null || r.length != cols) {
        throw new IllegalArgumentException(name + " rows must have length " + cols);
      }
    }
  }
}
