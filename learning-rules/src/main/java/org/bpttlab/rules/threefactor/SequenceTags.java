package org.bpttlab.rules.threefactor;

import java.util.Arrays;
import org.bpttlab.core.Parameters;
import org.bpttlab.kernels.Elementwise;

/**
 * One synaptic tag per parameter and sequence, ē-weighted products a three-factor rule collects over
 * a trial before the modulator arrives: tag_g[b][x] for every entry x of every parameter group g.
 * At the end, {@code grad_g[x] = scale · Σ_b M_b tag_g[b][x]}.
 */
final class SequenceTags {
  private final int batch;
  private final double[][] tags;

  SequenceTags(Parameters layout, int batch) {
    this.batch = batch;
    tags = new double[layout.groupCount()][];
    for (int g = 0; g < tags.length; g++) {
      tags[g] = new double[batch * layout.get(g).length];
    }
  }

  /** The tags, [group][b·size + x] (Modified by the rule that fills them). */
  double[][] all() {
    return tags;
  }

  double[] group(int g) {
    return tags[g];
  }

  void clear() {
    for (double[] t : tags) {
      Arrays.fill(t, 0.0);
    }
  }

  /**
   * {@code out_g[x] = scale · Σ_b modulators[b] tag_g[b][x]}.
   *
   * @param out Modified (overwritten)
   */
  void write(double[] modulators, double scale, Parameters out) {
    out.fill(0.0);
    add(modulators, scale, out);
  }

  /**
   * {@code out_g[x] += scale · Σ_b modulators[b] tag_g[b][x]}.
   *
   * @param out Modified (added to)
   */
  void add(double[] modulators, double scale, Parameters out) {
    for (int g = 0; g < tags.length; g++) {
      double[] dst = out.get(g);
      double[] tag = tags[g];
      int size = dst.length;
      for (int b = 0; b < batch; b++) {
        double m = scale * modulators[b];
        if (m != 0) {
          Elementwise.axpy(size, m, tag, b * size, dst, 0);
        }
      }
    }
  }

  /** Every tag times {@code factor} (a discounted eligibility). */
  void scale(double factor) {
    for (double[] t : tags) {
      for (int i = 0; i < t.length; i++) {
        t[i] *= factor;
      }
    }
  }

  long storedDoubles() {
    long d = 0;
    for (double[] t : tags) {
      d += t.length;
    }
    return d;
  }
}
