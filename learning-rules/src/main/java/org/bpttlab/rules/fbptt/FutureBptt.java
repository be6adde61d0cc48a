package org.bpttlab.rules.fbptt;

import java.util.Arrays;
import org.bpttlab.core.Cell;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.Trajectory;
import org.bpttlab.core.net.Network;
import org.bpttlab.kernels.Kernels;
import org.bpttlab.rules.OnlineRule;
import org.bpttlab.rules.OnlineSession;
import org.bpttlab.rules.RuleCost;
import org.bpttlab.rules.Session;
import org.bpttlab.rules.bptt.CreditGradient;

/**
 * Future-facing BPTT, F-BPTT (Marschall, Cho &amp; Savin 2020, JMLR 21(135), §4.1.2): each step τ
 * keeps a credit vector c_τ ≈ ∂L/∂s_τ while it is among the last h steps; every new step's loss is
 * backpropagated through the window and added to each credit, and a step leaving the window hands
 * out its gradient through its immediate influence:
 *
 * <pre>
 * (1) c_τ ← c_τ + ∂L_t/∂s_τ  for τ = t − h + 1..t,   ∂L_t/∂s_τ by the cell's vector-Jacobian
 *      products: δs_t = (∂o_t/∂s_t)ᵀ W_outᵀ g ∂L_t/∂y_t,
 *      δs_τ = (∂o_τ/∂s_τ)ᵀ W_outᵀ κ^{t−τ} g ∂L_t/∂y_t + J_{τ+1}ᵀ δs_{τ+1}   (leaky readout: κ, g)
 * (2) ∂L/∂θ += c_τᵀ M̄_τ  when τ = t − h + 1 leaves the window (the remaining window at T)
 * </pre>
 *
 * (the paper's q_t = ∂L_t/∂s_t is the δs_t above; the reference is vanilla-rtrl's Future_BPTT).
 * So c_τ = Σ_{t=τ}^{τ+h−1} ∂L_t/∂s_τ: the gradient is BPTT's of the loss truncated to h steps after
 * each step, and with h ≥ T it is BPTT's. The readout's own parameters get their exact gradient
 * online ({@link CreditGradient}).
 *
 * <p>The firing-rate regulariser's gradient r = ∂L_reg/∂o_t (the same for every t) is known only at
 * T. A step that leaves the window at step t gets the credit Σ_{t'=τ}^{t} (∂o_t'/∂s_τ)ᵀ r̂_t with
 * the rate estimated from steps 1..t (one extra backward sweep over the window per step); the steps
 * still in the window at T get it with the exact r. With h ≥ T no step leaves before T, so the
 * regularised gradient is BPTT's as well.
 *
 * <p>With {@code online=k} the gradients of the steps that left the window are handed out every k
 * steps (with the readout's gradient of the steps so far); otherwise summed over the sequence.
 * Like every reverse-mode rule, a continued sequence starts with an empty window.
 *
 * <p>Memory: h credits of B·S doubles and h + 1 trajectory steps. Work per step: h backward steps
 * (backpropOutput, backpropStep and W_outᵀ, O(h·n²)) for (1), one more for (2) (the synapse
 * terms, O(n²)), and with the regulariser h more for its credit: the paper's O(h·n²).
 */
public final class FutureBptt extends OnlineRule {
  private final int horizon;

  /**
   * @param horizon h ≥ 1, the steps each credit collects losses from
   * @param online hand out a gradient every {@code online} steps; 0 for once per sequence
   */
  public FutureBptt(int horizon, int online) {
    super("fbptt", online);
    if (horizon < 1) {
      throw new IllegalArgumentException("horizon must be >= 1, was " + horizon);
    }
    this.horizon = horizon;
  }

  @Override
  protected String options() {
    return "horizon=" + horizon;
  }

  @Override
  public Session begin(Network network, Parameters params, int batchSize) {
    return new FutureSession(network, params, batchSize);
  }

  private final class FutureSession extends OnlineSession {
    private final Network network;
    private final Parameters params;
    private final Cell cell;
    private final int batch;
    private final int n;
    private final int outputs;
    private final double kappa;
    private final double gain;
    private final boolean regularized;
    /** c_τ at [(τ − 1) mod length], B·S each; length min(h, T). */
    private double[][] credits = new double[0][];
    private final double[] dReadout;
    private final double[] dOutput;
    private double[] dState;
    private double[] dPrevState;
    private final double[] dDrive;
    private final double[] scratch;
    private final double[] rate;
    private final CreditGradient gradient;
    private long visited;
    private long added;
    private long readoutSteps;
    private long handedOut;
    private double flopsPerStep;
    private long slotDoubles;
    private long peakWindow;

    FutureSession(Network network, Parameters params, int batch) {
      super(online);
      this.network = network;
      this.params = params;
      this.cell = network.cell();
      this.batch = batch;
      n = cell.hidden();
      outputs = network.spec().outputs();
      kappa = network.readout().kappa();
      gain = network.readout().inputGain();
      regularized = network.spec().regularizer().enabled();
      dReadout = new double[batch * outputs];
      dOutput = new double[batch * n];
      dState = new double[batch * cell.stateSize()];
      dPrevState = new double[batch * cell.stateSize()];
      dDrive = new double[batch * n];
      scratch = new double[cell.scratchSize(batch)];
      rate = regularized ? new double[n] : new double[0];
      gradient = new CreditGradient(network, params, batch);
    }

    @Override
    public void startSequence(Trajectory tr) {
      int length = Math.min(horizon, tr.steps());
      if (credits.length != length) {
        credits = new double[length][batch * cell.stateSize()];
      } else {
        for (double[] c : credits) {
          Arrays.fill(c, 0.0);
        }
      }
      gradient.startSequence(tr);
      visited = 0;
      added = 0;
      readoutSteps = 0;
      handedOut = 0;
      restartCount();
    }

    private double[] credit(int tau) {
      return credits[(tau - 1) % credits.length];
    }

    @Override
    public void observe(Trajectory tr, int t) {
      gradient.observe(tr, t);
      int oldest = Math.max(1, t - horizon + 1);
      // (1): the loss of step t, backpropagated through the window, added to each credit
      double[] g = tr.lossGradient(t);
      for (int i = 0; i < dReadout.length; i++) {
        dReadout[i] = gain * g[i];
      }
      Arrays.fill(dState, 0.0);
      for (int tau = t; tau >= oldest; tau--) {
        visited++;
        if (tau == t || kappa != 0) {
          Arrays.fill(dOutput, 0.0);
          Kernels.multAdd(batch, outputs, n, dReadout, params.read(Parameters.OUTPUT_WEIGHTS),
              dOutput);
          cell.backpropOutput(tr, tau, dOutput, dState);
          readoutSteps++;
          for (int i = 0; i < dReadout.length; i++) {
            dReadout[i] *= kappa;
          }
        }
        add(dState, credit(tau));
        if (tau > oldest) {
          carry(tr, tau);
        }
      }
      if (t - horizon + 1 >= 1) {
        // step t − h + 1 is complete: its credit leaves the window (2)
        if (regularized) {
          network.regularizer().runningGradient(tr, t, rate);
          regularizerSweep(tr, t, oldest);
        }
        handOut(tr, oldest);
      }
      countStep();
    }

    /** dState (δs_τ, complete) → J_τᵀ δs_τ, the carried adjoint of s_{τ−1}. */
    private void carry(Trajectory tr, int tau) {
      Arrays.fill(dPrevState, 0.0);
      cell.backpropStep(params, tr, tau, dState, dPrevState, dDrive, scratch);
      double[] swap = dState;
      dState = dPrevState;
      dPrevState = swap;
    }

    /**
     * The regulariser's credit of the leaving step {@code to}: {@code rate} injected at every step
     * from..to, backpropagated to step {@code to} and added to its credit.
     */
    private void regularizerSweep(Trajectory tr, int from, int to) {
      Arrays.fill(dState, 0.0);
      for (int tau = from; tau >= to; tau--) {
        visited++;
        for (int b = 0; b < batch; b++) {
          System.arraycopy(rate, 0, dOutput, b * n, n);
        }
        cell.backpropOutput(tr, tau, dOutput, dState);
        if (tau == to) {
          add(dState, credit(tau));
        } else {
          carry(tr, tau);
        }
      }
    }

    /** (2): c_τᵀ M̄_τ into the pending gradient; the slot is cleared for a later step. */
    private void handOut(Trajectory tr, int tau) {
      double[] c = credit(tau);
      gradient.add(tr, tau, c);
      Arrays.fill(c, 0.0);
      handedOut++;
    }

    /** y += x: an adjoint added to a credit. */
    private void add(double[] x, double[] y) {
      added++;
      for (int i = 0; i < x.length; i++) {
        y[i] += x[i];
      }
    }

    @Override
    public void gradient(Trajectory tr, Parameters out) {
      int steps = tr.steps();
      int first = Math.max(1, steps - horizon + 2);
      if (regularized && first <= steps) {
        // the remaining window: each step's credit from the exact r at steps τ..T
        System.arraycopy(tr.loss().rateGradient(), 0, rate, 0, n);
        Arrays.fill(dState, 0.0);
        for (int tau = steps; tau >= first; tau--) {
          visited++;
          for (int b = 0; b < batch; b++) {
            System.arraycopy(rate, 0, dOutput, b * n, n);
          }
          cell.backpropOutput(tr, tau, dOutput, dState);
          add(dState, credit(tau));
          if (tau > first) {
            carry(tr, tau);
          }
        }
      }
      for (int tau = first; tau <= steps; tau++) {
        handOut(tr, tau);
      }
      writeSinceUpdate(out);
      slotDoubles = tr.doublesPerSlot();
      peakWindow = Math.min(horizon + 1L, steps + 1L);
      // each step a sweep visits: backpropOutput and backpropStep (the oldest's unneeded one counted
      // too); each addition to a credit; each injection of the readout's error W_outᵀ δy and κ's
      // scaling; each hand-out: backpropStep and the synapse terms
      flopsPerStep = (visited * (double) cell.backpropFlops(batch) + added * (double) dState.length
          + readoutSteps * (2.0 * batch * outputs * n + dReadout.length)
          + handedOut * gradient.addFlops(batch)) / steps
          + gradient.readoutFlops();
    }

    @Override
    protected void writeSinceUpdate(Parameters out) {
      gradient.write(out);
      restartCount();
    }

    @Override
    public int window() {
      return (int) Math.min(Integer.MAX_VALUE, horizon + 1L);
    }

    @Override
    public RuleCost cost() {
      long own = (long) credits.length * batch * cell.stateSize() + dReadout.length
          + dOutput.length + 2L * dState.length + dDrive.length + scratch.length + rate.length
          + gradient.storedDoubles();
      return new RuleCost(own + peakWindow * slotDoubles, flopsPerStep);
    }
  }
}
