package org.bpttlab.rules.eprop;

import java.util.Arrays;
import org.bpttlab.core.Cell;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.Trajectory;
import org.bpttlab.core.net.Network;
import org.bpttlab.rules.bptt.BackwardPass;
import org.bpttlab.rules.bptt.Bptt;

/**
 * Equation 1 of Bellec et al. 2020 made checkable: the exact gradient factorises as
 *
 * <pre>
 * dE/dW_ji = Σ_t (dE/dz_j^t) · e_ji^t
 * </pre>
 *
 * with e_ji^t the eligibility traces ({@link EligibilityTraces}, unfiltered) and dE/dz_j^t the
 * <em>total</em> learning signal: the derivative of E with respect to the output z_j^t along every
 * path of the declared graph except the neuron's own state dynamics (the paths the eligibility
 * vector already carries) — through the readout and the regulariser, δo_t, and through step t + 1's
 * recurrent input into every other neuron and the neuron's own reset,
 * {@link Cell#backpropLearningSignal}. In the reference code's terms (their
 * numerical_verification_eprop_factorization_vs_BPTT.py) it is the gradient with respect to the
 * spikes z, with the adaptation fed by the separate {@code z_local}. It is computed from BPTT's adjoints
 * ({@link BackwardPass}), so it needs the whole trajectory: not a learning rule, but the check that
 * e-prop's traces are exactly the forward-mode half of the gradient (and the reference for
 * {@code reproduce eprop-exact}). e-prop proper replaces dE/dz_j^t by the signal of
 * {@link Feedback}, which is available online.
 */
public final class EPropFactorization {
  private EPropFactorization() {}

  /**
   * The total learning signal dE/dz_j^t over a computed trajectory (the network's declared graph:
   * on the eligibility graph it is δo_t alone).
   *
   * @return [t][b·n + j] for t = 1..T (index 0 unused)
   */
  public static double[][] totalLearningSignal(Network network, Parameters params, Trajectory tr) {
    Cell cell = network.cell();
    int batch = tr.batchSize();
    int n = cell.hidden();
    double[] regularizer = network.spec().regularizer().enabled() ? tr.loss().rateGradient() : null;
    double[][] signal = new double[tr.steps() + 1][batch * n];
    double[] throughNextStep = new double[batch * n];
    double[] scratch = new double[cell.scratchSize(batch)];
    Parameters ignored = network.newParameters();
    BackwardPass backward = new BackwardPass(network, batch);
    backward.reset();
    for (int t = tr.steps(); t >= 1; t--) {
      backward.step(params, tr, t, true, 1.0, regularizer, ignored);
      double[] l = signal[t];
      double[] direct = backward.outputAdjoint();
      for (int k = 0; k < l.length; k++) {
        l[k] = direct[k] + throughNextStep[k];
      }
      Arrays.fill(throughNextStep, 0.0);
      if (t > 1) {
        cell.backpropLearningSignal(params, tr, t, backward.stateAdjoint(), throughNextStep,
            scratch);
      }
    }
    return signal;
  }

  /**
   * Σ_t signal^t · e^t for the cell's groups, over a computed trajectory, and BPTT's exact gradient
   * for W_out and b_out.
   *
   * @param signal [t][b·n + j] for t = 1..T, as {@link #totalLearningSignal}
   * @param out Modified (overwritten)
   */
  public static void gradient(Network network, Parameters params, Trajectory tr, double[][] signal,
      Parameters out) {
    Bptt.gradient(network, params, tr, out);
    EligibilityTraces traces = new EligibilityTraces(network, tr.batchSize(), false, false);
    Parameters cellPart = network.newParameters();
    for (int t = 1; t <= tr.steps(); t++) {
      traces.advance(params, tr, t);
      traces.accumulate(signal[t], cellPart);
    }
    for (int g = 0; g < traces.groups(); g++) {
      System.arraycopy(cellPart.get(g), 0, out.get(g), 0, out.get(g).length);
    }
  }
}
