package org.bpttlab.results.reproduce;

import java.util.Arrays;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.bpttlab.core.Batch;
import org.bpttlab.core.Seeds;

/** Synthetic batches the reproductions share. */
final class Workloads {
  private Workloads() {}

  /**
   * Gaussian inputs and targets; the mask is 1 at every step, or only at the last with
   * {@code lastStepOnly}.
   */
  static Batch gaussian(int size, int steps, int inputs, int outputs, boolean lastStepOnly,
      Seeds seeds) {
    Batch b = Batch.zeros(size, steps, inputs, outputs);
    UniformRandomProvider rng = seeds.rng();
    ZigguratSampler.NormalizedGaussian normal = ZigguratSampler.NormalizedGaussian.of(rng);
    for (int t = 0; t < steps; t++) {
      for (int i = 0; i < b.x()[t].length; i++) {
        b.x()[t][i] = normal.sample();
      }
      for (int i = 0; i < b.target()[t].length; i++) {
        b.target()[t][i] = normal.sample();
      }
      Arrays.fill(b.mask()[t], lastStepOnly && t < steps - 1 ? 0.0 : 1.0);
    }
    return b;
  }
}
