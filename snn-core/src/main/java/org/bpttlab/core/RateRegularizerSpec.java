package org.bpttlab.core;

/**
 * The firing-rate regulariser of spiking networks, {@code (c/2) Σ_j (f_j − f_target)²}, where f_j is
 * neuron j's mean rate over the batch and the sequence in spikes per ms and f_target = targetHz/1000
 * (Bellec et al. 2020, Methods; their reference code uses the same units).
 *
 * @param strength c, ≥ 0 (0: off)
 * @param targetHz the target rate, ≥ 0
 */
public record RateRegularizerSpec(double strength, double targetHz) {
  public RateRegularizerSpec {
    if (!(strength >= 0) || Double.isInfinite(strength)) {
      throw new IllegalArgumentException("strength must be >= 0 and finite, was " + strength);
    }
    if (!(targetHz >= 0) || Double.isInfinite(targetHz)) {
      throw new IllegalArgumentException("targetHz must be >= 0 and finite, was " + targetHz);
    }
  }

  public static RateRegularizerSpec off() {
    return new RateRegularizerSpec(0, 10);
  }

  public boolean enabled() {
    return strength > 0;
  }
}
