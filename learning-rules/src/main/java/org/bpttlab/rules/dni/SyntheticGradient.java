package org.bpttlab.rules.dni;

import java.util.Arrays;
import org.apache.commons.rng.UniformRandomProvider;
import org.bpttlab.core.init.Initializer;

/**
 * The linear synthetic-gradient module of DNI (Jaderberg et al. 2017, in the form of Marschall, Cho
 * &amp; Savin 2020 and vanilla-rtrl's DNI): sg = A ã, with ã = [s; y*; 1] of length
 * m = S + n_out + 1 and A of S×m, trained by SGD on ½‖A ã_{t−1} − c*‖² toward a bootstrapped
 * target c* that the caller forms with the frozen copy A' ({@link #frozen}), which takes A's value
 * every {@code refresh} updates (memory 3·S·m with A's gradient; work per update 4·B·S·m + 3·S·m):
 *
 * <pre>
 * (1) sg_t = A ã_t
 * (2) c*_{t−1} = q_{t−1} + J_tᵀ A' ã_t
 * (3) A ← A − η [ (1/B) Σ_b (A ã_{t−1} − c*_{t−1}) ã_{t−1}ᵀ + λ A ]
 * </pre>
 */
public final class SyntheticGradient {
  private final int rows;
  private final int cols;
  private final double rate;
  private final double decay;
  private final int refresh;
  private final double[] weights;
  private final double[] target;
  private final double[] grad;
  private int sinceRefresh;

  /**
   * @param stateSize S, the rows
   * @param inputSize m, the columns
   * @param rate η ≥ 0
   * @param decay λ ≥ 0
   * @param refresh updates between copies of A into A', ≥ 1
   * @param gain A and A' start with entries N(0, gain²/m)
   * @param rng the initialisation's source
   */
  public SyntheticGradient(int stateSize, int inputSize, double rate, double decay, int refresh,
      double gain, UniformRandomProvider rng) {
    if (refresh < 1) {
      throw new IllegalArgumentException("refresh must be >= 1, was " + refresh);
    }
    rows = stateSize;
    cols = inputSize;
    this.rate = rate;
    this.decay = decay;
    this.refresh = refresh;
    weights = new double[rows * cols];
    Initializer.gaussian(weights, gain / Math.sqrt(cols), rng);
    target = weights.clone();
    grad = new double[rows * cols];
  }

  /** m, the length of an input ã. */
  public int inputSize() {
    return cols;
  }

  /** A, S×m row-major. Live, Not to be modified. */
  public double[] weights() {
    return weights;
  }

  /**
   * out = A ã (1).
   *
   * @param input ã, Not modified
   * @param out S doubles, Modified (overwritten)
   */
  public void current(double[] input, double[] out) {
    multiply(weights, input, out);
  }

  /**
   * out = A' ã, the frozen copy that forms targets (2).
   *
   * @param input ã, Not modified
   * @param out S doubles, Modified (overwritten)
   */
  public void frozen(double[] input, double[] out) {
    multiply(target, input, out);
  }

  private void multiply(double[] a, double[] input, double[] out) {
    for (int i = 0; i < rows; i++) {
      double sum = 0;
      for (int j = 0; j < cols; j++) {
        sum += a[i * cols + j] * input[j];
      }
      out[i] = sum;
    }
  }

  /**
   * Adds one sequence's term (A ã − c*) ãᵀ of (3) to the pending gradient.
   *
   * @param input ã_{t−1}, Not modified
   * @param bootstrapped c*_{t−1}, Not modified
   * @param scratch S doubles, Modified
   */
  public void accumulate(double[] input, double[] bootstrapped, double[] scratch) {
    multiply(weights, input, scratch);
    for (int i = 0; i < rows; i++) {
      double e = scratch[i] - bootstrapped[i];
      if (e != 0) {
        for (int j = 0; j < cols; j++) {
          grad[i * cols + j] += e * input[j];
        }
      }
    }
  }

  /**
   * Applies (3) with the terms accumulated since the last update, over {@code sequences} of them,
   * and copies A into A' every {@code refresh} updates.
   */
  public void update(int sequences) {
    double scale = rate / sequences;
    for (int i = 0; i < weights.length; i++) {
      weights[i] -= scale * grad[i] + rate * decay * weights[i];
    }
    Arrays.fill(grad, 0.0);
    if (++sinceRefresh == refresh) {
      sinceRefresh = 0;
      System.arraycopy(weights, 0, target, 0, weights.length);
    }
  }

  /** A, A' and the refresh counter, for {@link org.bpttlab.rules.Session#carriedState}. */
  public double[] state() {
    double[] s = new double[2 * weights.length + 1];
    System.arraycopy(weights, 0, s, 0, weights.length);
    System.arraycopy(target, 0, s, weights.length, target.length);
    s[s.length - 1] = sinceRefresh;
    return s;
  }

  /** Reinstates a {@link #state()}; throws if its length or counter does not fit. */
  public void restore(double[] s) {
    if (s.length != 2 * weights.length + 1) {
      throw new IllegalArgumentException("dni carries " + (2 * weights.length + 1)
          + " values (A, its frozen copy, a counter), was given " + s.length);
    }
    double count = s[s.length - 1];
    if (!(count >= 0 && count < refresh && count == Math.rint(count))) {
      throw new IllegalArgumentException(
          "dni's refresh counter must be a whole number in [0, " + refresh + "), was " + count);
    }
    System.arraycopy(s, 0, weights, 0, weights.length);
    System.arraycopy(s, weights.length, target, 0, target.length);
    sinceRefresh = (int) count;
    Arrays.fill(grad, 0.0);
  }

  public long storedDoubles() {
    return 3L * weights.length;
  }
}
