package org.bpttlab.rules.dni;

import java.util.Arrays;
import org.bpttlab.core.Cell;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.Seeds;
import org.bpttlab.core.Trajectory;
import org.bpttlab.core.net.Network;
import org.bpttlab.kernels.Kernels;
import org.bpttlab.rules.OnlineRule;
import org.bpttlab.rules.OnlineSession;
import org.bpttlab.rules.RuleCost;
import org.bpttlab.rules.Session;
import org.bpttlab.rules.bptt.CreditGradient;

/**
 * Decoupled neural interfaces, DNI (Jaderberg et al. 2017), with the linear synthetic gradient of
 * Marschall, Cho &amp; Savin 2020 (JMLR 21(135); reference: vanilla-rtrl's DNI): a learned map
 * {@link SyntheticGradient} sg_t = A ã_t, ã_t = [s_t; y*_t; 1], estimates the credit c_t = ∂L/∂s_t of
 * the losses from step t on, and each step's gradient takes the true immediate credit and the
 * synthetic gradient of the next step, one step back through the cell's vector-Jacobian product:
 *
 * <pre>
 * (1) q_t = (∂o_t/∂s_t)ᵀ (W_outᵀ g ∂L_t/∂y_t + ∂L_reg/∂o_t)    the immediate credit
 * (2) c_{t−1} = q_{t−1} + J_tᵀ sg_t                            (c_T = q_T: the sequence ends)
 * (3) ∂L/∂θ += c_{t−1}ᵀ M̄_{t−1}                                immediate influence only
 * (4) A ← A − η [(A ã_{t−1} − c*_{t−1}) ã_{t−1}ᵀ + λ A],  c*_{t−1} = q_{t−1} + J_tᵀ A' ã_t
 * </pre>
 *
 * with A' a copy of A refreshed every {@code refresh} updates (the reference's fix_A_interval) and
 * J_t exact (the reference's default; its learned linear J is not offered). A predicts the credit
 * of one sequence's loss: the batch's loss is their mean, so (2) uses sg/B and (4) the target B·c*,
 * averaged over the batch. With A = 0 and η = 0 the gradient is the one-step gradient
 * Σ_t q_tᵀ M̄_t. W_out and b_out get their exact gradient online ({@link CreditGradient}). A leaky
 * readout's path from o_t to later losses (through κ) is in neither q_t nor the target, which
 * follows J alone: DNI leaves it out. The regulariser enters q_t with the rate estimated from the
 * steps so far.
 *
 * <p>A and A' carry over from one sequence to the next ({@link #begin} draws them from the seed,
 * entries N(0, gain²/m), m = S + n_out + 1); a sequence starts without a transition into its step 1
 * (even one that continues the last). Memory: 3·S·m for A, A' and A's gradient, 2·B·m inputs and a
 * few B·S buffers; 3 trajectory steps. Work per step: three vector-Jacobian products
 * ({@code Cell.backpropFlops}) and 8·B·S·m + 3·S·m for A: O(n²).
 */
public final class Dni extends OnlineRule {
  private final double rate;
  private final double decay;
  private final int refresh;
  private final double gain;
  private final long seed;

  /**
   * @param rate A's learning rate η ≥ 0
   * @param decay A's L2 weight decay λ ≥ 0
   * @param refresh updates between copies of A into the target's A', ≥ 1
   * @param gain A starts with entries N(0, gain²/m), gain ≥ 0 (0: A = 0)
   * @param seed A's initialisation stream
   * @param online hand out a gradient every {@code online} steps; 0 for once per sequence
   */
  public Dni(double rate, double decay, int refresh, double gain, long seed, int online) {
    super("dni", online);
    if (!(rate >= 0 && Double.isFinite(rate))) {
      throw new IllegalArgumentException("lr must be a finite number >= 0, was " + rate);
    }
    if (!(decay >= 0 && Double.isFinite(decay))) {
      throw new IllegalArgumentException("decay must be a finite number >= 0, was " + decay);
    }
    if (refresh < 1) {
      throw new IllegalArgumentException("refresh must be >= 1, was " + refresh);
    }
    if (!(gain >= 0 && Double.isFinite(gain))) {
      throw new IllegalArgumentException("gain must be a finite number >= 0, was " + gain);
    }
    this.rate = rate;
    this.decay = decay;
    this.refresh = refresh;
    this.gain = gain;
    this.seed = seed;
  }

  @Override
  protected String options() {
    return "lr=" + rate + ",decay=" + decay + ",refresh=" + refresh + ",gain=" + gain
        + (gain > 0 ? ",seed=" + seed : "");
  }

  @Override
  public Session begin(Network network, Parameters params, int batchSize) {
    return new DniSession(network, params, batchSize);
  }

  private final class DniSession extends OnlineSession {
    private final Network network;
    private final Parameters params;
    private final Cell cell;
    private final int batch;
    private final int n;
    private final int s;
    private final int outputs;
    private final double gainOut;
    private final boolean regularized;
    private final SyntheticGradient synthetic;
    private double[] immediate;
    private double[] previous;
    private double[][] input;
    private double[][] inputBefore;
    private final double[] dOutput;
    private final double[] sg;
    private final double[] back;
    private final double[] credit;
    private final double[] dDrive;
    private final double[] scratch;
    private final double[] one;
    private final double[] oneTarget;
    private final double[] rateGrad;
    private final CreditGradient gradient;
    private long slotDoubles;
    private double flopsPerStep;

    DniSession(Network network, Parameters params, int batch) {
      super(online);
      this.network = network;
      this.params = params;
      this.cell = network.cell();
      this.batch = batch;
      n = cell.hidden();
      s = cell.stateSize();
      outputs = network.spec().outputs();
      gainOut = network.readout().inputGain();
      regularized = network.spec().regularizer().enabled();
      int m = s + outputs + 1;
      synthetic = new SyntheticGradient(s, m, rate, decay, refresh, gain,
          new Seeds(seed).derive("dni").rng());
      immediate = new double[batch * s];
      previous = new double[batch * s];
      input = new double[batch][m];
      inputBefore = new double[batch][m];
      dOutput = new double[batch * n];
      sg = new double[batch * s];
      back = new double[batch * s];
      credit = new double[batch * s];
      dDrive = new double[batch * n];
      scratch = new double[cell.scratchSize(batch)];
      one = new double[s];
      oneTarget = new double[s];
      rateGrad = regularized ? new double[n] : new double[0];
      gradient = new CreditGradient(network, params, batch);
    }

    @Override
    public void startSequence(Trajectory tr) {
      gradient.startSequence(tr);
      restartCount();
    }

    @Override
    public void observe(Trajectory tr, int t) {
      gradient.observe(tr, t);
      // (1) q_t
      Arrays.fill(dOutput, 0.0);
      Kernels.multAdd(batch, outputs, n, tr.lossGradient(t), params.read(Parameters.OUTPUT_WEIGHTS),
          dOutput);
      if (gainOut != 1.0) {
        for (int i = 0; i < dOutput.length; i++) {
          dOutput[i] *= gainOut;
        }
      }
      if (regularized) {
        network.regularizer().runningGradient(tr, t, rateGrad);
        for (int b = 0; b < batch; b++) {
          for (int j = 0; j < n; j++) {
            dOutput[b * n + j] += rateGrad[j];
          }
        }
      }
      Arrays.fill(immediate, 0.0);
      cell.backpropOutput(tr, t, dOutput, immediate);
      fillInputs(tr, t);
      if (t >= 2) {
        transition(tr, t);
      }
      double[] swap = previous;
      previous = immediate;
      immediate = swap;
      double[][] swapInputs = inputBefore;
      inputBefore = input;
      input = swapInputs;
      countStep();
    }

    /** ã_t = [s_t; y*_t; 1] of every sequence. */
    private void fillInputs(Trajectory tr, int t) {
      double[] state = tr.state(t);
      double[] target = tr.batch().targetAt(t);
      int components = s / n;
      for (int b = 0; b < batch; b++) {
        double[] a = input[b];
        for (int k = 0; k < components; k++) {
          System.arraycopy(state, (k * batch + b) * n, a, k * n, n);
        }
        System.arraycopy(target, b * outputs, a, s, outputs);
        a[s + outputs] = 1.0;
      }
    }

    /** (2)–(4) for the step t − 1 → t. */
    private void transition(Trajectory tr, int t) {
      // (2): c_{t−1} = q_{t−1} + J_tᵀ sg_t / B
      for (int b = 0; b < batch; b++) {
        synthetic.current(input[b], one);
        scatter(one, b, 1.0 / batch, sg);
      }
      Arrays.fill(back, 0.0);
      cell.backpropStep(params, tr, t, sg, back, dDrive, scratch);
      for (int i = 0; i < credit.length; i++) {
        credit[i] = previous[i] + back[i];
      }
      gradient.add(tr, t - 1, credit);
      // (4): the target B q_{t−1} + J_tᵀ A' ã_t, one sequence at a time
      for (int b = 0; b < batch; b++) {
        synthetic.frozen(input[b], one);
        scatter(one, b, 1.0, sg);
      }
      Arrays.fill(back, 0.0);
      cell.backpropStep(params, tr, t, sg, back, dDrive, scratch);
      int components = s / n;
      for (int b = 0; b < batch; b++) {
        for (int k = 0; k < components; k++) {
          for (int j = 0; j < n; j++) {
            int i = (k * batch + b) * n + j;
            oneTarget[k * n + j] = batch * previous[i] + back[i];
          }
        }
        synthetic.accumulate(inputBefore[b], oneTarget, one);
      }
      synthetic.update(batch);
    }

    /** Sequence b's S values, times {@code scale}, into the batched component-major vector. */
    private void scatter(double[] perSequence, int b, double scale, double[] batched) {
      int components = s / n;
      for (int k = 0; k < components; k++) {
        for (int j = 0; j < n; j++) {
          batched[(k * batch + b) * n + j] = scale * perSequence[k * n + j];
        }
      }
    }

    @Override
    public void gradient(Trajectory tr, Parameters out) {
      int steps = tr.steps();
      // c_T = q_T: no loss follows the sequence's last step
      gradient.add(tr, steps, previous);
      writeSinceUpdate(out);
      slotDoubles = tr.doublesPerSlot();
      int m = synthetic.inputSize();
      double transitions = (steps - 1.0) / steps;
      flopsPerStep = gradient.addFlops(batch) + 2.0 * transitions * cell.backpropFlops(batch)
          + 2.0 * batch * outputs * n
          + transitions * (8.0 * batch * s * m + 3.0 * s * m + 2.0 * batch * s)
          + gradient.readoutFlops();
    }

    @Override
    protected void writeSinceUpdate(Parameters out) {
      gradient.write(out);
      restartCount();
    }

    @Override
    public int window() {
      return 3;
    }

    @Override
    public double[] carriedState() {
      return synthetic.state();
    }

    @Override
    public void restoreCarriedState(double[] state) {
      synthetic.restore(state);
    }

    @Override
    public RuleCost cost() {
      long own = synthetic.storedDoubles() + 2L * batch * synthetic.inputSize()
          + 5L * batch * s + dOutput.length + dDrive.length + scratch.length + 2L * s
          + rateGrad.length + gradient.storedDoubles();
      return new RuleCost(own + window() * slotDoubles, flopsPerStep);
    }
  }
}
