package org.bpttlab.core;

import java.util.Locale;

/**
 * How parameters are drawn (all from the run's seed, stream {@code "init"}):
 *
 * <ul>
 *   <li>W_in ~ N(0, inputGain² / n_in) (Gaussian / √fan-in);
 *   <li>W_rec: {@link RecurrentInit#ORTHOGONAL} a Haar-random orthogonal matrix times
 *       recurrentGain (Saxe et al. 2014; Mezzadri 2007 for the sign fix), or
 *       {@link RecurrentInit#GAUSSIAN} N(0, recurrentGain² / n); spiking cells then zero the diagonal;
 *   <li>W_out: {@link OutputInit#GAUSSIAN} N(0, outputGain² / n), or {@link OutputInit#UNIFORM}
 *       U(−outputGain/√n, outputGain/√n) (TensorFlow's default {@code glorot_uniform} with
 *       outputGain = √(6 n / (n + n_out)); Murray 2019's 0.1·U(−1, 1)/√n with outputGain = 0.1);
 *   <li>b = 0, b_out = 0.
 * </ul>
 *
 * <p>A sparse recurrent connectivity ({@code recurrentDensity} &lt; 1): a fixed random mask keeps
 * round(density · n²) entries of W_rec (at least one), drawn uniformly without replacement from its
 * own stream ({@code seeds.derive("init").derive("recurrent_mask")}); the other entries start at 0
 * and the trainer keeps them at 0 (their gradient is zeroed before every update). The kept entries
 * are the dense draw's, not rescaled: a Gaussian W_rec's spectral radius shrinks by about
 * √density, which {@code recurrentGain} can restore. Rules that read the connectivity from W_rec's
 * zeros (SnAp-n) see the mask.
 *
 * @param recurrent the recurrent weights' distribution
 * @param recurrentGain scale of W_rec, ≥ 0
 * @param inputGain scale of W_in, ≥ 0
 * @param outputGain scale of W_out, ≥ 0 (1 unless a model's units ask otherwise)
 * @param output the output weights' distribution
 * @param recurrentDensity the fraction of W_rec's entries that are connections, in (0, 1]; 1 is
 *     dense
 */
public record InitSpec(RecurrentInit recurrent, double recurrentGain, double inputGain,
    double outputGain, OutputInit output, double recurrentDensity) {
  /** The recurrent weights' distribution. */
  public enum RecurrentInit {
    ORTHOGONAL,
    GAUSSIAN
  }

  /** The output weights' distribution. */
  public enum OutputInit {
    GAUSSIAN,
    UNIFORM;

    /** The name in configs: {@code gaussian} or {@code uniform}. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public InitSpec {
    if (recurrent == null) {
      throw new IllegalArgumentException("recurrent init must be orthogonal or gaussian");
    }
    if (output == null) {
      throw new IllegalArgumentException("output init must be gaussian or uniform");
    }
    if (!(recurrentGain >= 0) || Double.isInfinite(recurrentGain)) {
      throw new IllegalArgumentException("recurrentGain must be >= 0 and finite, was " + recurrentGain);
    }
    if (!(inputGain >= 0) || Double.isInfinite(inputGain)) {
      throw new IllegalArgumentException("inputGain must be >= 0 and finite, was " + inputGain);
    }
    if (!(outputGain >= 0) || Double.isInfinite(outputGain)) {
      throw new IllegalArgumentException("outputGain must be >= 0 and finite, was " + outputGain);
    }
    if (!(recurrentDensity > 0 && recurrentDensity <= 1)) {
      throw new IllegalArgumentException(
          "recurrentDensity must be in (0, 1], was " + recurrentDensity);
    }
  }

  /** Dense W_rec. */
  public InitSpec(RecurrentInit recurrent, double recurrentGain, double inputGain,
      double outputGain, OutputInit output) {
    this(recurrent, recurrentGain, inputGain, outputGain, output, 1);
  }

  /** With Gaussian output weights. */
  public InitSpec(RecurrentInit recurrent, double recurrentGain, double inputGain,
      double outputGain) {
    this(recurrent, recurrentGain, inputGain, outputGain, OutputInit.GAUSSIAN);
  }

  /** With Gaussian output weights of gain 1. */
  public InitSpec(RecurrentInit recurrent, double recurrentGain, double inputGain) {
    this(recurrent, recurrentGain, inputGain, 1);
  }

  /** Orthogonal W_rec with gain 1, the rate cell's default. */
  public static InitSpec orthogonal() {
    return new InitSpec(RecurrentInit.ORTHOGONAL, 1, 1);
  }

  /** Gaussian W_rec with gain 1, the spiking cells' default (Bellec et al. 2020). */
  public static InitSpec gaussian() {
    return new InitSpec(RecurrentInit.GAUSSIAN, 1, 1);
  }

  public InitSpec withRecurrentGain(double gain) {
    return new InitSpec(recurrent, gain, inputGain, outputGain, output, recurrentDensity);
  }

  /** A copy with W_out drawn from {@code distribution} with scale {@code gain}. */
  public InitSpec withOutput(OutputInit distribution, double gain) {
    return new InitSpec(recurrent, recurrentGain, inputGain, gain, distribution,
        recurrentDensity);
  }

  /**
   * A copy with the gains multiplied: W_in's by {@code input}, W_rec's by {@code recurrentFactor},
   * W_out's by {@code output}.
   */
  public InitSpec withGains(double input, double recurrentFactor, double output) {
    return new InitSpec(recurrent, recurrentGain * recurrentFactor, inputGain * input,
        outputGain * output, this.output, recurrentDensity);
  }

  /** A copy whose W_rec keeps the fraction {@code density} of its entries (1: dense). */
  public InitSpec withRecurrentDensity(double density) {
    return new InitSpec(recurrent, recurrentGain, inputGain, outputGain, output, density);
  }

  /** Whether W_rec has a fixed sparse connectivity (density below 1). */
  public boolean sparseRecurrent() {
    return recurrentDensity < 1;
  }
}
