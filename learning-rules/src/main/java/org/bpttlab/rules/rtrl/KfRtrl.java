package org.bpttlab.rules.rtrl;

import java.util.Arrays;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.net.Network;
import org.bpttlab.rules.Session;

/**
 * Kronecker-factored RTRL (Mujika, Meier &amp; Steger 2018, NeurIPS; Marschall et al. 2020 §4.2.2): the
 * influence of synapse (j, i) on row r of the {@link ExtendedState extended state} is estimated as
 * M_t[r][(j, i)] ≈ A_t[i] B_t[r][j], a presynaptic vector A (length m, every cell group's columns)
 * times a postsynaptic matrix B (E×n), updated with two random signs ν0, ν1:
 *
 * <pre>
 * A_t = ν0 ρ0 A_{t-1} + ν1 ρ1 â_t                                   (Marschall eq. 23)
 * B_t = ν0 / ρ0 J_t B_{t-1} + ν1 / ρ1 D_t                           (M̄_t = â_t ⊗ D_t)
 * ρ0 = √(‖J_t B_{t-1}‖ / ‖A_{t-1}‖),  ρ1 = √(‖D_t‖ / ‖â_t‖)
 * ∂L_t/∂W[j][i] ≈ A_t[i] (∂L_t/∂e_tᵀ B_t)[j]
 * </pre>
 *
 * Unbiased: E[ν0ν1] = 0 and E[ν0²] = E[ν1²] = 1. Its variance is far below UORO's (the noise acts on
 * two terms, not on n), at the price of J_t B: memory B·(m + E·n), work per step and sequence
 * 2·E²·n = O(n³).
 */
public final class KfRtrl extends FactoredRule {
  /**
   * @param online hand out a gradient every {@code online} steps; 0 for once per sequence
   * @param seed the stream of ν
   */
  public KfRtrl(int online, long seed, Noise noise) {
    super("kf-rtrl", online, seed, noise);
  }

  @Override
  public Session begin(Network network, Parameters params, int batchSize) {
    return new KfSession(this, network, params, batchSize);
  }

  private static final class KfSession extends ExtendedSession {
    private final double[][] presynapticFactor;
    private final double[][] postsynapticFactor;
    private final double[] forward;
    private final double[] pre;
    private final double[] post;

    KfSession(KfRtrl rule, Network network, Parameters params, int batch) {
      super(rule.label(), rule.online, rule.seed, rule.noise, network, params, batch);
      presynapticFactor = new double[batch][m];
      postsynapticFactor = new double[batch][e * n];
      forward = new double[e * n];
      pre = new double[m];
      post = new double[n];
    }

    @Override
    void restart(int b, int fromRow) {
      Arrays.fill(postsynapticFactor[b], fromRow * n, e * n, 0.0);
      if (fromRow == 0) {
        Arrays.fill(presynapticFactor[b], 0.0);
      }
    }

    @Override
    void update(int b) {
      double[] a = presynapticFactor[b];
      double[] bf = postsynapticFactor[b];
      state.multiply(b, bf, n, forward);
      state.presynaptic(b, pre);
      double rho0 = Uoro.scale(Uoro.norm(forward), Uoro.norm(a));
      double rho1 = Uoro.scale(state.driveNorm(b), Uoro.norm(pre));
      double nu0 = nu(b, 0, 2);
      double nu1 = nu(b, 1, 2);
      for (int i = 0; i < m; i++) {
        a[i] = nu0 * rho0 * a[i] + nu1 * rho1 * pre[i];
      }
      double c0 = nu0 / rho0;
      for (int i = 0; i < bf.length; i++) {
        bf[i] = c0 * forward[i];
      }
      state.addDrive(b, nu1 / rho1, bf);
    }

    @Override
    void addGradient(int b, double[] signal) {
      double[] bf = postsynapticFactor[b];
      Arrays.fill(post, 0.0);
      boolean any = false;
      for (int r = 0; r < e; r++) {
        double v = signal[r];
        if (v != 0) {
          any = true;
          for (int j = 0; j < n; j++) {
            post[j] += v * bf[r * n + j];
          }
        }
      }
      if (any) {
        state.addOuter(post, presynapticFactor[b], cellGrad);
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
              : presynapticFactor[b][column[i]] * postsynapticFactor[b][r * n + post[i]];
        }
      }
    }

    @Override
    long factorDoubles() {
      return (long) batch * (m + (long) e * n) + forward.length + pre.length + post.length;
    }

    @Override
    double factorFlops() {
      return 2.0 * e * e * n + 4.0 * e * n + 3.0 * m + 2.0 * e * n + 2.0 * p;
    }
  }
}
