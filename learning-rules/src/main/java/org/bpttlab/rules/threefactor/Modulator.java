package org.bpttlab.rules.threefactor;

import java.util.Arrays;
import java.util.Locale;

/**
 * The global scalar modulator of a three-factor rule: for each sequence b (one trial) from its
 * reward R_b (the negative loss of the trial),
 *
 * <ul>
 *   <li>{@code baseline}: M_b = R_b − R̄, R̄ the running mean reward (Fiete &amp; Seung 2006; Frémaux
 *       &amp; Gerstner 2016): after each batch R̄ ← R̄ + β (mean_b R_b − R̄); the first batch's mean
 *       starts it (that batch alone is then compared with itself);
 *   <li>{@code clean}: M_b = R_b − R_b⁰, R_b⁰ the reward of the same trial without exploration
 *       (the rule provides it; a per-trial baseline, for tasks whose trials differ);
 *   <li>{@code constant}: M_b = c whatever the reward, which reduces the rule to its Hebbian,
 *       two-factor form;
 *   <li>{@code td}: a temporal-difference error per step, from a learned critic ({@link Critic};
 *       the rule computes it, not this class).
 * </ul>
 *
 * Carries R̄ (and whether it has started) from batch to batch.
 */
final class Modulator {
  /** The kinds of modulator. */
  enum Kind {
    BASELINE,
    CLEAN,
    CONSTANT,
    TD;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    static Kind fromLabel(String label) {
      for (Kind k : values()) {
        if (k.label().equals(label)) {
          return k;
        }
      }
      throw new IllegalArgumentException(
          "modulator must be one of baseline, clean, constant, td, was '" + label + "'");
    }
  }

  private final Kind kind;
  private final double beta;
  private final double value;
  private double baseline;
  private boolean started;

  /**
   * @param beta the baseline's rate β in (0, 1]
   * @param value the constant modulator c
   */
  Modulator(Kind kind, double beta, double value) {
    if (!(beta > 0 && beta <= 1)) {
      throw new IllegalArgumentException("beta must be in (0, 1], was " + beta);
    }
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("value must be finite, was " + value);
    }
    this.kind = kind;
    this.beta = beta;
    this.value = value;
  }

  Kind kind() {
    return kind;
  }

  /** The modulator's part of a rule's name, e.g. {@code modulator=baseline,beta=0.1}. */
  static String describe(Kind kind, double beta, double value, double gamma) {
    return switch (kind) {
      case CONSTANT -> "modulator=constant,value=" + value;
      case TD -> "modulator=td,gamma=" + gamma;
      case BASELINE -> "modulator=baseline,beta=" + beta;
      default -> "modulator=" + kind.label();
    };
  }

  /**
   * Writes M_b for the rewards of a batch, then moves the baseline.
   *
   * @param rewards R_b, length ≥ batch, Not modified
   * @param clean R_b⁰ for {@code clean} (ignored, may be null, otherwise), Not modified
   * @param out M_b, Modified
   */
  void modulate(double[] rewards, double[] clean, int batch, double[] out) {
    if (kind == Kind.CONSTANT) {
      Arrays.fill(out, 0, batch, value);
      return;
    }
    if (kind == Kind.CLEAN) {
      for (int b = 0; b < batch; b++) {
        out[b] = rewards[b] - clean[b];
      }
      return;
    }
    double mean = 0;
    for (int b = 0; b < batch; b++) {
      mean += rewards[b];
    }
    mean /= batch;
    if (!started) {
      baseline = mean;
      started = true;
    }
    for (int b = 0; b < batch; b++) {
      out[b] = rewards[b] - baseline;
    }
    baseline += beta * (mean - baseline);
  }

  /** The running baseline R̄ (NaN before the first batch). */
  double baseline() {
    return started ? baseline : Double.NaN;
  }

  /** [R̄, started ? 1 : 0]. */
  double[] state() {
    return new double[] {baseline, started ? 1 : 0};
  }

  void restore(double[] state, int offset) {
    baseline = state[offset];
    started = state[offset + 1] != 0;
  }
}
