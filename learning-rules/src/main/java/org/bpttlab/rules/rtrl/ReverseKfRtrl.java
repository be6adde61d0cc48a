package org.bpttlab.rules.rtrl;

import java.util.Arrays;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.net.Network;
import org.bpttlab.rules.Session;

/**
 * Reverse Kronecker-factored RTRL (Marschall, Cho &amp; Savin 2020, JMLR, §4.2.3): the factors of
 * {@link KfRtrl} swapped, M_t[r][(j, i)] ≈ A_t[j] B_t[r][i], a postsynaptic vector A (length n) times
 * a matrix B (E×m) over the {@link ExtendedState extended state} and every cell group's presynaptic
 * columns, updated with random signs ν (one per neuron):
 *
 * <pre>
 * A_t = ρ0 A_{t-1} + ρ1 ν                                            (Marschall eq. 24)
 * B_t = J_t B_{t-1} / ρ0 + (D_t ν) ⊗ â_t / ρ1                       (Σ_j ν_j M̄_t[·][(j, ·)])
 * ρ0 = √(‖J_t B_{t-1}‖ / ‖A_{t-1}‖),  ρ1 = √(‖D_t ν‖ ‖â_t‖ / ‖ν‖)
 * ∂L_t/∂W[j][i] ≈ A_t[j] (∂L_t/∂e_tᵀ B_t)[i]
 * </pre>
 *
 * Unbiased as UORO is (odd cross terms, even scales, E[ννᵀ] = I). Memory B·(n + E·m); work per step
 * and sequence 2·E²·m = O(n³).
 */
public final class ReverseKfRtrl extends FactoredRule {
  /**
   * @param online hand out a gradient every {@code online} steps; 0 for once per sequence
   * @param seed the stream of ν
   */
  public ReverseKfRtrl(int online, long seed, Noise noise) {
    super("reverse-kf-rtrl", online, seed, noise);
  }

  @Override
  public Session begin(Network network, Parameters params, int batchSize) {
    return new ReverseSession(this, network, params, batchSize);
  }

  private static final class ReverseSession extends ExtendedSession {
    private final double[][] postsynapticFactor;
    private final double[][] presynapticFactor;
    private final double[] forward;
    private final double[] nu;
    private final double[] projected;
    private final double[] pre;
    private final double[] learning;

    ReverseSession(ReverseKfRtrl rule, Network network, Parameters params, int batch) {
      super(rule.label(), rule.online, rule.seed, rule.noise, network, params, batch);
      postsynapticFactor = new double[batch][n];
      presynapticFactor = new double[batch][e * m];
      forward = new double[e * m];
      nu = new double[n];
      projected = new double[e];
      pre = new double[m];
      learning = new double[m];
    }

    @Override
    void restart(int b, int fromRow) {
      Arrays.fill(presynapticFactor[b], fromRow * m, e * m, 0.0);
      if (fromRow == 0) {
        Arrays.fill(postsynapticFactor[b], 0.0);
      }
    }

    @Override
    void update(int b) {
      double[] a = postsynapticFactor[b];
      double[] bf = presynapticFactor[b];
      state.multiply(b, bf, m, forward);
      for (int j = 0; j < n; j++) {
        nu[j] = nu(b, j, n);
      }
      state.drive(b, nu, projected);
      state.presynaptic(b, pre);
      double rho0 = Uoro.scale(Uoro.norm(forward), Uoro.norm(a));
      double rho1 = Uoro.scale(Uoro.norm(projected) * Uoro.norm(pre), Uoro.norm(nu));
      for (int j = 0; j < n; j++) {
        a[j] = rho0 * a[j] + rho1 * nu[j];
      }
      double c0 = 1.0 / rho0;
      double c1 = 1.0 / rho1;
      for (int r = 0; r < e; r++) {
        double d = c1 * projected[r];
        int o = r * m;
        for (int i = 0; i < m; i++) {
          bf[o + i] = c0 * forward[o + i] + d * pre[i];
        }
      }
    }

    @Override
    void addGradient(int b, double[] signal) {
      double[] bf = presynapticFactor[b];
      Arrays.fill(learning, 0.0);
      boolean any = false;
      for (int r = 0; r < e; r++) {
        double v = signal[r];
        if (v != 0) {
          any = true;
          int o = r * m;
          for (int i = 0; i < m; i++) {
            learning[i] += v * bf[o + i];
          }
        }
      }
      if (any) {
        state.addOuter(postsynapticFactor[b], learning, cellGrad);
      }
    }

    @Override
    void influence(int b, double[] out) {
      int[] post = new int[p];
      int[] column = new int[p];
      state.synapses(post, column);
      int s = cell.stateSize();
      for (int r = 0; r < s; r++) {
        for (int i = 0; i < p; i++) {
          out[r * p + i] = post[i] < 0 ? 0
              : postsynapticFactor[b][post[i]] * presynapticFactor[b][r * m + column[i]];
        }
      }
    }

    @Override
    long factorDoubles() {
      return (long) batch * (n + (long) e * m) + forward.length + nu.length + projected.length
          + pre.length + learning.length;
    }

    @Override
    double factorFlops() {
      return 2.0 * e * e * m + 4.0 * e * m + 2.0 * e * m + 2.0 * p;
    }
  }
}
