package org.bpttlab.rules.threefactor;

import org.bpttlab.core.Cell;
import org.bpttlab.core.CounterNoise;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.Perturbation;
import org.bpttlab.core.Seeds;
import org.bpttlab.core.Trajectory;
import org.bpttlab.core.net.Network;
import org.bpttlab.rules.LearningRule;
import org.bpttlab.rules.RuleCost;
import org.bpttlab.rules.Session;

/**
 * Node perturbation with eligibility traces (Fiete &amp; Seung 2006, Phys. Rev. Lett. 97:048104): noise
 * is injected into every neuron's input current and every readout unit, each synapse keeps the
 * product of its postsynaptic noise and presynaptic activity, and one scalar per trial — how much
 * better or worse than usual the trial went — turns the traces into an update:
 *
 * <pre>
 * (1) I_j^t = Σ_i W_ji pre_i^t + ξ_j^t,   y_k^t = κ y_k^{t-1} + g (Σ_j W_out,kj o_j^t + b_out,k + ζ_k^t)
 *     ξ, ζ ~ N(0, σ²) independent per neuron, step and sequence
 * (2) e_ji = Σ_t ξ_j^t pre_i^t / σ²,   e^out_kj = Σ_t ζ_k^t o_j^t / σ²       eligibility (the tag)
 * (3) M_b = −(E_b − Ē_b)                 E_b the trial's loss (below), Ē_b its baseline
 * (4) ĝ = −(1/B) Σ_b M_b e_b            the estimate of ∂L/∂θ handed out
 * </pre>
 *
 * Unbiased to first order in σ: E_b(ξ) − E_b(0) = Σ_t ∂E_b/∂I^t · ξ^t + O(σ²), and since W_ji enters
 * the dynamics only through I_j, ∂E/∂W_ji = Σ_t ∂E/∂I_j^t pre_i^t, so E[(E_b − Ē_b) e_b] is the
 * gradient for any baseline that does not depend on the trial's noise. The baseline
 * ({@link Modulator}) is by default {@code clean}: the loss of the same trial without noise, from a
 * reference forward pass the session runs on its own two-step trajectory (one more forward pass per
 * sequence; the two-point estimator, with a variance that does not grow as σ shrinks). With
 * {@code baseline} it is the running mean loss of earlier batches (Fiete &amp; Seung's, for trials
 * that repeat: across different inputs its variance grows as 1/σ²). The trial's loss is its task
 * loss plus B times the firing-rate regulariser (which every trial's noise moves), so that (4)
 * estimates the gradient of the batch's loss, regulariser included. With {@code modulator=constant}
 * M_b = c and (4) is the Hebbian form ĝ = −(c/B) Σ_b e_b: noise-correlated pre × post activity.
 *
 * <p>The noise is a pure function of (seed, sequence, step, neuron) ({@link CounterNoise}), so a
 * recomputed step sees the same ξ. The session perturbs the trajectory it observes (set at the start
 * of each sequence and removed when the gradient is read): every other session observing the same
 * trajectory sees the noisy network. Memory: one tag per parameter and sequence, B·P, and B·(n +
 * n_out) noise; work per step: 2·B·P.
 */
public final class NodePerturbation implements LearningRule {
  private final double sigma;
  private final long seed;
  private final Modulator.Kind modulator;
  private final double beta;
  private final double value;

  /**
   * @param sigma the noise's standard deviation σ, &gt; 0, in the units of the input current
   * @param seed the noise stream
   * @param modulator {@code baseline} or {@code constant}
   * @param beta the running baseline's rate
   * @param value the constant modulator
   */
  public NodePerturbation(double sigma, long seed, String modulator, double beta, double value) {
    if (!(sigma > 0) || Double.isInfinite(sigma)) {
      throw new IllegalArgumentException("sigma must be > 0 and finite, was " + sigma);
    }
    this.sigma = sigma;
    this.seed = seed;
    this.modulator = Modulator.Kind.fromLabel(modulator);
    this.beta = beta;
    this.value = value;
    new Modulator(this.modulator, beta, value); // validates beta and value
  }

  @Override
  public String name() {
    return "node-perturbation:sigma=" + sigma + ",seed=" + seed + ","
        + Modulator.describe(modulator, beta, value, 0);
  }

  @Override
  public Session begin(Network network, Parameters params, int batchSize) {
    return new NodePerturbationSession(network, params, batchSize);
  }

  private final class NodePerturbationSession implements Session, Perturbation {
    private final Network network;
    private final Parameters params;
    private final Cell cell;
    private final int batch;
    private final int n;
    private final int outputs;
    private final int cellGroups;
    /** [group]: W_rec of a cell without self-connections (no synapse j → j). */
    private final boolean[] noDiagonal;
    private final long streamKey;
    private final SequenceTags tags;
    private final Modulator modulate;
    private final double[] noise;
    private final double[] readoutNoise;
    private final double[] rewards;
    private final double[] cleanRewards;
    private final double[] modulators;
    private Trajectory reference;
    private long sequence;
    private long key;
    private long slotDoubles;

    NodePerturbationSession(Network network, Parameters params, int batch) {
      this.params = params;
      this.cell = network.cell();
      this.batch = batch;
      this.n = cell.hidden();
      this.outputs = network.spec().outputs();
      this.cellGroups = cell.parameterShapes().size();
      this.noDiagonal = new boolean[cellGroups];
      for (int g = 0; g < cellGroups; g++) {
        noDiagonal[g] = cell.lacksDiagonal(g);
      }
      this.streamKey = new Seeds(seed).derive("node-perturbation").seed();
      tags = new SequenceTags(network.newParameters(), batch);
      modulate = new Modulator(modulator, beta, value);
      noise = new double[batch * n];
      readoutNoise = new double[batch * outputs];
      rewards = new double[batch];
      cleanRewards = new double[batch];
      modulators = new double[batch];
      this.network = network;
    }

    @Override
    public void startSequence(Trajectory trajectory) {
      tags.clear();
      key = CounterNoise.key(streamKey, sequence);
      sequence++;
      trajectory.setPerturbation(this);
    }

    @Override
    public void addTo(int t, double[] current) {
      int bn = batch * n;
      long base = (long) (t - 1) * (bn + (long) batch * outputs);
      for (int m = 0; m < bn; m++) {
        double xi = sigma * CounterNoise.gaussian(key, base + m);
        noise[m] = xi;
        current[m] += xi;
      }
    }

    @Override
    public void addToReadout(int t, double[] readout) {
      int bn = batch * n;
      int bo = batch * outputs;
      long base = (long) (t - 1) * (bn + (long) bo) + bn;
      for (int m = 0; m < bo; m++) {
        double zeta = sigma * CounterNoise.gaussian(key, base + m);
        readoutNoise[m] = zeta;
        readout[m] += zeta;
      }
    }

    @Override
    public void observe(Trajectory tr, int t) {
      // (2): post-synaptic noise × presynaptic activity, per sequence
      for (int g = 0; g < cellGroups; g++) {
        double[] pre = cell.presynaptic(g, tr, t);
        int cols = cell.parameterShapes().get(g).cols();
        double[] tag = tags.group(g);
        for (int b = 0; b < batch; b++) {
          for (int j = 0; j < n; j++) {
            double xi = noise[b * n + j];
            int row = (b * n + j) * cols;
            if (pre == null) {
              tag[row] += xi;
              continue;
            }
            int p = b * cols;
            for (int i = 0; i < cols; i++) {
              tag[row + i] += xi * pre[p + i];
            }
            if (noDiagonal[g]) {
              tag[row + j] = 0;
            }
          }
        }
      }
      double[] o = tr.output(t);
      double[] wTag = tags.group(cellGroups);
      double[] bTag = tags.group(cellGroups + 1);
      for (int b = 0; b < batch; b++) {
        for (int k = 0; k < outputs; k++) {
          double zeta = readoutNoise[b * outputs + k];
          int row = (b * outputs + k) * n;
          for (int j = 0; j < n; j++) {
            wTag[row + j] += zeta * o[b * n + j];
          }
          bTag[b * outputs + k] += zeta;
        }
      }
    }

    @Override
    public void gradient(Trajectory tr, Parameters out) {
      slotDoubles = tr.doublesPerSlot();
      tr.setPerturbation(null);
      trialRewards(tr, rewards);
      if (modulator == Modulator.Kind.CLEAN) {
        // the same trial without noise, on the session's own two-step trajectory
        if (reference == null) {
          reference = network.newTrajectory(tr.batch(), 2);
        } else {
          reference.rebind(tr.batch());
        }
        network.forward(params, reference);
        trialRewards(reference, cleanRewards);
      }
      modulate.modulate(rewards, cleanRewards, batch, modulators);
      tags.write(modulators, -1.0 / (batch * sigma * sigma), out);
    }

    /** R_b = −(the trial's task loss + B · the regulariser), the trial's loss unscaled. */
    private void trialRewards(Trajectory tr, double[] out) {
      double[] share = tr.loss().sequenceShares();
      double regularizer = tr.loss().regularizer();
      for (int b = 0; b < batch; b++) {
        out[b] = -batch * (share[b] + regularizer);
      }
    }

    @Override
    public int window() {
      return 2;
    }

    @Override
    public RuleCost cost() {
      long own = tags.storedDoubles() + noise.length + readoutNoise.length + rewards.length
          + cleanRewards.length + modulators.length;
      if (reference != null) {
        own += reference.slots() * reference.doublesPerSlot();
      }
      double flops = 2.0 * batch * params.size() + 20.0 * batch * (n + outputs);
      if (modulator == Modulator.Kind.CLEAN) {
        flops += network.stepFlops(batch);
      }
      return new RuleCost(own + window() * slotDoubles, flops);
    }

    /** [R̄, started, sequence counter]. */
    @Override
    public double[] carriedState() {
      double[] m = modulate.state();
      return new double[] {m[0], m[1], sequence};
    }

    @Override
    public void restoreCarriedState(double[] state) {
      if (state.length != 3) {
        throw new IllegalArgumentException(
            "node perturbation carries 3 values (baseline, started, sequence), was given "
                + state.length);
      }
      modulate.restore(state, 0);
      sequence = (long) state[2];
    }
  }
}
