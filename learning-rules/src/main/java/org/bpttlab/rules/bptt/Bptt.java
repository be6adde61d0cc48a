package org.bpttlab.rules.bptt;

import java.util.Arrays;
import org.bpttlab.core.Cell;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.Trajectory;
import org.bpttlab.core.net.Network;
import org.bpttlab.core.readout.LeakyReadout;
import org.bpttlab.rules.LearningRule;
import org.bpttlab.rules.RuleCost;
import org.bpttlab.rules.Session;

/**
 * Backpropagation through time (Werbos 1990; Rumelhart et al. 1986): reverse mode over the whole
 * recorded trajectory, through the cells' vector-Jacobian products. For t = T..1:
 *
 * <pre>
 * (1) δy_t = ∂L/∂y_t + κ δy_{t+1}                       readout
 * (2) δo_t = W_outᵀ δy_t + ∂L_reg/∂o_t                   ∂L/∂W_out += δy_t o_tᵀ, ∂L/∂b_out += δy_t
 * (3) δs_t = (∂o_t/∂s_t)ᵀ δo_t + J_{t+1}ᵀ δs_{t+1}       cell.backpropOutput, cell.backpropStep
 * </pre>
 *
 * Exact for the graph the network spec declares (gradient options included). Memory O(T·B·S): the
 * trajectory. Cost per step O(n²) like the forward step.
 */
public final class Bptt implements LearningRule {
  @Override
  public String name() {
    return "bptt";
  }

  @Override
  public Session begin(Network network, Parameters params, int batchSize) {
    return new BpttSession(network, params, batchSize);
  }

  /** The exact gradient of the loss over a computed trajectory, written into {@code out}. */
  public static void gradient(Network network, Parameters params, Trajectory tr, Parameters out) {
    new BpttSession(network, params, tr.batchSize()).gradient(tr, out);
  }

  private static final class BpttSession implements Session {
    private final Network network;
    private final Parameters params;
    private final double[] dReadout;
    private final double[] dOutput;
    private double[] dState;
    private double[] dPrevState;
    private final double[] scratch;
    private RuleCost cost = new RuleCost(0, 0);

    BpttSession(Network network, Parameters params, int batch) {
      this.network = network;
      this.params = params;
      Cell cell = network.cell();
      dReadout = new double[batch * network.spec().outputs()];
      dOutput = new double[batch * cell.hidden()];
      dState = new double[batch * cell.stateSize()];
      dPrevState = new double[batch * cell.stateSize()];
      scratch = new double[cell.scratchSize(batch)];
    }

    @Override
    public void observe(Trajectory trajectory, int t) {
      // the trajectory is the buffer
    }

    @Override
    public void gradient(Trajectory tr, Parameters out) {
      Cell cell = network.cell();
      LeakyReadout readout = network.readout();
      double kappa = readout.kappa();
      int n = cell.hidden();
      int batch = tr.batchSize();
      double[] rate = tr.rateGradient();
      boolean regularized = network.spec().regularizer().enabled();
      out.fill(0.0);
      Arrays.fill(dReadout, 0.0);
      Arrays.fill(dState, 0.0);
      for (int t = tr.steps(); t >= 1; t--) {
        double[] g = tr.lossGradient(t);
        for (int i = 0; i < dReadout.length; i++) {
          dReadout[i] = g[i] + kappa * dReadout[i];
        }
        readout.backprop(params, tr, t, dReadout, dOutput, out);
        if (regularized) {
          for (int b = 0; b < batch; b++) {
            for (int j = 0; j < n; j++) {
              dOutput[b * n + j] += rate[j];
            }
          }
        }
        cell.backpropOutput(tr, t, dOutput, dState);
        Arrays.fill(dPrevState, 0.0);
        cell.backpropStep(params, tr, t, dState, dPrevState, out, scratch);
        double[] swap = dState;
        dState = dPrevState;
        dPrevState = swap;
      }
      long own = dReadout.length + dOutput.length + 2L * dState.length + scratch.length;
      cost = new RuleCost(
          own + tr.slots() * tr.doublesPerSlot(),
          network.backpropFlops(batch) + (regularized ? batch * n : 0));
    }

    @Override
    public RuleCost cost() {
      return cost;
    }
  }
}
