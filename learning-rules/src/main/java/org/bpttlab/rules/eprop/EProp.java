package org.bpttlab.rules.eprop;

import org.bpttlab.core.NetworkSpec;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.RateCellSpec;
import org.bpttlab.core.Trajectory;
import org.bpttlab.core.net.Network;
import org.bpttlab.rules.OnlineSession;
import org.bpttlab.rules.RuleCost;
import org.bpttlab.rules.Session;
import org.bpttlab.rules.bptt.BackwardPass;
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
 * ({@link ReadoutTrace}). The traces are Bellec et al.'s whatever the cell's gradient options (the
 * reset is not differentiated in them). With symmetric feedback (B = W_outᵀ) this is exactly BPTT on
 * the {@linkplain org.bpttlab.core.CellSpec#eligibilityGraph() eligibility graph}, where o_{t-1}
 * carries no gradient through the recurrent input nor a spiking neuron's reset (contract E1); those
 * are the paths the traces leave out. For the leaky rate cell with random feedback it is RFLO
 * (Murray 2019; {@link #rflo}).
 *
 * <p>The gradient is handed out once per sequence (default), or with {@code online=k} every k steps
 * (the weights change within the sequence while the traces carry on; the regulariser's term, which
 * needs the whole sequence's rates, is added at the end).
 *
 * <p>Memory: the traces (B·n·(n_in + n) per ē plus the eligibility vectors, see
 * {@link EligibilityTraces}), B·n for the learning signal, the readout trace and B; two trajectory
 * steps. Work per step O(B·n·(n_in + n)·c²).
 *
 * <p><b>Deferred</b> ({@code deferred=true}, per-sequence updates only): the same sum (2) computed
 * at the end of the sequence, backward. Every term of ε, e and ē is linear in the presynaptic
 * activity with coefficients of neuron j alone, so reordering the sums gives
 * Σ_t L_j^t ē_ji^t = Σ_s δ_j^s pre_i^s, where δ^s is the adjoint of the neuron-local dynamics with
 * the readout-filtered learning signal (Σ_{t ≥ s} κ^{t−s} L^t) as its source: BPTT on the
 * eligibility graph (contract E1), with B in place of W_outᵀ
 * ({@link BackwardPass#step(Parameters, Trajectory, int, boolean, double, double[], double[],
 * Parameters)}). It is the way Bellec et al.'s reference code computes e-prop (automatic
 * differentiation with {@code stop_z_gradients}). Equal to the forward form up to
 * rounding; per step it costs O(B·n·(n_in + n)) without the c² and B·n² trace passes, but its
 * memory is BPTT's, the trajectory (O(T·B·S)), and it cannot hand out gradients online or carry
 * traces from one chunk of a stream into the next.
 */
public final class EProp implements OwnWeights {
  private final String name;
  private final Feedback.Kind feedback;
  private final long seed;
  private final int online;
  private final double decay;
  private final boolean rateCellOnly;
  private final double gain;
  private final boolean deferred;

  private EProp(String name, Feedback.Kind feedback, long seed, int online, double decay,
      boolean rateCellOnly, double gain, boolean deferred) {
    Session.onlineEvery(online);
    if (deferred && online > 0) {
      throw new IllegalArgumentException("online=" + online + " and deferred=true exclude each"
          + " other: the deferred form computes the gradient at the end of the sequence");
    }
    this.deferred = deferred;
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
    return of(feedback, seed, online, decay, 1);
  }

  /**
   * e-prop with a random or adaptive B whose entries start N(0, gain²/n) ({@link Feedback}); the
   * e-prop code's random B, N(0, 1), is gain √n.
   */
  public static EProp of(Feedback.Kind feedback, long seed, int online, double decay,
      double gain) {
    return new EProp("eprop", feedback, seed, online, decay, false, gain, false);
  }

  /** This rule with its gradient computed {@link EProp deferred} to the sequence's end, or not. */
  public EProp deferred(boolean on) {
    return new EProp(name, feedback, seed, online, decay, rateCellOnly, gain, on);
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
    return rflo(Feedback.Kind.RANDOM, seed, online, gain);
  }

  /**
   * RFLO with {@code feedback} random (Murray 2019) or symmetric, B = W_outᵀ (the default of
   * vanilla-rtrl's RFLO, Marschall et al. 2020, which sends the error back through W_out unless a
   * feedback matrix is given).
   */
  public static EProp rflo(Feedback.Kind feedback, long seed, int online, double gain) {
    if (feedback == Feedback.Kind.ADAPTIVE) {
      throw new IllegalArgumentException("rflo's feedback is symmetric or random, not adaptive");
    }
    return new EProp("rflo", feedback, seed, online, 0, true, gain, false);
  }

  /**
   * {@code eprop} (symmetric, per sequence) or with its options, e.g.
   * {@code eprop:feedback=adaptive,seed=1,decay=0.01,online=5}; {@code rflo:seed=1};
   * {@code eprop:deferred=true}.
   */
  @Override
  public boolean updatesOnline() {
    return online > 0;
  }

  @Override
  public String name() {
    StringBuilder sb = new StringBuilder(name);
    String sep = ":";
    if (rateCellOnly && feedback == Feedback.Kind.SYMMETRIC) {
      sb.append(sep).append("feedback=symmetric");
      sep = ",";
    } else if (rateCellOnly) {
      sb.append(sep).append("seed=").append(seed);
      sep = ",";
    } else if (feedback != Feedback.Kind.SYMMETRIC) {
      sb.append(sep).append("feedback=").append(feedback.label()).append(",seed=").append(seed);
      sep = ",";
      if (feedback == Feedback.Kind.ADAPTIVE) {
        sb.append(",decay=").append(decay);
      }
    }
    if (gain != 1 && feedback != Feedback.Kind.SYMMETRIC) {
      sb.append(sep).append("gain=").append(gain);
      sep = ",";
    }
    if (online > 0) {
      sb.append(sep).append("online=").append(online);
    }
    if (deferred) {
      sb.append(sep).append("deferred=true");
    }
    return sb.toString();
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
        network.cell().hidden(), network.spec().outputs(), seed, decay, optimizer, gain), online,
        deferred);
  }

  /**
   * A session of e-prop, in the forward form (traces) or {@linkplain EProp deferred} (a backward
   * pass at the sequence's end); its feedback can be read (for the alignment of B with W_outᵀ).
   */
  public static final class EPropSession extends OnlineSession {
    private final Network network;
    private final Parameters params;
    private final int batch;
    private final boolean regularized;
    /** The forward form's state; null when deferred. */
    private final EligibilityTraces traces;
    private final ReadoutTrace readout;
    private final double[] signal;
    private final Parameters accumulated;
    /** The deferred form's backward pass over the eligibility graph; null in the forward form. */
    private final BackwardPass backward;
    private final Feedback feedback;
    private long slotDoubles;
    private long trajectorySlots;

    EPropSession(Network network, Parameters params, int batch, Feedback feedback, int online,
        boolean deferred) {
      // online > 0 only in the forward form (EProp refuses it with deferred)
      super(online);
      this.network = network;
      this.params = params;
      this.batch = batch;
      this.feedback = feedback;
      regularized = network.spec().regularizer().enabled();
      if (deferred) {
        NetworkSpec spec = network.spec();
        backward = new BackwardPass(
            new Network(spec.withCell(spec.cell().eligibilityGraph()), network.team()),
            batch);
        traces = null;
        readout = null;
        signal = new double[0];
        accumulated = null;
      } else {
        backward = null;
        traces = new EligibilityTraces(network, batch, true, regularized);
        readout = new ReadoutTrace(network, batch);
        signal = new double[batch * network.cell().hidden()];
        accumulated = network.newParameters();
      }
    }

    /** The feedback this session broadcasts the error with. */
    public Feedback feedback() {
      return feedback;
    }

    @Override
    public void startSequence(Trajectory trajectory) {
      if (backward != null) {
        if (trajectory.continuesPrevious()) {
          throw new IllegalStateException("eprop deferred=true computes a sequence's gradient from"
              + " that sequence alone and cannot carry the traces of a stream's earlier chunks;"
              + " use the forward form (without deferred=true)");
        }
        return;
      }
      // a continued sequence keeps the eligibility vectors and traces
      if (trajectory.continuesPrevious()) {
        traces.clearSums();
        readout.clearGradient();
      } else {
        traces.reset();
        readout.reset();
      }
      accumulated.fill(0.0);
      restartCount();
    }

    @Override
    public void observe(Trajectory tr, int t) {
      if (backward != null) {
        return; // the trajectory is the buffer
      }
      readout.observe(tr, t);
      feedback.signal(params, batch, tr.lossGradient(t), signal);
      traces.advance(params, tr, t, signal, accumulated);
      countStep();
    }

    @Override
    public void gradient(Trajectory tr, Parameters out) {
      slotDoubles = tr.doublesPerSlot();
      trajectorySlots = tr.slots();
      if (backward != null) {
        deferredGradient(tr, out);
        return;
      }
      writeSinceUpdate(out);
      if (regularized) {
        traces.addSummed(tr.loss().rateGradient(), out);
      }
    }

    /** The deferred form: backward over the sequence on the eligibility graph, with B for W_outᵀ. */
    private void deferredGradient(Trajectory tr, Parameters out) {
      double[] regularizer = regularized ? tr.loss().rateGradient() : null;
      double[] b = feedback.transposed(params);
      out.fill(0.0);
      backward.reset();
      for (int t = tr.steps(); t >= 1; t--) {
        backward.step(params, tr, t, true, 1.0, regularizer, b, out);
      }
      backward.flush();
      feedback.update(params, out.get(Parameters.OUTPUT_WEIGHTS));
    }

    /** Also updates adaptive feedback. */
    @Override
    protected void writeSinceUpdate(Parameters out) {
      out.copyFrom(accumulated);
      readout.write(out);
      feedback.update(params, out.get(Parameters.OUTPUT_WEIGHTS));
      accumulated.fill(0.0);
      readout.clearGradient();
      restartCount();
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
      return backward != null ? Integer.MAX_VALUE : 2;
    }

    @Override
    public RuleCost cost() {
      if (backward != null) {
        return new RuleCost(backward.storedDoubles() + feedback.storedDoubles()
            + slotDoubles * trajectorySlots, backward.stepFlops(batch));
      }
      long own = traces.storedDoubles() + readout.storedDoubles() + feedback.storedDoubles()
          + signal.length + accumulated.size();
      double flops = traces.advanceFlops() + traces.accumulateFlops()
          + 2.0 * batch * network.spec().outputs() * network.cell().hidden()
          + readout.flopsPerStep();
      return new RuleCost(own + window() * slotDoubles, flops);
    }
  }
}
