package org.bpttlab.rules.kernl;

import java.util.Arrays;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.bpttlab.core.Cell;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.RateCellSpec;
import org.bpttlab.core.Seeds;
import org.bpttlab.core.Trajectory;
import org.bpttlab.core.init.Initializer;
import org.bpttlab.core.net.Network;
import org.bpttlab.kernels.Kernels;
import org.bpttlab.kernels.Products;
import org.bpttlab.rules.OnlineRule;
import org.bpttlab.rules.OnlineSession;
import org.bpttlab.rules.RuleCost;
import org.bpttlab.rules.Session;
import org.bpttlab.rules.bptt.CreditGradient;
import org.bpttlab.rules.eprop.EligibilityTraces;

/**
 * Kernel RNN learning, KeRNL (Roth, Kanitscheider &amp; Fiete 2019, ICLR; as in Marschall, Cho &amp;
 * Savin 2020 and vanilla-rtrl's KeRNL): the influence of a past step on the state is modelled as a
 * learned sensitivity matrix β times a per-neuron exponential kernel of learned decays γ,
 * ∂h_k^t/∂h_j^{t'} ≈ β_kj γ_j^{t−t'}, so that the influence matrix factorises into β and an
 * eligibility trace filtered with γ, and β, γ are learned from the effect of small perturbations on
 * a noisy copy of the network (Roth et al.'s Algorithm 1):
 *
 * <pre>
 * (1) ε_ji^t = γ_j ε_ji^{t−1} + q_j^t pre_i^t               trace; q: LocalDynamics' drive
 * (2) ∂L/∂W_ji += Σ_k (W_outᵀ ∂L/∂y_t)_k β_kj ē_ji^t        ē: ε filtered as the readout filters h
 * (3) h̃_t = F(h̃_{t−1}, x_t) + ζ_t,  ζ_t ~ N(0, σ² I)       the perturbed copy, h̃_0 = h_0
 * (4) Ω_t = γ ⊙ Ω_{t−1} + ζ_t,  Γ_t = γ ⊙ Γ_{t−1} + Ω_{t−1}   filtered noise and its γ-derivative
 * (5) e_t = β Ω_t − (h̃_t − h_t),
 *     β ← β − (η/σ²) e_t Ω_tᵀ,  γ ← clip_[0,1](γ − (η/σ²) (β ᵀ e_t) ⊙ Γ_t)   (batch means)
 * </pre>
 *
 * The effect h̃_t − h_t is measured between two private copies of the network run in double
 * precision from the sequence's h_0, a clean and a noisy one, so that float32 products (rounding
 * ≈ 1e-7) do not swamp perturbations of σ = 1e-5; the copies step the same live parameters. The
 * noise of step t enters the copy at step t, as in Roth et al.; vanilla-rtrl adds it to the
 * copy one step later while Ω_t already holds it, which shifts the regression by a step. Gradients
 * of β and γ are divided by σ² so that η does not depend on the noise's size. γ starts at the
 * cell's own leak 1 − α unless {@code decay} says otherwise (the reference starts at 0.2), β at
 * the identity (the reference's); both carry over between sequences, and the noisy copy and Ω, Γ
 * restart with each sequence (the reference's T_reset, at every sequence). When the true Jacobian is
 * a constant diagonal γ I (W_rec = 0), KeRNL with β = I and that γ is exact, and its learner finds
 * them.
 *
 * <p>For the rate cell only: the perturbation scheme needs a state that responds smoothly to
 * perturbations, and a spiking cell's spikes do not. W_out and b_out get their exact gradient online
 * ({@link CreditGradient}). Memory: B·P traces (2·B·P with a leaky readout), n² + n for β and γ, two
 * two-step trajectories for the copies and a few B·n buffers. Work per step: the traces' O(B·P),
 * a forward step of each copy, and about 8·B·n² for (2) and (5): O(n²).
 */
public final class Kernl extends OnlineRule {
  private final double rate;
  private final double sigma;
  private final double decay;
  private final long seed;

  /**
   * @param rate η ≥ 0, β's and γ's learning rate
   * @param sigma σ &gt; 0, the perturbations' standard deviation
   * @param decay γ's start in [0, 1], or NaN for the cell's leak 1 − α
   * @param seed the perturbations' stream
   * @param online hand out a gradient every {@code online} steps; 0 for once per sequence
   */
  public Kernl(double rate, double sigma, double decay, long seed, int online) {
    super("kernl", online);
    if (!(rate >= 0 && Double.isFinite(rate))) {
      throw new IllegalArgumentException("lr must be a finite number >= 0, was " + rate);
    }
    if (!(sigma > 0 && Double.isFinite(sigma))) {
      throw new IllegalArgumentException("sigma must be a finite number > 0, was " + sigma);
    }
    if (!Double.isNaN(decay) && !(decay >= 0 && decay <= 1)) {
      throw new IllegalArgumentException("decay must be in [0, 1], was " + decay);
    }
    this.rate = rate;
    this.sigma = sigma;
    this.decay = decay;
    this.seed = seed;
  }

  @Override
  protected String options() {
    return "lr=" + rate + ",sigma=" + sigma + (Double.isNaN(decay) ? "" : ",decay=" + decay)
        + ",seed=" + seed;
  }

  @Override
  public Session begin(Network network, Parameters params, int batchSize) {
    if (!(network.spec().cell() instanceof RateCellSpec rate)) {
      throw new IllegalArgumentException("kernl applies to the rate cell only (its perturbation"
          + " scheme needs a state that responds smoothly to noise), the network's cell is "
          + network.spec().cell().kind());
    }
    return new KernlSession(network, params, batchSize, Double.isNaN(decay) ? 1 - rate.alpha()
        : decay);
  }

  private final class KernlSession extends OnlineSession {
    private final Network network;
    private final Parameters params;
    private final Cell cell;
    private final int batch;
    private final int n;
    private final int outputs;
    private final double[] sensitivity;
    private final double[] decays;
    private final EligibilityTraces traces;
    private final CreditGradient gradient;
    private final double[] error;
    private final double[] signal;
    private final double[] noise;
    private final double[] omega;
    private final double[] gamma;
    private final double[] difference;
    private final double[] prediction;
    private final double[] back;
    private final double[] sensitivityGrad;
    private final double[] decayGrad;
    private final Network copies;
    private Trajectory clean;
    private Trajectory noisy;
    private UniformRandomProvider rng;
    private long sequences;
    private long slotDoubles;

    KernlSession(Network network, Parameters params, int batch, double decay) {
      super(online);
      this.network = network;
      this.params = params;
      this.cell = network.cell();
      this.batch = batch;
      n = cell.hidden();
      outputs = network.spec().outputs();
      copies = new Network(network.spec().withProducts(Products.FLOAT64));
      sensitivity = new double[n * n];
      for (int j = 0; j < n; j++) {
        sensitivity[j * n + j] = 1;
      }
      decays = new double[n];
      Arrays.fill(decays, decay);
      traces = new EligibilityTraces(network, batch, true, false);
      gradient = new CreditGradient(network, params, batch);
      error = new double[batch * n];
      signal = new double[batch * n];
      noise = new double[batch * n];
      omega = new double[batch * n];
      gamma = new double[batch * n];
      difference = new double[batch * n];
      prediction = new double[batch * n];
      back = new double[batch * n];
      sensitivityGrad = new double[n * n];
      decayGrad = new double[n];
    }

    @Override
    public void startSequence(Trajectory tr) {
      if (!tr.continuesPrevious()) {
        traces.reset();
      }
      gradient.startSequence(tr);
      if (noisy == null || noisy.steps() != tr.steps()) {
        clean = copies.newTrajectory(tr.batch(), 2);
        noisy = copies.newTrajectory(tr.batch(), 2);
      } else {
        clean.rebind(tr.batch());
        noisy.rebind(tr.batch());
      }
      Arrays.fill(omega, 0.0);
      Arrays.fill(gamma, 0.0);
      rng = new Seeds(seed).derive("kernl", sequences).rng();
      sequences++;
      restartCount();
    }

    @Override
    public void observe(Trajectory tr, int t) {
      gradient.observe(tr, t);
      // (2): the learning signal through β, L_j = Σ_k (W_outᵀ ∂L/∂y_t)_k β_kj, with the traces (1)
      Arrays.fill(back, 0.0);
      Kernels.multAdd(batch, outputs, n, tr.lossGradient(t), params.read(Parameters.OUTPUT_WEIGHTS),
          back);
      Arrays.fill(signal, 0.0);
      Kernels.multAdd(batch, n, n, back, sensitivity, signal);
      traces.advance(params, tr, t, decays, signal, gradient.pending());
      perturb(tr, t);
      countStep();
    }

    /** (3)–(5): step t of the clean and noisy copies, and β's and γ's update. */
    private void perturb(Trajectory tr, int t) {
      for (Trajectory copy : List.of(clean, noisy)) {
        copy.advance(t);
        if (t == 1) {
          System.arraycopy(tr.state(0), 0, copy.state(0), 0, batch * n);
        }
        copies.cell().step(params, copy, t);
      }
      Initializer.gaussian(noise, sigma, rng);
      double[] h = clean.state(t);
      double[] perturbed = noisy.state(t);
      for (int b = 0; b < batch; b++) {
        for (int j = 0; j < n; j++) {
          int i = b * n + j;
          perturbed[i] += noise[i];
          difference[i] = perturbed[i] - h[i];
          gamma[i] = decays[j] * gamma[i] + omega[i];
          omega[i] = decays[j] * omega[i] + noise[i];
        }
      }
      // e = β Ω − (h̃ − h), per sequence (Ω as rows: Ω β ᵀ)
      Arrays.fill(prediction, 0.0);
      Kernels.multAddTransB(batch, n, n, omega, sensitivity, prediction);
      for (int i = 0; i < error.length; i++) {
        error[i] = prediction[i] - difference[i];
      }
      double scale = rate / (sigma * sigma * batch);
      if (scale == 0) {
        return;
      }
      // ∂/∂β = Σ_b e_b Ω_bᵀ; ∂/∂γ_j = Σ_b (βᵀ e_b)_j Γ_bj
      Arrays.fill(sensitivityGrad, 0.0);
      Kernels.multAddTransA(batch, n, n, error, omega, sensitivityGrad);
      Arrays.fill(back, 0.0);
      Kernels.multAdd(batch, n, n, error, sensitivity, back);
      Arrays.fill(decayGrad, 0.0);
      for (int b = 0; b < batch; b++) {
        for (int j = 0; j < n; j++) {
          decayGrad[j] += back[b * n + j] * gamma[b * n + j];
        }
      }
      for (int i = 0; i < sensitivity.length; i++) {
        sensitivity[i] -= scale * sensitivityGrad[i];
      }
      for (int j = 0; j < n; j++) {
        decays[j] = Math.min(1, Math.max(0, decays[j] - scale * decayGrad[j]));
      }
    }

    @Override
    public void gradient(Trajectory tr, Parameters out) {
      slotDoubles = tr.doublesPerSlot();
      writeSinceUpdate(out);
    }

    @Override
    protected void writeSinceUpdate(Parameters out) {
      gradient.write(out);
      restartCount();
    }

    @Override
    public int window() {
      return 2;
    }

    /** β, γ and the number of sequences seen (each draws its noise from its own stream). */
    @Override
    public double[] carriedState() {
      double[] s = new double[n * n + n + 1];
      System.arraycopy(sensitivity, 0, s, 0, n * n);
      System.arraycopy(decays, 0, s, n * n, n);
      s[s.length - 1] = sequences;
      return s;
    }

    @Override
    public void restoreCarriedState(double[] s) {
      if (s.length != n * n + n + 1) {
        throw new IllegalArgumentException("kernl carries " + (n * n + n + 1)
            + " values (beta, gamma, a sequence count), was given " + s.length);
      }
      double count = s[s.length - 1];
      if (!(count >= 0 && count == Math.rint(count))) {
        throw new IllegalArgumentException(
            "kernl's sequence count must be a whole number >= 0, was " + count);
      }
      System.arraycopy(s, 0, sensitivity, 0, n * n);
      System.arraycopy(s, n * n, decays, 0, n);
      sequences = (long) count;
    }

    @Override
    public RuleCost cost() {
      long own = traces.storedDoubles() + gradient.storedDoubles()
          + 2L * n * n + 2L * n + 8L * batch * n
          + (noisy == null ? 0 : 2L * noisy.slots() * noisy.doublesPerSlot());
      double flops = traces.advanceFlops() + traces.accumulateFlops() + gradient.readoutFlops()
          + 2.0 * cell.stepFlops(batch) + 2.0 * batch * outputs * n + 10.0 * batch * n * n
          + 3.0 * n * n + 12.0 * batch * n;
      return new RuleCost(own + window() * slotDoubles, flops);
    }
  }
}
