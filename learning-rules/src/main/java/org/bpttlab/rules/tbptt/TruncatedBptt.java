package org.bpttlab.rules.tbptt;

import java.util.Arrays;
import org.apache.commons.rng.UniformRandomProvider;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.Seeds;
import org.bpttlab.core.Trajectory;
import org.bpttlab.core.net.Network;
import org.bpttlab.rules.LearningRule;
import org.bpttlab.rules.RuleCost;
import org.bpttlab.rules.Session;
import org.bpttlab.rules.bptt.BackwardPass;

/**
 * Truncated backpropagation through time, in two forms that share one mechanism: the sequence is
 * cut into windows, and at the end of each window the losses of its steps are backpropagated a
 * bounded number of steps (DESIGN §4), through the same {@link BackwardPass} as BPTT.
 *
 * <p><b>Fixed truncation, BPTT(k1, k2)</b> (Williams &amp; Peng 1990): at every k1-th step t (and at
 * T), the losses of steps t − k1 + 1..t are backpropagated from t down to t − k2 + 1 (k2 ≥ k1), so
 * the loss of step τ reaches between k2 − k1 + 1 and k2 steps back. With k2 ≥ T it is BPTT; with
 * k1 = k2 = 1 it is the one-step gradient Σ_t (∂L_t/∂s_t)ᵀ M̄_t. Memory: k2 + 1 trajectory steps.
 *
 * <p><b>Randomized truncation</b> (ARTBP, Tallec &amp; Ollivier 2017): after every step the link to
 * the next step is cut with probability c (independently, from the rule's own seeded stream), and at
 * each cut (and at T) the losses since the previous cut are backpropagated down to it; each link the
 * backward pass crosses multiplies the carried adjoints (of the state and of a leaky readout) by
 * 1/(1 − c). A loss at τ then reaches step τ' with weight (1 − c)^−(τ−τ') exactly when none of the
 * τ − τ' links between them was cut, which happens with probability (1 − c)^(τ−τ'): the estimate is
 * unbiased. Window lengths are geometric with mean 1/c (Tallec &amp; Ollivier's compensation with a
 * constant truncation probability c_t = c).
 *
 * <p>With {@code online=true} each window's gradient is handed out as soon as it is computed (the
 * weights change between windows); otherwise the windows' gradients are summed over the sequence.
 * The firing-rate regulariser's term enters each window with the rate estimated from the steps so
 * far (see {@link org.bpttlab.core.loss.FiringRateRegularizer#runningGradient}), as an online rule
 * must; so with the regulariser on, k2 ≥ T is BPTT only in the last window.
 */
public final class TruncatedBptt implements LearningRule {
  private final int k1;
  private final int k2;
  private final double cutProbability;
  private final long seed;
  private final boolean online;

  private TruncatedBptt(int k1, int k2, double cutProbability, long seed, boolean online) {
    this.k1 = k1;
    this.k2 = k2;
    this.cutProbability = cutProbability;
    this.seed = seed;
    this.online = online;
  }

  /** BPTT(k1, k2): every k1 steps, backpropagate k2 steps (1 ≤ k1 ≤ k2). */
  public static TruncatedBptt fixed(int k1, int k2, boolean online) {
    if (k1 < 1) {
      throw new IllegalArgumentException("k1 must be >= 1, was " + k1);
    }
    if (k2 < k1) {
      throw new IllegalArgumentException("k2 must be >= k1 (" + k1 + "), was " + k2);
    }
    return new TruncatedBptt(k1, k2, 0, 0, online);
  }

  /** ARTBP: cut after each step with probability c ∈ (0, 1), from the stream of {@code seed}. */
  public static TruncatedBptt randomized(double c, long seed, boolean online) {
    if (!(c > 0 && c < 1)) {
      throw new IllegalArgumentException("c must be in (0, 1), was " + c);
    }
    return new TruncatedBptt(0, 0, c, seed, online);
  }

  private boolean randomized() {
    return cutProbability > 0;
  }

  @Override
  public boolean updatesOnline() {
    return online;
  }

  @Override
  public String name() {
    String base = randomized()
        ? "artbp:c=" + cutProbability + ",seed=" + seed
        : "tbptt:k1=" + k1 + ",k2=" + k2;
    return online ? base + ",online=true" : base;
  }

  @Override
  public Session begin(Network network, Parameters params, int batchSize) {
    return new TruncatedSession(network, params, batchSize);
  }

  private final class TruncatedSession implements Session {
    private final Network network;
    private final Parameters params;
    private final BackwardPass backward;
    private final Parameters pending;
    private final double[] regularizer;
    private UniformRandomProvider rng;
    private long draws;
    private final double compensation;
    private int lastCut;
    private boolean ready;
    private long backpropagated;
    private int longestWindow;
    private long slotDoubles;
    private long peakWindow;
    private double flopsPerStep;

    TruncatedSession(Network network, Parameters params, int batch) {
      this.network = network;
      this.params = params;
      this.backward = new BackwardPass(network, batch);
      this.pending = network.newParameters();
      boolean regularized = network.spec().regularizer().enabled();
      this.regularizer = regularized ? new double[network.cell().hidden()] : null;
      this.rng = randomized() ? new Seeds(seed).derive("artbp").rng() : null;
      this.compensation = randomized() ? 1.0 / (1.0 - cutProbability) : 1.0;
    }

    @Override
    public void startSequence(Trajectory trajectory) {
      pending.fill(0.0);
      lastCut = 0;
      ready = false;
      backpropagated = 0;
      longestWindow = 0;
    }

    @Override
    public void observe(Trajectory tr, int t) {
      boolean cut;
      if (randomized()) {
        // one draw per step, T included, so a sequence's draws do not depend on its length's end
        cut = rng.nextDouble() < cutProbability || t == tr.steps();
        draws++;
      } else {
        cut = t % k1 == 0 || t == tr.steps();
      }
      if (!cut) {
        return;
      }
      int depth = randomized() ? t - lastCut : k2;
      int stop = Math.max(1, t - depth + 1);
      if (regularizer != null) {
        network.regularizer().runningGradient(tr, t, regularizer);
      }
      backward.reset();
      for (int tau = t; tau >= stop; tau--) {
        backward.step(params, tr, tau, tau > lastCut, compensation, regularizer, pending);
      }
      backward.flush();
      backpropagated += t - stop + 1;
      longestWindow = Math.max(longestWindow, t - stop + 1);
      lastCut = t;
      ready = true;
    }

    @Override
    public boolean onlineGradient(Trajectory tr, int t, Parameters out) {
      if (!online || !ready || t == tr.steps()) {
        return false;
      }
      out.copyFrom(pending);
      pending.fill(0.0);
      ready = false;
      return true;
    }

    @Override
    public void gradient(Trajectory tr, Parameters out) {
      out.copyFrom(pending);
      slotDoubles = tr.doublesPerSlot();
      peakWindow = Math.min(longestWindow + 1L, tr.steps() + 1L);
      flopsPerStep = backward.stepFlops(tr.batchSize()) * (double) backpropagated / tr.steps();
    }

    @Override
    public int window() {
      return randomized() ? Integer.MAX_VALUE : k2 + 1;
    }

    /** ARTBP: the number of cut draws so far (the generator carries on across sequences). */
    @Override
    public double[] carriedState() {
      return randomized() ? new double[] {draws} : new double[0];
    }

    /** ARTBP: replays the generator to {@code state[0]} draws from its seed. */
    @Override
    public void restoreCarriedState(double[] state) {
      if (!randomized()) {
        Session.super.restoreCarriedState(state);
        return;
      }
      if (state.length != 1 || !(state[0] >= 0) || state[0] != Math.rint(state[0])) {
        throw new IllegalArgumentException(
            "artbp carries one draw count, was " + Arrays.toString(state));
      }
      rng = new Seeds(seed).derive("artbp").rng();
      draws = (long) state[0];
      for (long k = 0; k < draws; k++) {
        rng.nextDouble();
      }
    }

    @Override
    public RuleCost cost() {
      long own = backward.storedDoubles() + pending.size()
          + (regularizer == null ? 0 : regularizer.length);
      return new RuleCost(own + peakWindow * slotDoubles, flopsPerStep);
    }
  }
}
