package org.bpttlab.rules.threefactor;

import java.util.Arrays;
import org.bpttlab.core.CounterNoise;
import org.bpttlab.core.LossKind;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.Seeds;
import org.bpttlab.core.Trajectory;
import org.bpttlab.core.net.Network;
import org.bpttlab.rules.RuleCost;
import org.bpttlab.rules.Session;
import org.bpttlab.rules.eprop.EligibilityTraces;
import org.bpttlab.rules.eprop.Feedback;
import org.bpttlab.rules.eprop.OwnWeights;
import org.bpttlab.rules.optim.OptimizerSpec;

/**
 * Reward-modulated e-prop: the supervised stand-in for the reward-based e-prop of Bellec et al. 2020
 * (Methods, "Reward-based e-prop"; REINFORCE, Williams 1992, with e-prop's traces). The readout is
 * read as a stochastic policy, an action is drawn at every scored step, the trial is rewarded with
 * the negative loss of its actions, and one scalar per trial multiplies each synapse's tag:
 *
 * <pre>
 * (1) a^t ~ softmax(y^t)                  cross-entropy tasks:  u_k^t = 1[a^t = k] − π_k^t
 *     a^t = y^t + σ ξ^t, ξ ~ N(0, 1)     mean-squared tasks:    u_k^t = ξ_k^t / σ
 *     (u^t = ∂ log p(a^t)/∂y^t; u^t = 0 at unscored steps, m^t = 0)
 * (2) R = −Σ_t m^t ℓ(a^t)                 ℓ: 0-1 loss of the class (argmax of the target), or ½‖a − y*‖²
 * (3) tag_ji = Σ_t L̃_j^t ē_ji^t,  L̃_j^t = Σ_k B_jk u_k^t     e-prop's trace (κ-filtered) × the
 *     tag_kj^out = Σ_t u_k^t ō_j^t,  tag_k^b_out = Σ_t u_k^t c^t   action's feedback; the readout's own
 *                                                              (ō, c: {@link org.bpttlab.rules.readout.ReadoutTrace})
 * (4) M = R − R̄ (running mean), or a constant
 * (5) ĝ = −(1/B) Σ_b M_b tag_b            the estimate of ∂L/∂θ handed out (every group)
 * </pre>
 *
 * With {@code modulator=td} the modulator is a temporal-difference error per step from a linear
 * critic ({@link Critic}; Bellec et al.'s actor-critic form): the step's reward r^t = −m^t ℓ(a^t),
 * δ^t = r^t + γ V^{t+1} − V^t, the tags discounted, tag^t = γ tag^{t-1} + (the terms of step t),
 * and ĝ = −(1/B) Σ_b Σ_t δ_b^t tag_b^t. With γ = 1 this is REINFORCE with the reward to go and the
 * critic as baseline, unbiased for any critic (the actions do not feed back into the network, so
 * V^t does not depend on them); γ &lt; 1 trades bias for variance.
 *
 * With symmetric feedback, (3) is e-prop's approximation of Σ_t ∂ log p(a^t)/∂θ, so (5) estimates
 * the gradient of the expected loss of the actions (for MSE tasks that is the network's own loss
 * plus a constant). With {@code modulator=constant} M = c and (5) is the two-factor Hebbian form
 * ĝ = −(c/B) Σ_b Σ_t L̃_j^t ē_ji^t: the eligibility trace gated by the feedback of the action taken.
 * The firing-rate regulariser, when on, adds its e-prop term (Σ_{t,b} ∂L_reg/∂z_j e_ji^t), which is
 * local to each neuron. Actions come from {@link CounterNoise} keyed by (seed, sequence, step).
 *
 * <p>Memory: the traces of {@link EligibilityTraces} plus one tag per parameter and sequence (B·P).
 * Work per step: e-prop's, plus 2·B·P for the tags.
 */
public final class RewardModulatedEProp implements OwnWeights {
  private final Feedback.Kind feedback;
  private final long seed;
  private final double sigma;
  private final Modulator.Kind modulator;
  private final double beta;
  private final double value;
  private final double gamma;

  /**
   * @param feedback symmetric or random (adaptive feedback learns from a supervised error, which a
   *     reward rule does not have)
   * @param seed the streams of the actions and of a random B
   * @param sigma the exploration noise of mean-squared tasks, &gt; 0
   * @param modulator {@code baseline}, {@code constant} or {@code td}
   * @param beta the running baseline's rate
   * @param value the constant modulator
   * @param gamma the discount of {@code td}, in [0, 1]
   */
  public RewardModulatedEProp(Feedback.Kind feedback, long seed, double sigma, String modulator,
      double beta, double value, double gamma) {
    if (feedback == Feedback.Kind.ADAPTIVE) {
      throw new IllegalArgumentException("feedback must be symmetric or random for eprop-reward"
          + " (adaptive feedback needs W_out's supervised update), was adaptive");
    }
    if (!(sigma > 0) || Double.isInfinite(sigma)) {
      throw new IllegalArgumentException("sigma must be > 0 and finite, was " + sigma);
    }
    this.feedback = feedback;
    this.seed = seed;
    this.sigma = sigma;
    this.modulator = Modulator.Kind.fromLabel(modulator);
    if (this.modulator == Modulator.Kind.CLEAN) {
      throw new IllegalArgumentException(
          "modulator must be baseline, constant or td for eprop-reward, was clean");
    }
    if (!(gamma >= 0 && gamma <= 1)) {
      throw new IllegalArgumentException("gamma must be in [0, 1], was " + gamma);
    }
    this.gamma = gamma;
    this.beta = beta;
    this.value = value;
    new Modulator(this.modulator, beta, value); // validates beta and value
  }

  @Override
  public String name() {
    String m = Modulator.describe(modulator, beta, value, gamma);
    return "eprop-reward:feedback=" + feedback.label() + ",seed=" + seed + ",sigma=" + sigma + ","
        + m;
  }

  /** As {@link #begin(Network, Parameters, int)}; the critic of {@code td} learns with optimizer. */
  @Override
  public Session begin(Network network, Parameters params, int batchSize,
      OptimizerSpec optimizer) {
    return new RewardSession(network, params, batchSize, optimizer);
  }

  final class RewardSession implements Session {
    private final Parameters params;
    private final int batch;
    private final int n;
    private final int outputs;
    private final int cellGroups;
    private final boolean crossEntropy;
    private final boolean regularized;
    private final double kappa;
    private final double gain;
    private final long streamKey;
    private final EligibilityTraces traces;
    private final Feedback broadcast;
    private final SequenceTags tags;
    private final Modulator modulate;
    private final double[] filteredOutput;
    private final double[] exploration;
    private final double[] signal;
    private final double[] rewards;
    private final double[] stepRewards;
    private final double[] modulators;
    private final double[] probabilities;
    private final Critic critic;
    private final Parameters accumulated;
    private double constantTrace;
    private long sequence;
    private long key;
    private long slotDoubles;

    RewardSession(Network network, Parameters params, int batch, OptimizerSpec optimizer) {
      this.params = params;
      this.batch = batch;
      this.n = network.cell().hidden();
      this.outputs = network.spec().outputs();
      this.cellGroups = network.cell().parameterShapes().size();
      this.crossEntropy = network.spec().loss() == LossKind.CROSS_ENTROPY;
      this.regularized = network.spec().regularizer().enabled();
      this.kappa = network.readout().kappa();
      this.gain = network.readout().inputGain();
      this.streamKey = new Seeds(seed).derive("eprop-reward").seed();
      traces = new EligibilityTraces(network, batch, true, regularized);
      broadcast = new Feedback(feedback, n, outputs, seed, 0, Feedback.DEFAULT_OPTIMIZER);
      tags = new SequenceTags(network.newParameters(), batch);
      modulate = new Modulator(modulator, beta, value);
      filteredOutput = new double[batch * n];
      exploration = new double[batch * outputs];
      signal = new double[batch * n];
      rewards = new double[batch];
      stepRewards = new double[batch];
      modulators = new double[batch];
      probabilities = new double[outputs];
      critic = modulator == Modulator.Kind.TD ? new Critic(n, batch, gamma, optimizer) : null;
      accumulated = network.newParameters();
    }

    @Override
    public void startSequence(Trajectory trajectory) {
      traces.reset();
      tags.clear();
      Arrays.fill(filteredOutput, 0.0);
      Arrays.fill(rewards, 0.0);
      accumulated.fill(0.0);
      if (critic != null) {
        critic.reset();
      }
      constantTrace = 0;
      key = CounterNoise.key(streamKey, sequence);
      sequence++;
    }

    @Override
    public void observe(Trajectory tr, int t) {
      traces.advance(params, tr, t);
      double[] o = tr.output(t);
      for (int m = 0; m < filteredOutput.length; m++) {
        filteredOutput[m] = kappa * filteredOutput[m] + gain * o[m];
      }
      constantTrace = kappa * constantTrace + gain;
      act(tr, t);
      if (critic != null) {
        // δ^{t-1} needs V^t: the previous step's tags, then discounted
        if (critic.step(filteredOutput, stepRewards)) {
          tags.add(critic.delta(), -1.0 / batch, accumulated);
        }
        tags.scale(gamma);
      }
      broadcast.signal(params, batch, exploration, signal);
      traces.accumulatePerSequence(signal, tags.all());
      double[] wTag = tags.group(cellGroups);
      double[] bTag = tags.group(cellGroups + 1);
      for (int b = 0; b < batch; b++) {
        for (int k = 0; k < outputs; k++) {
          double u = exploration[b * outputs + k];
          if (u == 0) {
            continue;
          }
          int row = (b * outputs + k) * n;
          for (int j = 0; j < n; j++) {
            wTag[row + j] += u * filteredOutput[b * n + j];
          }
          bTag[b * outputs + k] += u * constantTrace;
        }
      }
    }

    /** u^t of the last step observed, B×n_out (for tests). */
    double[] exploration() {
      return exploration;
    }

    /** (1) and (2): draws step t's actions, writes u^t and adds the rewards. */
    private void act(Trajectory tr, int t) {
      double[] y = tr.readout(t);
      double[] target = tr.batch().targetAt(t);
      double[] mask = tr.batch().maskAt(t);
      long base = (long) (t - 1) * batch * outputs;
      Arrays.fill(stepRewards, 0.0);
      for (int b = 0; b < batch; b++) {
        int o = b * outputs;
        double m = mask[b];
        if (m == 0) {
          Arrays.fill(exploration, o, o + outputs, 0.0);
          continue;
        }
        if (crossEntropy) {
          double max = Double.NEGATIVE_INFINITY;
          int best = 0;
          for (int k = 0; k < outputs; k++) {
            max = Math.max(max, y[o + k]);
            if (target[o + k] > target[o + best]) {
              best = k;
            }
          }
          double sum = 0;
          for (int k = 0; k < outputs; k++) {
            probabilities[k] = StrictMath.exp(y[o + k] - max);
            sum += probabilities[k];
          }
          double draw = CounterNoise.uniform(key, base + o) * sum;
          int action = outputs - 1;
          double cumulative = 0;
          for (int k = 0; k < outputs; k++) {
            cumulative += probabilities[k];
            if (draw < cumulative) {
              action = k;
              break;
            }
          }
          for (int k = 0; k < outputs; k++) {
            exploration[o + k] = (k == action ? 1.0 : 0.0) - probabilities[k] / sum;
          }
          stepRewards[b] = action == best ? 0.0 : -m;
        } else {
          double squared = 0;
          for (int k = 0; k < outputs; k++) {
            double xi = CounterNoise.gaussian(key, base + o + k);
            double error = y[o + k] + sigma * xi - target[o + k];
            squared += error * error;
            exploration[o + k] = xi / sigma;
          }
          stepRewards[b] = -0.5 * m * squared;
        }
        rewards[b] += stepRewards[b];
      }
    }

    @Override
    public void gradient(Trajectory tr, Parameters out) {
      slotDoubles = tr.doublesPerSlot();
      if (critic != null) {
        critic.finish();
        tags.add(critic.delta(), -1.0 / batch, accumulated);
        critic.update();
        out.copyFrom(accumulated);
      } else {
        modulate.modulate(rewards, null, batch, modulators);
        tags.write(modulators, -1.0 / batch, out);
      }
      if (regularized) {
        traces.addSummed(tr.loss().rateGradient(), out);
      }
    }

    @Override
    public int window() {
      return 2;
    }

    @Override
    public RuleCost cost() {
      long own = traces.storedDoubles() + tags.storedDoubles() + broadcast.storedDoubles()
          + filteredOutput.length + exploration.length + signal.length + rewards.length
          + stepRewards.length + modulators.length + probabilities.length + accumulated.size()
          + (critic == null ? 0 : critic.storedDoubles());
      double flops = traces.advanceFlops() + traces.accumulateFlops()
          + 2.0 * batch * outputs * n * 2 + 2.0 * batch * n + 10.0 * batch * outputs;
      return new RuleCost(own + window() * slotDoubles, flops);
    }

    /** [R̄, started, sequence counter], then with {@code td} the critic's state. */
    @Override
    public double[] carriedState() {
      double[] m = modulate.state();
      double[] c = critic == null ? new double[0] : critic.state();
      double[] out = Arrays.copyOf(new double[] {m[0], m[1], sequence}, 3 + c.length);
      System.arraycopy(c, 0, out, 3, c.length);
      return out;
    }

    @Override
    public void restoreCarriedState(double[] state) {
      int expected = 3 + (critic == null ? 0 : critic.state().length);
      if (state.length != expected) {
        throw new IllegalArgumentException("eprop-reward carries " + expected
            + " values (baseline, started, sequence, critic), was given " + state.length);
      }
      modulate.restore(state, 0);
      sequence = (long) state[2];
      if (critic != null) {
        critic.restore(state, 3);
      }
    }
  }
}
