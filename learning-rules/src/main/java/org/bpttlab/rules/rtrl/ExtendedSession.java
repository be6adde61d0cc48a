package org.bpttlab.rules.rtrl;

import java.util.Arrays;
import org.bpttlab.core.Cell;
import org.bpttlab.core.CounterNoise;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.Seeds;
import org.bpttlab.core.Trajectory;
import org.bpttlab.core.net.Network;
import org.bpttlab.rules.OnlineSession;
import org.bpttlab.rules.RuleCost;
import org.bpttlab.rules.readout.ReadoutTrace;

/**
 * The loop the forward-mode estimators on the {@link ExtendedState} share (UORO, KF-RTRL, reverse
 * KF-RTRL, SnAp-1): per step the estimator's update of its influence estimate M̃_t (the subclass),
 * then ∂L_t/∂θ ≈ (∂L_t/∂e_t)ᵀ M̃_t; at the sequence's end the regulariser's term through the same
 * estimate; the readout's exact gradient ({@link ReadoutTrace}); the schedule of online updates.
 * A fresh sequence starts the estimate from zero, as the influence is (M_0 = 0); a sequence that
 * continues the last one keeps it (but for the regulariser's rows). A stochastic estimator draws ν
 * from {@link #nu}, a pure function of (seed, sequence, step, sequence in the batch, entry)
 * ({@link CounterNoise}); the session carries only its sequence counter.
 */
abstract class ExtendedSession extends OnlineSession {
  final Parameters params;
  final Cell cell;
  final int batch;
  final int n;
  final int p;
  final ExtendedState state;
  final int e;
  final int m;
  private final FactoredRule.Noise noise;
  private final long streamKey;
  private final ReadoutTrace readout;
  /** The cell groups' gradient since the last update, flattened. */
  final double[] cellGrad;
  private final double[] signal;
  private long sequence;
  private long key;
  private int step;
  private long slotDoubles;

  /**
   * @param label the rule's name, which keys its noise stream
   * @param noise the distribution of ν (unused by a deterministic rule)
   */
  ExtendedSession(String label, int online, long seed, FactoredRule.Noise noise, Network network,
      Parameters params, int batch) {
    super(online);
    this.params = params;
    this.cell = network.cell();
    this.batch = batch;
    n = cell.hidden();
    p = cell.parameterCount();
    state = new ExtendedState(network, batch);
    e = state.size();
    m = state.presynapticSize();
    this.noise = noise;
    streamKey = new Seeds(seed).derive(label).seed();
    readout = new ReadoutTrace(network, batch);
    cellGrad = new double[p];
    signal = new double[e];
  }

  /** Zeroes sequence b's factors from extended-state row {@code fromRow} on (0: all of them). */
  abstract void restart(int b, int fromRow);

  /** Updates sequence b's factors to step t (after {@link ExtendedState#prepareJacobian}). */
  abstract void update(int b);

  /** {@code cellGrad += signalᵀ M̃} of sequence b, signal over the extended state. */
  abstract void addGradient(int b, double[] signal);

  /**
   * Sequence b's estimate of the influence on the cell's state, M̃_t = ∂s_t/∂θ (S×P, row-major, the
   * cell groups' parameters in order), written out densely: for tests, which compare its mean over
   * draws with RTRL's M_t.
   *
   * @param out S·P doubles, Modified (overwritten)
   */
  abstract void influence(int b, double[] out);

  /** The estimator's own doubles (its factors and scratch). */
  abstract long factorDoubles();

  /** The estimator's work per step and sequence (its update and its gradient). */
  abstract double factorFlops();

  /**
   * Entry {@code index} of ν for sequence b at this step (index &lt; {@code count}, the draws per
   * sequence and step).
   */
  final double nu(int b, int index, int count) {
    long counter = ((long) (step - 1) * batch + b) * count + index;
    return switch (noise) {
      case SIGNS -> CounterNoise.uniform(key, counter) < 0.5 ? -1.0 : 1.0;
      case GAUSSIAN -> CounterNoise.gaussian(key, counter);
      case CONSTANT -> 1.0;
    };
  }

  @Override
  public void startSequence(Trajectory trajectory) {
    int from = state.firstRestartedRow(trajectory);
    if (from == 0) {
      readout.reset();
    }
    for (int b = 0; b < batch; b++) {
      restart(b, from);
    }
    Arrays.fill(cellGrad, 0.0);
    readout.clearGradient();
    key = CounterNoise.key(streamKey, sequence);
    sequence++;
    restartCount();
  }

  @Override
  public void observe(Trajectory tr, int t) {
    step = t;
    readout.observe(tr, t);
    state.observe(params, tr, t);
    for (int b = 0; b < batch; b++) {
      state.prepareJacobian(b);
      update(b);
      state.signal(b, signal);
      addGradient(b, signal);
    }
    countStep();
  }

  @Override
  public void gradient(Trajectory tr, Parameters out) {
    slotDoubles = tr.doublesPerSlot();
    writeSinceUpdate(out);
    if (state.endSignal(tr, signal)) {
      for (int b = 0; b < batch; b++) {
        addGradient(b, signal);
      }
      addCellGradient(out);
      Arrays.fill(cellGrad, 0.0);
    }
  }

  @Override
  protected void writeSinceUpdate(Parameters out) {
    out.fill(0.0);
    addCellGradient(out);
    readout.write(out);
    Arrays.fill(cellGrad, 0.0);
    readout.clearGradient();
    restartCount();
  }

  private void addCellGradient(Parameters out) {
    int offset = 0;
    for (int g = 0; g < cell.parameterShapes().size(); g++) {
      double[] dst = out.get(g);
      for (int i = 0; i < dst.length; i++) {
        dst[i] += cellGrad[offset + i];
      }
      offset += dst.length;
    }
  }

  @Override
  public int window() {
    return 2;
  }

  /** [sequence counter]. */
  @Override
  public double[] carriedState() {
    return new double[] {sequence};
  }

  @Override
  public void restoreCarriedState(double[] carried) {
    if (carried.length != 1) {
      throw new IllegalArgumentException(
          "this rule carries 1 value (its sequence counter), was given " + carried.length);
    }
    sequence = (long) carried[0];
  }

  @Override
  public RuleCost cost() {
    long own = factorDoubles() + state.storedDoubles() + cellGrad.length + signal.length
        + readout.storedDoubles();
    double flops = batch * factorFlops() + state.flopsPerStep() + readout.flopsPerStep();
    return new RuleCost(own + window() * slotDoubles, flops);
  }
}
