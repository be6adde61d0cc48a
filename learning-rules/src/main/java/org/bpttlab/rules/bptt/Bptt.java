package org.bpttlab.rules.bptt;

import org.bpttlab.core.Parameters;
import org.bpttlab.core.Trajectory;
import org.bpttlab.core.net.Network;
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
    private final BackwardPass backward;
    private RuleCost cost = new RuleCost(0, 0);

    BpttSession(Network network, Parameters params, int batch) {
      this.network = network;
      this.params = params;
      this.backward = new BackwardPass(network, batch);
    }

    @Override
    public void observe(Trajectory trajectory, int t) {
      // the trajectory is the buffer
    }

    @Override
    public void gradient(Trajectory tr, Parameters out) {
      double[] regularizer = network.spec().regularizer().enabled() ? tr.loss().rateGradient() : null;
      out.fill(0.0);
      backward.reset();
      for (int t = tr.steps(); t >= 1; t--) {
        backward.step(params, tr, t, true, 1.0, regularizer, out);
      }
      backward.flush();
      cost = new RuleCost(
          backward.storedDoubles() + tr.slots() * tr.doublesPerSlot(),
          backward.stepFlops(tr.batchSize()));
    }

    @Override
    public RuleCost cost() {
      return cost;
    }
  }
}
