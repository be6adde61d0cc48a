package org.bpttlab.rules.rtrl;

import org.bpttlab.rules.OnlineRule;

/**
 * The stochastic factored estimators of the influence matrix (UORO, KF-RTRL, reverse KF-RTRL;
 * Marschall et al. 2020 §4.2): their options (online, seed, noise) and name. Their sessions are
 * {@link ExtendedSession}s: each sequence b keeps its own factors, zero at a fresh sequence as the
 * influence is (M_0 = 0), so the first step's estimate is exact and every later one unbiased. A scale
 * ρ of a factor pair is set to 1 while either factor is zero. ν: random signs ±1 (vanilla-rtrl's
 * default) or standard normal draws.
 */
public abstract class FactoredRule extends OnlineRule {
  /** The distribution of the random signs ν. */
  public enum Noise {
    /** ±1 with probability ½ each. */
    SIGNS("signs"),
    /** Standard normal. */
    GAUSSIAN("gaussian"),
    /**
     * ν = 1 in every entry: not zero-mean, so the estimate is biased (E[ννᵀ] ≠ I). Only for tests
     * that show the bias; not offered on the command line.
     */
    CONSTANT("constant");

    private final String label;

    Noise(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }

    /** The noise named {@code label} (signs or gaussian); throws naming the allowed ones. */
    public static Noise fromLabel(String label) {
      for (Noise n : values()) {
        if (n != CONSTANT && n.label.equals(label)) {
          return n;
        }
      }
      throw new IllegalArgumentException(
          "noise must be one of signs, gaussian, was '" + label + "'");
    }
  }

  final long seed;
  final Noise noise;

  FactoredRule(String rule, int online, long seed, Noise noise) {
    super(rule, online);
    this.seed = seed;
    this.noise = noise;
  }

  @Override
  protected final String options() {
    return "seed=" + seed + (noise == Noise.SIGNS ? "" : ",noise=" + noise.label());
  }
}
