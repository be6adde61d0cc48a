package org.bpttlab.core;

/**
 * Leaky integrate-and-fire neurons, optionally with adaptive thresholds (LSNN; Bellec et al. 2018,
 * 2020). With dt = {@code dtMs}, α = exp(-dt/τ_m), ρ = exp(-dt/τ_a):
 *
 * <pre>
 * v_t = α v_{t-1} + W_rec z_{t-1} + W_in x_t - v_th z_{t-1}     (W_rec_jj = 0: no self-connections)
 * a_t = ρ a_{t-1} + z_{t-1}                                      (adaptive neurons only)
 * A_t = v_th + β_j a_t                                           (β_j = 0 for LIF neurons)
 * z_t = H(v_t - A_t), and z_t = 0 for n_ref steps after a spike
 * ψ_t = surrogate((v_t - A_t) / v_th), and ψ_t = 0 while refractory
 * </pre>
 *
 * The last {@code adaptiveNeurons} of the n neurons adapt (β_j = β); the first ones are LIF. With
 * {@code adaptiveNeurons = 0} the cell is {@code lif} and its state is v alone; otherwise it is
 * {@code alif} and its state is (v, a).
 *
 * @param hidden number of neurons n, &gt; 0
 * @param adaptiveNeurons how many neurons adapt, 0..n
 * @param tauMemMs membrane time constant τ_m, &gt; 0
 * @param tauAdaptMs adaptation time constant τ_a, &gt; 0
 * @param threshold baseline threshold v_th, &gt; 0
 * @param beta adaptation strength β of the adaptive neurons, ≥ 0
 * @param dampening γ, the surrogate's height factor, &gt; 0
 * @param refractorySteps n_ref, ≥ 0
 * @param surrogate the pseudo-derivative's shape
 * @param dtMs time step, &gt; 0
 * @param detachReset whether {@code z_{t-1}} in the reset term {@code -v_th z_{t-1}} is a constant for
 *     every gradient (off by default: BPTT differentiates the reset, as the e-prop reference code's
 *     BPTT does)
 * @param stopRecurrentGradient whether {@code z_{t-1}} in {@code W_rec z_{t-1}} is treated as a
 *     constant by every gradient (the parameter gradient of W_rec is kept)
 */
public record SpikingCellSpec(
    int hidden,
    int adaptiveNeurons,
    double tauMemMs,
    double tauAdaptMs,
    double threshold,
    double beta,
    double dampening,
    int refractorySteps,
    Surrogate surrogate,
    double dtMs,
    boolean detachReset,
    boolean stopRecurrentGradient)
    implements CellSpec {

  public SpikingCellSpec {
    if (hidden <= 0) {
      throw new IllegalArgumentException("hidden must be > 0, was " + hidden);
    }
    if (adaptiveNeurons < 0 || adaptiveNeurons > hidden) {
      throw new IllegalArgumentException(
          "adaptiveNeurons must be in 0.." + hidden + ", was " + adaptiveNeurons);
    }
    CellSpec.requirePositive("tauMemMs", tauMemMs);
    CellSpec.requirePositive("tauAdaptMs", tauAdaptMs);
    CellSpec.requirePositive("threshold", threshold);
    if (!(beta >= 0) || Double.isInfinite(beta)) {
      throw new IllegalArgumentException("beta must be >= 0 and finite, was " + beta);
    }
    CellSpec.requirePositive("dampening", dampening);
    if (refractorySteps < 0) {
      throw new IllegalArgumentException("refractorySteps must be >= 0, was " + refractorySteps);
    }
    if (surrogate == null) {
      throw new IllegalArgumentException("surrogate must be given");
    }
    CellSpec.requirePositive("dtMs", dtMs);
  }

  /**
   * LIF neurons with the defaults: τ_m = 20 ms, v_th = 0.6, γ = 0.3, n_ref = 2, piecewise-linear
   * surrogate, dt = 1 ms, the reset differentiated.
   */
  public static SpikingCellSpec lif(int hidden) {
    return new SpikingCellSpec(
        hidden, 0, 20, 500, 0.6, 0.07, 0.3, 2, Surrogate.PIECEWISE_LINEAR, 1.0, false, false);
  }

  /** All-adaptive neurons with the defaults of {@link #lif} and τ_a = 500 ms, β = 0.07. */
  public static SpikingCellSpec alif(int hidden) {
    return lif(hidden).withAdaptiveNeurons(hidden);
  }

  @Override
  public String kind() {
    return adaptiveNeurons == 0 ? "lif" : "alif";
  }

  /** True if the state holds the adaptation variable a (state size 2n). */
  public boolean adaptive() {
    return adaptiveNeurons > 0;
  }

  /** Membrane decay α = exp(-dt/τ_m). */
  public double alpha() {
    return Math.exp(-dtMs / tauMemMs);
  }

  /** Adaptation decay ρ = exp(-dt/τ_a). */
  public double rho() {
    return Math.exp(-dtMs / tauAdaptMs);
  }

  /** β_j: 0 for the first n - adaptiveNeurons neurons, β for the rest. */
  public double betaOf(int neuron) {
    return neuron >= hidden - adaptiveNeurons ? beta : 0.0;
  }

  @Override
  public SpikingCellSpec withHidden(int n) {
    int adaptive = adaptiveNeurons == hidden ? n : Math.min(adaptiveNeurons, n);
    return new SpikingCellSpec(n, adaptive, tauMemMs, tauAdaptMs, threshold, beta, dampening,
        refractorySteps, surrogate, dtMs, detachReset, stopRecurrentGradient);
  }

  @Override
  public SpikingCellSpec withStopRecurrentGradient(boolean stop) {
    return new SpikingCellSpec(hidden, adaptiveNeurons, tauMemMs, tauAdaptMs, threshold, beta,
        dampening, refractorySteps, surrogate, dtMs, detachReset, stop);
  }

  public SpikingCellSpec withAdaptiveNeurons(int count) {
    return new SpikingCellSpec(hidden, count, tauMemMs, tauAdaptMs, threshold, beta, dampening,
        refractorySteps, surrogate, dtMs, detachReset, stopRecurrentGradient);
  }

  /** A copy with the reset's z_{t-1} a constant for every gradient, or differentiated. */
  public SpikingCellSpec withDetachReset(boolean detach) {
    return new SpikingCellSpec(hidden, adaptiveNeurons, tauMemMs, tauAdaptMs, threshold, beta,
        dampening, refractorySteps, surrogate, dtMs, detach, stopRecurrentGradient);
  }

  /** Both paths of z_{t-1} outside the neuron's own state stopped: the recurrent input and the reset. */
  @Override
  public SpikingCellSpec eligibilityGraph() {
    return withStopRecurrentGradient(true).withDetachReset(true);
  }

  public SpikingCellSpec withSurrogate(Surrogate s) {
    return new SpikingCellSpec(hidden, adaptiveNeurons, tauMemMs, tauAdaptMs, threshold, beta,
        dampening, refractorySteps, s, dtMs, detachReset, stopRecurrentGradient);
  }

  public SpikingCellSpec withRefractorySteps(int steps) {
    return new SpikingCellSpec(hidden, adaptiveNeurons, tauMemMs, tauAdaptMs, threshold, beta,
        dampening, steps, surrogate, dtMs, detachReset, stopRecurrentGradient);
  }

  public SpikingCellSpec withThreshold(double vTh) {
    return new SpikingCellSpec(hidden, adaptiveNeurons, tauMemMs, tauAdaptMs, vTh, beta, dampening,
        refractorySteps, surrogate, dtMs, detachReset, stopRecurrentGradient);
  }

  public SpikingCellSpec withBeta(double b) {
    return new SpikingCellSpec(hidden, adaptiveNeurons, tauMemMs, tauAdaptMs, threshold, b,
        dampening, refractorySteps, surrogate, dtMs, detachReset, stopRecurrentGradient);
  }

  public SpikingCellSpec withTimeConstants(double tauMem, double tauAdapt) {
    return new SpikingCellSpec(hidden, adaptiveNeurons, tauMem, tauAdapt, threshold, beta,
        dampening, refractorySteps, surrogate, dtMs, detachReset, stopRecurrentGradient);
  }

  public SpikingCellSpec withDtMs(double dt) {
    return new SpikingCellSpec(hidden, adaptiveNeurons, tauMemMs, tauAdaptMs, threshold, beta,
        dampening, refractorySteps, surrogate, dt, detachReset, stopRecurrentGradient);
  }

  public SpikingCellSpec withDampening(double gamma) {
    return new SpikingCellSpec(hidden, adaptiveNeurons, tauMemMs, tauAdaptMs, threshold, beta,
        gamma, refractorySteps, surrogate, dtMs, detachReset, stopRecurrentGradient);
  }
}
