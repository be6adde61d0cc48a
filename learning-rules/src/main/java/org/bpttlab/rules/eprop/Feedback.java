package org.bpttlab.rules.eprop;

import java.util.Arrays;
import java.util.Locale;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.Seeds;
import org.bpttlab.core.init.Initializer;
import org.bpttlab.core.linalg.Kernels;

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
 *       decay (Bellec et al. 2020, adaptive e-prop; Kolen &amp; Pollack 1994): after each update the
 *       rule hands W_out the gradient ∂E/∂W_out + λ W_out and moves B by
 *       {@code B ← B − η_B (∂E/∂W_outᵀ + λ B)}. With plain SGD at learning rate η = η_B the two
 *       receive the same update, so {@code B − W_outᵀ} shrinks by the factor (1 − η λ) at every
 *       update and B converges to W_outᵀ; with other optimizers W_out's step is the optimizer's and
 *       B's is SGD's, so they align only approximately.
 * </ul>
 *
 * B is stored transposed, n_out×n like W_out, so that the learning signal is one product
 * {@code L = (∂L/∂y) Bᵀ} for the whole batch.
 */
public final class Feedback {
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
  private final double learningRate;
  private final double decay;
  /** Bᵀ, n_out×n; empty for symmetric feedback. */
  private final double[] weights;

  /**
   * Feedback for n hidden neurons and n_out outputs.
   *
   * @param seed the stream of a random or adaptive B
   * @param learningRate η_B of adaptive feedback (unused otherwise)
   * @param decay λ of adaptive feedback (unused otherwise)
   */
  public Feedback(Kind kind, int hidden, int outputs, long seed, double learningRate,
      double decay) {
    this.kind = kind;
    this.n = hidden;
    this.outputs = outputs;
    this.learningRate = learningRate;
    this.decay = decay;
    this.weights = kind == Kind.SYMMETRIC ? new double[0] : new double[outputs * hidden];
    if (kind != Kind.SYMMETRIC) {
      Initializer.gaussian(weights, 1.0 / Math.sqrt(hidden),
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
    return kind == Kind.SYMMETRIC ? params.get(Parameters.OUTPUT_WEIGHTS) : weights;
  }

  /**
   * {@code signal = error · Bᵀᵀ}, i.e. L[b][j] = Σ_k B_jk error[b][k], for a batch.
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
   * decay λ W_out to it and moves B (see the class comment); otherwise nothing.
   *
   * @param outputGradient ∂E/∂W_out, n_out×n, Modified (λ W_out added)
   */
  public void update(Parameters params, double[] outputGradient) {
    if (kind != Kind.ADAPTIVE) {
      return;
    }
    double[] wOut = params.get(Parameters.OUTPUT_WEIGHTS);
    for (int i = 0; i < weights.length; i++) {
      double g = outputGradient[i];
      weights[i] -= learningRate * (g + decay * weights[i]);
      outputGradient[i] = g + decay * wOut[i];
    }
  }

  /**
   * Reinstates adaptive feedback's B from {@link #transposed} of another session (n_out×n); the
   * other kinds carry nothing and take an empty array.
   *
   * @param state Not modified
   */
  public void restore(double[] state) {
    int expected = kind == Kind.ADAPTIVE ? weights.length : 0;
    if (state.length != expected) {
      throw new IllegalArgumentException(
          kind.label() + " feedback carries " + expected + " values, was given " + state.length);
    }
    System.arraycopy(state, 0, weights, 0, state.length);
  }

  /** Doubles held. */
  public long storedDoubles() {
    return weights.length;
  }
}
