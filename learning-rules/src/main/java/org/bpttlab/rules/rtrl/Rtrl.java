package org.bpttlab.rules.rtrl;

import java.util.Arrays;
import org.bpttlab.core.Cell;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.Trajectory;
import org.bpttlab.kernels.Elementwise;
import org.bpttlab.kernels.Kernels;
import org.bpttlab.core.net.Network;
import org.bpttlab.rules.OnlineRule;
import org.bpttlab.rules.OnlineSession;
import org.bpttlab.rules.RuleCost;
import org.bpttlab.rules.Session;
import org.bpttlab.rules.readout.ReadoutTrace;

/**
 * Real-time recurrent learning (Williams &amp; Zipser 1989): forward-mode differentiation through the
 * influence matrix M_t = ∂s_t/∂θ (S×P per sequence), carried forward with the cell's state Jacobian
 * J_t and immediate influence M̄_t (DESIGN §2, §4):
 *
 * <pre>
 * (1) M_t = J_t M_{t-1} + M̄_t,  M_0 = 0 (carried on when the sequence continues the last one)
 * (2) ∂L/∂θ += (∂L/∂s_t)ᵀ M_t,  ∂L/∂s_t = (∂o_t/∂s_t)ᵀ W_outᵀ ∂L/∂y_t       (κ = 0, no regulariser)
 * (2') Ō_t = κ Ō_{t-1} + (∂o_t/∂s_t) M_t,  ∂L/∂θ += (g W_outᵀ ∂L/∂y_t)ᵀ Ō_t (leaky readout;
 *      ∂o_t/∂s_t is diagonal per neuron, the local dynamics' ψ, so this costs O(S·P))
 * (3) Z = Σ_{t,b} (∂o_t/∂s_t) M_t,  ∂L_reg/∂θ = (∂L_reg/∂o)ᵀ Z            (rate regulariser)
 * </pre>
 *
 * The readout's own parameters get their exact gradient online ({@link ReadoutTrace}). Exact for the
 * declared graph: in the accumulated mode (the default) the gradient equals BPTT's (contract R1).
 * With {@code online=k} the gradient of the last k steps is handed out every k steps and the weights
 * change within the sequence while M carries on (the usual online RTRL); the regulariser's term,
 * which needs the whole sequence's rates, is then added at the sequence's end.
 *
 * <p>Memory B·S·P for M (plus n·P per sequence for Ō with a leaky readout, n·P for Z), independent
 * of T: the session reads two trajectory steps. Work per step 2·B·S²·P for (1) — O(n⁴) — plus
 * 2·B·S·P for (2) (and for (2')).
 */
public final class Rtrl extends OnlineRule {
  /** @param online hand out a gradient every {@code online} steps; 0 for once per sequence */
  public Rtrl(int online) {
    super("rtrl", online);
  }

  @Override
  public Session begin(Network network, Parameters params, int batchSize) {
    return new RtrlSession(network, params, batchSize, online);
  }

  private static final class RtrlSession extends OnlineSession {
    private final Network network;
    private final Parameters params;
    private final Cell cell;
    private final int batch;
    private final int n;
    private final int s;
    private final int p;
    private final boolean filtered;
    private final boolean regularized;
    private final double kappa;
    private final ExtendedState signals;
    private double[][] influence;
    private double[][] next;
    private final double[] immediate;
    private final double[][] outputInfluence;
    private final double[] outputScratch;
    private final double[] rateInfluence;
    private final double[] dStateOne;
    private final double[] cellGrad;
    private final ReadoutTrace readout;
    private long slotDoubles;

    RtrlSession(Network network, Parameters params, int batch, int online) {
      super(online);
      this.network = network;
      this.params = params;
      this.cell = network.cell();
      this.batch = batch;
      n = cell.hidden();
      s = cell.stateSize();
      p = cell.parameterCount();
      kappa = network.readout().kappa();
      signals = new ExtendedState(network, batch);
      regularized = network.spec().regularizer().enabled();
      filtered = kappa != 0 || regularized;
      influence = new double[batch][s * p];
      next = new double[batch][s * p];
      immediate = new double[s * p];
      outputInfluence = filtered ? new double[batch][n * p] : new double[0][];
      outputScratch = filtered ? new double[n * p] : new double[0];
      rateInfluence = regularized ? new double[n * p] : new double[0];
      dStateOne = new double[s];
      cellGrad = new double[p];
      readout = new ReadoutTrace(network, batch);
    }

    @Override
    public void startSequence(Trajectory trajectory) {
      // a continued sequence keeps M and Ō (its step 0 is the last sequence's step T)
      if (!trajectory.continuesPrevious()) {
        for (int b = 0; b < batch; b++) {
          Arrays.fill(influence[b], 0.0);
          if (filtered) {
            Arrays.fill(outputInfluence[b], 0.0);
          }
        }
        readout.reset();
      }
      Arrays.fill(rateInfluence, 0.0);
      Arrays.fill(cellGrad, 0.0);
      readout.clearGradient();
      restartCount();
    }

    @Override
    public void observe(Trajectory tr, int t) {
      readout.observe(tr, t);
      // the signals: g W_outᵀ ∂L/∂y_t (g, the readout's input gain, is 1 unless the readout has unit
      // gain), and without a filter ∂L/∂s_t = (∂o_t/∂s_t)ᵀ g W_outᵀ ∂L/∂y_t; the local dynamics' ψ
      signals.observe(params, tr, t);
      // (1) M_t = J_t M_{t-1} + M̄_t, per sequence
      for (int b = 0; b < batch; b++) {
        cell.immediateInfluence(params, tr, t, b, immediate);
        signals.prepareJacobian(b);
        double[] m = next[b];
        System.arraycopy(immediate, 0, m, 0, immediate.length);
        Kernels.multAdd(s, s, p, signals.jacobian(), influence[b], m);
      }
      double[][] swap = influence;
      influence = next;
      next = swap;
      if (!filtered) {
        // (2) ∂L/∂s_t contracted with M_t
        for (int b = 0; b < batch; b++) {
          signals.signal(b, dStateOne);
          Kernels.multAdd(1, s, p, dStateOne, influence[b], cellGrad);
        }
      } else {
        // (2') and (3): through ∂o_t/∂θ = (∂o_t/∂s_t) M_t, where ∂o_t/∂s_t is diagonal per neuron
        // (its entries are the local dynamics' ψ): row j of it times M_t is Σ_k ψ_jk M_(k,j)
        double[] psi = signals.pseudoDerivative();
        int components = s / n;
        for (int b = 0; b < batch; b++) {
          double[] m = influence[b];
          for (int j = 0; j < n; j++) {
            Arrays.fill(outputScratch, j * p, (j + 1) * p, 0.0);
            for (int k = 0; k < components; k++) {
              double v = psi[(k * batch + b) * n + j];
              if (v != 0) {
                Elementwise.axpy(p, v, m, (k * n + j) * p, outputScratch, j * p);
              }
            }
          }
          double[] ob = outputInfluence[b];
          Elementwise.scaleAdd(ob.length, kappa, ob, 0, 1.0, outputScratch, 0);
          if (regularized) {
            for (int i = 0; i < rateInfluence.length; i++) {
              rateInfluence[i] += outputScratch[i];
            }
          }
          signals.outputSignal(b, dStateOne);
          Kernels.multAdd(1, n, p, dStateOne, ob, cellGrad);
        }
      }
      countStep();
    }

    @Override
    public void gradient(Trajectory tr, Parameters out) {
      slotDoubles = tr.doublesPerSlot();
      writeSinceUpdate(out);
      if (regularized) {
        double[] rate = tr.loss().rateGradient();
        int offset = 0;
        for (int g = 0; g < cell.parameterShapes().size(); g++) {
          double[] dst = out.get(g);
          for (int i = 0; i < dst.length; i++) {
            double sum = 0;
            for (int j = 0; j < n; j++) {
              sum += rate[j] * rateInfluence[j * p + offset + i];
            }
            dst[i] += sum;
          }
          offset += dst.length;
        }
      }
    }

    @Override
    protected void writeSinceUpdate(Parameters out) {
      out.fill(0.0);
      int offset = 0;
      for (int g = 0; g < cell.parameterShapes().size(); g++) {
        double[] dst = out.get(g);
        System.arraycopy(cellGrad, offset, dst, 0, dst.length);
        offset += dst.length;
      }
      readout.write(out);
      Arrays.fill(cellGrad, 0.0);
      readout.clearGradient();
      restartCount();
    }

    @Override
    public int window() {
      return 2;
    }

    @Override
    public RuleCost cost() {
      long own = 2L * batch * s * p + signals.storedDoubles() + immediate.length
          + (long) outputInfluence.length * n * p + outputScratch.length
          + rateInfluence.length + dStateOne.length
          + cellGrad.length + readout.storedDoubles();
      double perSequence = 2.0 * s * s * p + s * p;
      perSequence += filtered ? 2.0 * s * p + 2.0 * n * p + 2.0 * n * p : 2.0 * s * p;
      double flops = batch * perSequence + 2.0 * batch * network.spec().outputs() * n
          + readout.flopsPerStep();
      return new RuleCost(own + window() * slotDoubles, flops);
    }
  }
}
