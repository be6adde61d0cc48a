package org.bpttlab.rules.eprop;

import org.bpttlab.core.Parameters;
import org.bpttlab.core.RateCellSpec;
import org.bpttlab.core.Trajectory;
import org.bpttlab.core.net.Network;
import org.bpttlab.rules.LearningRule;
import org.bpttlab.rules.RuleCost;
import org.bpttlab.rules.Session;
import org.bpttlab.rules.optim.OptimizerSpec;
import org.bpttlab.rules.readout.ReadoutTrace;

/**
 * e-prop (Bellec et al. 2020, Nat. Commun. 11:3625): eligibility traces computed forward from each
 * neuron's own dynamics ({@link EligibilityTraces}), times a learning signal broadcast from the
 * output error ({@link Feedback}):
 *
 * <pre>
 * (1) L_j^t = Σ_k B_jk ∂L/∂y_k^t                                      learning signal (eq. 4)
 * (2) ∂L/∂W_ji ≈ Σ_t L_j^t ē_ji^t,   ē^t = κ ē^{t-1} + e^t             (eq. 1 with the traces filtered
 *                                                                       by the readout's leak κ)
 * (3) ∂L_reg/∂W_ji = Σ_{t,b} (∂L_reg/∂z_j) e_ji^t                     firing-rate regulariser
 * </pre>
 *
 * for W_in, W_rec (and b of rate cells); W_out and b_out get their exact gradient online
 * ({@link ReadoutTrace}). With symmetric feedback (B = W_outᵀ) this is exactly BPTT on the graph
 * whose recurrent input W_rec o_{t-1} carries no gradient, and exactly BPTT when W_rec = 0 (contract
 * E1): the recurrent path is the only one the traces leave out. For the leaky rate cell with random
 * feedback it is RFLO (Murray 2019; {@link #rflo}).
 *
 * <p>The gradient is handed out once per sequence (default), or with {@code online=k} every k steps
 * (the weights change within the sequence while the traces carry on; the regulariser's term, which
 * needs the whole sequence's rates, is added at the end).
 *
 * <p>Memory: the traces (B·n·(n_in + n) per ē plus the eligibility vectors, see
 * {@link EligibilityTraces}), B·n for the learning signal, the readout trace and B; two trajectory
 * steps. Work per step O(B·n·(n_in + n)·c²).
 */
public final class EProp implements LearningRule {
  private final String name;
  private final Feedback.Kind feedback;
  private final long seed;
  private final int online;
  private final double decay;
  private final boolean rateCellOnly;
  private final double gain;

  private EProp(String name, Feedback.Kind feedback, long seed, int online, double decay,
      boolean rateCellOnly, double gain) {
    if (online < 0) {
      throw new IllegalArgumentException("online must be >= 0 (0: per sequence), was " + online);
    }
    if (!(decay >= 0) || Double.isInfinite(decay)) {
      throw new IllegalArgumentException("decay must be >= 0 and finite, was " + decay);
    }
    this.name = name;
    this.feedback = feedback;
    this.seed = seed;
    this.online = online;
    this.decay = decay;
    this.rateCellOnly = rateCellOnly;
    if (!(gain > 0) || Double.isInfinite(gain)) {
      throw new IllegalArgumentException("gain must be > 0 and finite, was " + gain);
    }
    this.gain = gain;
  }

  /**
   * e-prop with the given feedback.
   *
   * @param seed the stream of a random or adaptive B
   * @param online hand out a gradient every {@code online} steps; 0 for once per sequence
   * @param decay λ of adaptive feedback, ≥ 0
   */
  public static EProp of(Feedback.Kind feedback, long seed, int online, double decay) {
    return new EProp("eprop", feedback, seed, online, decay, false, 1);
  }

  /** Symmetric e-prop, per sequence. */
  public static EProp symmetric() {
    return of(Feedback.Kind.SYMMETRIC, 1, 0, 0);
  }

  /**
   * RFLO, random feedback local online learning (Murray 2019, eLife 8:e43299): e-prop's form for
   * the leaky rate cell with random feedback, ΔW_ji ∝ Σ_t (B ε^t)_j p_ji^t with
   * p_ji^t = (1 − α) p_ji^{t-1} + α φ'(a_j^t) pre_i^t. The cell must be the rate cell.
   */
  public static EProp rflo(long seed, int online) {
    return rflo(seed, online, 1);
  }

  /**
   * RFLO with B's entries N(0, gain²/n) ({@link Feedback}); Murray 2019's B, N(0, 1), is gain √n.
   */
  public static EProp rflo(long seed, int online, double gain) {
    return new EProp("rflo", Feedback.Kind.RANDOM, seed, online, 0, true, gain);
  }

  /**
   * {@code eprop} (symmetric, per sequence) or with its options, e.g.
   * {@code eprop:feedback=adaptive,seed=1,decay=0.01,online=5}; {@code rflo:seed=1}.
   */
  @Override
  public String name() {
    StringBuilder sb = new StringBuilder(name);
    String sep = ":";
    if (rateCellOnly) {
      sb.append(sep).append("seed=").append(seed);
      sep = ",";
      if (gain != 1) {
        sb.append(",gain=").append(gain);
      }
    } else if (feedback != Feedback.Kind.SYMMETRIC) {
      sb.append(sep).append("feedback=").append(feedback.label()).append(",seed=").append(seed);
      sep = ",";
      if (feedback == Feedback.Kind.ADAPTIVE) {
        sb.append(",decay=").append(decay);
      }
    }
    if (online > 0) {
      sb.append(sep).append("online=").append(online);
    }
    return sb.toString();
  }

  @Override
  public Session begin(Network network, Parameters params, int batchSize) {
    return begin(network, params, batchSize, Feedback.DEFAULT_OPTIMIZER);
  }

  /** As {@link #begin(Network, Parameters, int)}; adaptive feedback learns with {@code optimizer}. */
  @Override
  public Session begin(Network network, Parameters params, int batchSize,
      OptimizerSpec optimizer) {
    if (rateCellOnly && !(network.spec().cell() instanceof RateCellSpec)) {
      throw new IllegalArgumentException("rule " + name + " applies to the rate cell (Murray 2019),"
          + " not " + network.spec().cell().kind() + "; use eprop:feedback=random");
    }
    return new EPropSession(network, params, batchSize, new Feedback(feedback,
        network.cell().hidden(), network.spec().outputs(), seed, decay, optimizer, gain), online);
  }

  /** A session of e-prop; its feedback can be read (for the alignment of B with W_outᵀ). */
  public static final class EPropSession implements Session {
    private final Network network;
    private final Parameters params;
    private final int batch;
    private final int online;
    private final boolean regularized;
    private final EligibilityTraces traces;
    private final ReadoutTrace readout;
    private final Feedback feedback;
    private final double[] signal;
    private final Parameters accumulated;
    private int sinceUpdate;
    private long slotDoubles;

    EPropSession(Network network, Parameters params, int batch, Feedback feedback, int online) {
      this.network = network;
      this.params = params;
      this.batch = batch;
      this.online = online;
      this.feedback = feedback;
      regularized = network.spec().regularizer().enabled();
      traces = new EligibilityTraces(network, batch, network.readout().kappa(), regularized);
      readout = new ReadoutTrace(network, batch);
      signal = new double[batch * network.cell().hidden()];
      accumulated = network.newParameters();
    }

    /** The feedback this session broadcasts the error with. */
    public Feedback feedback() {
      return feedback;
    }

    @Override
    public void startSequence(Trajectory trajectory) {
      // a continued sequence keeps the eligibility vectors and traces
      if (trajectory.continuesPrevious()) {
        traces.clearSums();
        readout.clearGradient();
      } else {
        traces.reset();
        readout.reset();
      }
      accumulated.fill(0.0);
      sinceUpdate = 0;
    }

    @Override
    public void observe(Trajectory tr, int t) {
      readout.observe(tr, t);
      feedback.signal(params, batch, tr.lossGradient(t), signal);
      traces.advance(params, tr, t, signal, accumulated);
      sinceUpdate++;
    }

    @Override
    public boolean onlineGradient(Trajectory tr, int t, Parameters out) {
      if (!Session.onlineUpdateDue(online, sinceUpdate, tr, t)) {
        return false;
      }
      write(out);
      return true;
    }

    @Override
    public void gradient(Trajectory tr, Parameters out) {
      slotDoubles = tr.doublesPerSlot();
      write(out);
      if (regularized) {
        traces.addSummed(tr.rateGradient(), out);
      }
    }

    /** Writes the gradient since the last update, updates adaptive feedback, and clears it. */
    private void write(Parameters out) {
      out.copyFrom(accumulated);
      readout.write(out);
      feedback.update(params, out.get(Parameters.OUTPUT_WEIGHTS));
      accumulated.fill(0.0);
      readout.clearGradient();
      sinceUpdate = 0;
    }

    /** Adaptive feedback's B and its optimizer's state ({@link Feedback#state}). */
    @Override
    public double[] carriedState() {
      return feedback.state();
    }

    @Override
    public void restoreCarriedState(double[] state) {
      feedback.restore(state);
    }

    @Override
    public int window() {
      return 2;
    }

    @Override
    public RuleCost cost() {
      long own = traces.storedDoubles() + readout.storedDoubles() + feedback.storedDoubles()
          + signal.length + accumulated.size();
      double flops = traces.advanceFlops() + traces.accumulateFlops()
          + 2.0 * batch * network.spec().outputs() * network.cell().hidden()
          + readout.flopsPerStep();
      return new RuleCost(own + window() * slotDoubles, flops);
    }
  }
}
