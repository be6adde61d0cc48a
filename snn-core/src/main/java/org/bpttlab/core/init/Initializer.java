package org.bpttlab.core.init;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.bpttlab.core.InitSpec;
import org.bpttlab.core.NetworkSpec;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.Seeds;
import org.bpttlab.core.SpikingCellSpec;

/**
 * Draws a network's initial parameters as {@link InitSpec} documents, each group from its own
 * stream ({@code seeds.derive("init").derive(groupName)}), so adding a group never shifts another's
 * draws. Gaussian draws use the Ziggurat sampler (Marsaglia &amp; Tsang 2000) from Commons RNG.
 */
public final class Initializer {
  private Initializer() {}

  /** Fills {@code params} (the network's layout) from {@code seeds}. */
  public static void initialize(NetworkSpec spec, Parameters params, Seeds seeds) {
    Seeds init = seeds.derive("init");
    int n = spec.hidden();
    InitSpec is = spec.init();
    params.fill(0.0);
    gaussian(params.get(Parameters.INPUT_WEIGHTS), is.inputGain() / Math.sqrt(spec.inputs()),
        init.derive(Parameters.INPUT_WEIGHTS).rng());
    double[] wRec = params.get(Parameters.RECURRENT_WEIGHTS);
    UniformRandomProvider recRng = init.derive(Parameters.RECURRENT_WEIGHTS).rng();
    if (is.recurrent() == InitSpec.RecurrentInit.ORTHOGONAL) {
      orthogonal(n, recRng, wRec);
      for (int i = 0; i < wRec.length; i++) {
        wRec[i] *= is.recurrentGain();
      }
    } else {
      gaussian(wRec, is.recurrentGain() / Math.sqrt(n), recRng);
    }
    if (spec.cell() instanceof SpikingCellSpec) {
      for (int j = 0; j < n; j++) {
        wRec[j * n + j] = 0;
      }
    }
    for (int k : maskedRecurrentEntries(spec, seeds)) {
      wRec[k] = 0;
    }
    double[] wOut = params.get(Parameters.OUTPUT_WEIGHTS);
    UniformRandomProvider outRng = init.derive(Parameters.OUTPUT_WEIGHTS).rng();
    if (is.output() == InitSpec.OutputInit.UNIFORM) {
      double limit = is.outputGain() / Math.sqrt(n);
      for (int i = 0; i < wOut.length; i++) {
        wOut[i] = limit * (2 * outRng.nextDouble() - 1);
      }
    } else {
      gaussian(wOut, is.outputGain() / Math.sqrt(n), outRng);
    }
  }

  /**
   * The entries (row·n + column, increasing) of W_rec that a sparse connectivity leaves out: all
   * but round(density · n²) (at least 1) chosen uniformly without replacement from
   * {@code seeds.derive("init").derive("recurrent_mask")}; empty for a dense W_rec.
   */
  public static int[] maskedRecurrentEntries(NetworkSpec spec, Seeds seeds) {
    InitSpec is = spec.init();
    if (!is.sparseRecurrent()) {
      return new int[0];
    }
    int n = spec.hidden();
    int size = n * n;
    int kept = (int) Math.max(1, Math.min(size, Math.round(is.recurrentDensity() * size)));
    UniformRandomProvider rng = seeds.derive("init").derive("recurrent_mask").rng();
    int[] order = new int[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    // partial Fisher–Yates: the first `kept` places hold a uniform sample without replacement
    for (int i = 0; i < kept; i++) {
      int j = i + rng.nextInt(size - i);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    boolean[] keep = new boolean[size];
    for (int i = 0; i < kept; i++) {
      keep[order[i]] = true;
    }
    int[] masked = new int[size - kept];
    int count = 0;
    for (int i = 0; i < size; i++) {
      if (!keep[i]) {
        masked[count++] = i;
      }
    }
    return masked;
  }

  /** Fills {@code out} with N(0, std²) draws. */
  public static void gaussian(double[] out, double std, UniformRandomProvider rng) {
    ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
    for (int i = 0; i < out.length; i++) {
      out[i] = std * g.sample();
    }
  }

  /**
   * A Haar-distributed random orthogonal n×n matrix: Gram–Schmidt (applied twice, "twice is
   * enough", Giraud et al. 2005) on the columns of a Gaussian matrix, which is its QR factorisation
   * with R's diagonal made positive (Mezzadri 2007).
   *
   * @param out n×n, Modified
   */
  public static void orthogonal(int n, UniformRandomProvider rng, double[] out) {
    double[] q = new double[n * n];
    gaussian(q, 1.0, rng);
    // columns of q (column-major view: q[c * n + r] is column c) orthonormalised in place
    for (int c = 0; c < n; c++) {
      for (int pass = 0; pass < 2; pass++) {
        for (int p = 0; p < c; p++) {
          double dot = 0;
          for (int r = 0; r < n; r++) {
            dot += q[p * n + r] * q[c * n + r];
          }
          for (int r = 0; r < n; r++) {
            q[c * n + r] -= dot * q[p * n + r];
          }
        }
      }
      double norm = 0;
      for (int r = 0; r < n; r++) {
        norm += q[c * n + r] * q[c * n + r];
      }
      norm = Math.sqrt(norm);
      for (int r = 0; r < n; r++) {
        q[c * n + r] /= norm;
      }
    }
    // out is row-major: out[r][c] = column c's entry r
    for (int r = 0; r < n; r++) {
      for (int c = 0; c < n; c++) {
        out[r * n + c] = q[c * n + r];
      }
    }
  }
}
