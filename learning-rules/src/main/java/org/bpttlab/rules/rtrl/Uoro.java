package org.bpttlab.rules.rtrl;

import java.util.Arrays;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.net.Network;
import org.bpttlab.rules.Session;

/**
 * Unbiased online recurrent optimization (Tallec &amp; Ollivier 2018, ICLR, Algorithm 1; Marschall et
 * al. 2020 §4.2.1): the influence is estimated by one outer product, M_t ≈ s̃_t θ̃_tᵀ (s̃ over the
 * {@link ExtendedState extended state}, θ̃ over the cell's parameters), updated with random signs ν:
 *
 * <pre>
 * s̃_t = ρ0 J_t s̃_{t-1} + ρ1 ν                                   (Marschall eq. 22)
 * θ̃_t = θ̃_{t-1} / ρ0 + (νᵀ M̄_t) / ρ1,   νᵀ M̄_t = d ⊗ â,  d_j = Σ_k ν_k D_kj
 * ρ0 = √(‖θ̃_{t-1}‖ / ‖J_t s̃_{t-1}‖),  ρ1 = √(‖d‖ ‖â‖ / ‖ν‖)          (variance-minimising scales)
 * ∂L_t/∂θ ≈ (∂L_t/∂e_t · s̃_t) θ̃_t
 * </pre>
 *
 * E[s̃_t θ̃_tᵀ] = M_t: the cross terms are odd in ν while the scales are even, and E[ννᵀ] = I.
 * Memory B·(E + P) for the factors; work per step and sequence 2E² for J_t s̃ (J_t itself is built
 * densely, O(S²)), about 6P for θ̃'s update and the gradient: O(n²) in all.
 */
public final class Uoro extends FactoredRule {
  /**
   * @param online hand out a gradient every {@code online} steps; 0 for once per sequence
   * @param seed the stream of ν
   */
  public Uoro(int online, long seed, Noise noise) {
    super("uoro", online, seed, noise);
  }

  @Override
  public Session begin(Network network, Parameters params, int batchSize) {
    return new UoroSession(this, network, params, batchSize);
  }

  private static final class UoroSession extends ExtendedSession {
    private final double[][] stateFactor;
    private final double[][] parameterFactor;
    private final double[] forward;
    private final double[] nu;
    private final double[] post;
    private final double[] pre;

    UoroSession(Uoro rule, Network network, Parameters params, int batch) {
      super(rule.label(), rule.online, rule.seed, rule.noise, network, params, batch);
      stateFactor = new double[batch][e];
      parameterFactor = new double[batch][p];
      forward = new double[e];
      nu = new double[e];
      post = new double[n];
      pre = new double[m];
    }

    @Override
    void restart(int b, int fromRow) {
      Arrays.fill(stateFactor[b], fromRow, e, 0.0);
      if (fromRow == 0) {
        Arrays.fill(parameterFactor[b], 0.0);
      }
    }

    @Override
    void update(int b) {
      double[] sTilde = stateFactor[b];
      double[] thetaTilde = parameterFactor[b];
      state.multiply(b, sTilde, 1, forward);
      for (int k = 0; k < e; k++) {
        nu[k] = nu(b, k, e);
      }
      state.driveTransposed(b, nu, post);
      state.presynaptic(b, pre);
      double rho0 = scale(norm(thetaTilde), norm(forward));
      double rho1 = scale(norm(post) * norm(pre), norm(nu));
      for (int k = 0; k < e; k++) {
        sTilde[k] = rho0 * forward[k] + rho1 * nu[k];
      }
      double inverse0 = 1.0 / rho0;
      for (int i = 0; i < p; i++) {
        thetaTilde[i] *= inverse0;
      }
      double inverse1 = 1.0 / rho1;
      for (int j = 0; j < n; j++) {
        post[j] *= inverse1;
      }
      state.addOuter(post, pre, thetaTilde);
    }

    @Override
    void addGradient(int b, double[] signal) {
      double[] sTilde = stateFactor[b];
      double q = 0;
      for (int k = 0; k < e; k++) {
        q += signal[k] * sTilde[k];
      }
      if (q != 0) {
        double[] thetaTilde = parameterFactor[b];
        for (int i = 0; i < p; i++) {
          cellGrad[i] += q * thetaTilde[i];
        }
      }
    }

    @Override
    void influence(int b, double[] out) {
      int s = cell.stateSize();
      for (int r = 0; r < s; r++) {
        for (int i = 0; i < p; i++) {
          out[r * p + i] = stateFactor[b][r] * parameterFactor[b][i];
        }
      }
    }

    @Override
    long factorDoubles() {
      return (long) batch * (e + p) + forward.length + nu.length + post.length + pre.length;
    }

    @Override
    double factorFlops() {
      return 2.0 * e * e + 6.0 * p + 6.0 * e;
    }
  }

  /** √(a / b), or 1 if either is zero (a zero factor: any scale gives the same product). */
  static double scale(double a, double b) {
    return a == 0 || b == 0 ? 1.0 : Math.sqrt(a / b);
  }

  /** The Euclidean norm, summed in index order. */
  static double norm(double[] x) {
    double sum = 0;
    for (double v : x) {
      sum += v * v;
    }
    return Math.sqrt(sum);
  }
}
