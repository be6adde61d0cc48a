package org.bpttlab.rules.eprop;

import java.util.Arrays;
import java.util.Locale;
import org.bpttlab.core.ParameterShape;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.Seeds;
import org.bpttlab.core.init.Initializer;
import org.bpttlab.kernels.Kernels;
import org.bpttlab.rules.optim.OptimizerSpec;
import org.bpttlab.rules.optim.SessionWeights;

/**
 * How the output error reaches the hidden neurons in e-prop: the learning signal
 * {@code L_j^t = Σ_k B_jk ∂L/∂y_k^t} (Bellec et al. 2020, eq. 4), with B one of
 *
 * <ul>
 *   <li>{@code symmetric}: B = W_outᵀ (the weights are read where they are);
 *   <li>{@code random}: a fixed B, entries N(0, 1/n) — the distribution of W_out's own entries at
 *       initialisation — drawn from {@code new Seeds(seed).derive("eprop-feedback")} (feedback
 *       alignment, Lillicrap et al. 2016; random e-prop);
 *   <li>{@code adaptive}: B starts as for {@code random} and receives W_out's update plus weight
 *       decay, both decayed alike (Bellec et al. 2020, adaptive e-prop; Kolen &amp; Pollack 1994):
 *       at each update W_out's gradient becomes ∂E/∂W_out + λ W_out, and B is updated with the
 *       gradient ∂E/∂W_outᵀ + λ B by an optimizer of the run's own kind and hyperparameters (its own
 *       state; no clipping). Then the two receive the same update but for the decay terms, so
 *       B − W_outᵀ decays: under SGD at rate η exactly by (1 − η λ) per update, so B converges to
 *       W_outᵀ. Without a run's optimizer (a gradient computed alone) B's optimizer is SGD at rate
 *       0.001.
 * </ul>
 *
 * B is stored transposed, n_out×n like W_out, so that the learning signal is one product
 * {@code L = (∂L/∂y) Bᵀ} for the whole batch.
 */
public final class Feedback {
  /** The optimizer of adaptive feedback when the run's is not known. */
  public static final OptimizerSpec DEFAULT_OPTIMIZER = OptimizerSpec.sgd(1e-3);

  /** The kinds of feedback. */
  public enum Kind {
    SYMMETRIC,
    RANDOM,
    ADAPTIVE;

    /** The name in rule specs: {@code symmetric}, {@code random}, {@code adaptive}. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The kind with this label; throws naming the allowed ones. */
    public static Kind fromLabel(String label) {
      for (Kind k : values()) {
        if (k.label().equals(label)) {
          return k;
        }
      }
      throw new IllegalArgumentException(
          "feedback must be one of symmetric, random, adaptive, was '" + label + "'");
    }
  }

  private final Kind kind;
  private final int n;
  private final int outputs;
  private final double decay;
  /** Bᵀ, n_out×n, and its optimizer (adaptive feedback); null for symmetric feedback. */
  private final SessionWeights weights;

  /**
   * Feedback for n hidden neurons and n_out outputs.
   *
   * @param seed the stream of a random or adaptive B
   * @param decay λ of adaptive feedback (unused otherwise)
   * @param optimizer the spec of adaptive feedback's optimizer (unused otherwise)
   */
  public Feedback(Kind kind, int hidden, int outputs, long seed, double decay,
      OptimizerSpec optimizer) {
    this(kind, hidden, outputs, seed, decay, optimizer, 1);
  }

  /**
   * Feedback whose random or adaptive B starts with entries N(0, gain²/n) (gain 1: W_out's own
   * distribution).
   */
  public Feedback(Kind kind, int hidden, int outputs, long seed, double decay,
      OptimizerSpec optimizer, double gain) {
    this.kind = kind;
    this.n = hidden;
    this.outputs = outputs;
    this.decay = decay;
    // a random B never changes, so its optimizer (plain SGD) is never used
    this.weights = kind == Kind.SYMMETRIC ? null : new SessionWeights(
        new ParameterShape("B", outputs, hidden),
        kind == Kind.ADAPTIVE ? optimizer : DEFAULT_OPTIMIZER);
    if (weights != null) {
      Initializer.gaussian(weights.values(), gain / Math.sqrt(hidden),
          new Seeds(seed).derive("eprop-feedback").rng());
    }
  }

  public Kind kind() {
    return kind;
  }

  /**
   * Bᵀ as it is now, n_out×n like W_out (W_out itself for symmetric feedback).
   *
   * @return a live array, Not to be modified
   */
  public double[] transposed(Parameters params) {
    return kind == Kind.SYMMETRIC ? params.read(Parameters.OUTPUT_WEIGHTS) : weights.values();
  }

  /**
   * {@code signal[b][j] = Σ_k B_jk error[b][k]} for a batch.
   *
   * @param error B×n_out, Not modified
   * @param signal B×n, Modified (overwritten)
   */
  public void signal(Parameters params, int batch, double[] error, double[] signal) {
    Arrays.fill(signal, 0, batch * n, 0.0);
    Kernels.multAdd(batch, outputs, n, error, transposed(params), signal);
  }

  /**
   * After the rule's W_out gradient for an update is known: for adaptive feedback, adds the weight
   * decay λ W_out to it and updates B (see the class comment); otherwise nothing.
   *
   * @param outputGradient ∂E/∂W_out, n_out×n, Modified (λ W_out added)
   */
  public void update(Parameters params, double[] outputGradient) {
    if (kind != Kind.ADAPTIVE) {
      return;
    }
    double[] b = weights.values();
    double[] gb = weights.gradient();
    double[] wOut = params.read(Parameters.OUTPUT_WEIGHTS);
    for (int i = 0; i < b.length; i++) {
      double g = outputGradient[i];
      gb[i] = g + decay * b[i];
      outputGradient[i] = g + decay * wOut[i];
    }
    weights.update();
  }

  /**
   * What adaptive feedback carries between sequences: B and its optimizer's state
   * ({@link SessionWeights#state}); empty for the other kinds.
   */
  public double[] state() {
    return kind == Kind.ADAPTIVE ? weights.state() : new double[0];
  }

  /**
   * Reinstates a {@link #state()} of feedback of the same kind and size.
   *
   * @param state Not modified
   */
  public void restore(double[] state) {
    int expected = kind == Kind.ADAPTIVE ? weights.stateSize() : 0;
    if (state.length != expected) {
      throw new IllegalArgumentException(
          kind.label() + " feedback carries " + expected + " values, was given " + state.length);
    }
    if (expected > 0) {
      weights.restore(state, 0);
    }
  }

  /** Doubles held (B, its gradient and its optimizer's state). */
  public long storedDoubles() {
    if (weights == null) {
      return 0;
    }
    return kind == Kind.ADAPTIVE ? weights.storedDoubles() : weights.values().length;
  }
}
