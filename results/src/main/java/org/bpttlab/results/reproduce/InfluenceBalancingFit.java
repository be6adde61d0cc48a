package org.bpttlab.results.reproduce;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bpttlab.core.Batch;
import org.bpttlab.core.LossKind;
import org.bpttlab.core.NetworkSpec;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.RateCellSpec;
import org.bpttlab.core.Seeds;
import org.bpttlab.core.Trajectory;
import org.bpttlab.core.net.Network;
import org.bpttlab.experiment.io.AtomicFiles;
import org.bpttlab.experiment.io.Csv;
import org.bpttlab.rules.RuleSpec;
import org.bpttlab.rules.Rules;
import org.bpttlab.rules.SequenceRunner;
import org.bpttlab.rules.Session;
import org.bpttlab.tasks.influence.InfluenceBalancing;

/**
 * {@code influence-balancing}: Tallec &amp; Ollivier 2018 (ICLR, "Unbiased online recurrent
 * optimization", section 6) — a scalar parameter θ whose short-term influence on the loss has the
 * opposite sign of its long-term one:
 *
 * <pre>
 * (1) s_t = A s_{t-1} + θ σ,    σ = (+1 × p, −1 × (n − p)),   A = ½ I + ½ N  (N_{i,i+1} = 1)
 * (2) ℓ_t = ½ (s_t^1 − 1)²,     s_0 = (1, …, 1),  θ_0 = 0.5,  n = 23, p = 10
 * </pre>
 *
 * trained online, one SGD step on θ after every step, by RTRL, UORO and truncated BPTT
 * ({@code tbptt:k1=1,k2=K,online=true}: each step's loss backpropagated K steps). The numbers are
 * those of the influence-balancing script of Vicol, Metz &amp; Sohl-Dickstein 2021 (PES,
 * google-research/persistent_es/influence_balancing.py), which reimplements the UORO paper's
 * description: its A, n, p, s_0, θ_0 and learning rate 1e-4 (UORO 1e-5).
 *
 * <p>The model is the linear rate cell (α = 1, φ = identity): W_rec = A, W_out = e_1ᵀ, b = b_out =
 * 0, input x_t = 1 (task {@code influence-balancing}) and W_in = θ σ. The driver ties θ: after each
 * step the rule hands out its estimate of ∂ℓ/∂W_in, whose projection on σ is its estimate of
 * ∂ℓ/∂θ (the chain rule, ∂W_in/∂θ = σ); θ moves by −η times it, and W_in is rewritten; the rule's
 * other groups are discarded (they stay fixed). With a constant θ the state settles at s = 2 θ
 * (I − N)⁻¹ σ, so s^1 = 2 θ Σ σ = −6 θ and the optimum is θ* = −1/6. The influence of θ on s_t^1
 * through the last K steps is c_K = Σ_{j&lt;K} (A^j σ)_1 (written to {@code influence.csv}): +K for
 * K ≤ 10, positive up to K = 40, −6 in the limit; truncated BPTT's estimate is (s_t^1 − 1) c_K, so
 * for K ≤ 40 it pushes θ away from θ*. A run whose |θ| passes {@value #DIVERGED} is called diverged
 * and θ is held from then on (the state, driven by a fixed θ through A of spectral radius ½, stays
 * finite). Writes {@code metrics.csv} (every {@value #RECORD_EVERY}th step: the step's loss,
 * |θ − θ*| and θ), {@code influence.csv}, and {@code uoro-rates.csv}: UORO at three learning rates,
 * seeds 1–3, where it diverges and where it settles within 1e-3 of θ*.
 */
final class InfluenceBalancingFit implements Reproduction {
  static final int UNITS = 23;
  static final int POSITIVE = 10;
  static final double THETA0 = 0.5;
  static final double OPTIMUM = -1.0 / 6;
  static final double RATE = 1e-4;
  static final double UORO_RATE = 1e-5;
  /** |θ| beyond this: diverged. */
  static final double DIVERGED = 1e3;
  static final int RECORD_EVERY = 10;
  /** Steps of each run of {@code uoro-rates.csv}. */
  static final int RATE_STEPS = 20000;

  /**
   * One online training.
   *
   * @param rule the rule's spec
   * @param rate SGD's learning rate η
   * @param theta θ after each step's update, steps 1..T
   * @param loss the loss ℓ_t of each step t = 1..T (before its update)
   * @param divergedAt the first step after which |θ| &gt; {@value #DIVERGED}, or 0
   */
  record Run(String rule, double rate, double[] theta, double[] loss, int divergedAt) {
    double finalTheta() {
      return theta[theta.length - 1];
    }

    /** The first step from which on |θ − θ*| stays below {@code tolerance}, or 0 if it does not. */
    int settledAt(double tolerance) {
      for (int t = theta.length; t >= 1; t--) {
        if (!(Math.abs(theta[t - 1] - OPTIMUM) < tolerance)) {
          return t == theta.length ? 0 : t + 1;
        }
      }
      return 1;
    }

    /** The mean loss over the last {@code steps} steps. */
    double meanLoss(int steps) {
      double sum = 0;
      for (int t = loss.length - steps; t < loss.length; t++) {
        sum += loss[t];
      }
      return sum / steps;
    }
  }

  @Override
  public String id() {
    return "influence-balancing";
  }

  @Override
  public String source() {
    return "Tallec & Ollivier 2018, Unbiased online recurrent optimization (ICLR), section 6";
  }

  @Override
  public String setup() {
    return "s_t = A s_{t-1} + theta (+1 x 10, -1 x 13), A = (I + N)/2, loss (s^1_t - 1)^2/2,"
        + " s_0 = 1, theta_0 = 0.5, online SGD lr 1e-4 (UORO 1e-5): truncated BPTT 1, 10, 30, 50,"
        + " 100 steps (20 000 steps), RTRL, UORO (5 seeds, 100 000 steps); theta* = -1/6";
  }

  @Override
  public List<Comparison> run(boolean quick, Path folder, Context context) throws IOException {
    int steps = quick ? 3000 : 20000;
    int uoroSteps = quick ? 20000 : 100000;
    int[] truncations = quick ? new int[] {1, 10, 100} : new int[] {1, 10, 30, 50, 100};
    int uoroSeeds = quick ? 1 : 5;
    List<Run> runs = new ArrayList<>();
    runs.add(train("rtrl:online=1", RATE, steps));
    for (int k : truncations) {
      runs.add(train(truncation(k), RATE, steps));
    }
    List<Run> uoro = new ArrayList<>();
    for (int seed = 1; seed <= uoroSeeds; seed++) {
      uoro.add(train("uoro:online=1,seed=" + seed, UORO_RATE, uoroSteps));
    }
    writeMetrics(folder, runs, uoro);
    writeInfluence(folder);
    writeUoroRates(folder);

    List<Comparison> out = new ArrayList<>();
    Run rtrl = runs.get(0);
    out.add(Comparison.of("RTRL, theta after " + steps + " steps", "converges to the optimum",
        String.format(Locale.ROOT, "%.6f (theta* = %.6f); loss %.2g", rtrl.finalTheta(), OPTIMUM,
            rtrl.meanLoss(100)),
        Math.abs(rtrl.finalTheta() - OPTIMUM) < 1e-3,
        "within 1e-3 of theta* from step " + rtrl.settledAt(1e-3) + " on; mean loss over the"
            + " last 100 steps; lr " + RATE));
    for (int i = 0; i < truncations.length; i++) {
      int k = truncations[i];
      Run r = runs.get(i + 1);
      double c = truncatedInfluence(k);
      boolean shouldDiverge = c > 0;
      boolean diverged = r.divergedAt() > 0
          || Math.abs(r.finalTheta() - OPTIMUM) > Math.abs(THETA0 - OPTIMUM);
      boolean converged = r.divergedAt() == 0 && Math.abs(r.finalTheta() - OPTIMUM) < 1e-3;
      String ours = r.divergedAt() > 0
          ? String.format(Locale.ROOT, "diverges: |theta| > %.0f after step %d", DIVERGED,
              r.divergedAt())
          : String.format(Locale.ROOT, "theta %.6f after %d steps (%s)", r.finalTheta(), steps,
              converged ? "converged" : diverged ? "moving away from theta*" : "not converged");
      out.add(Comparison.of("truncated BPTT, truncation " + k,
          shouldDiverge ? "diverges (truncation shorter than the interactions' range)"
              : "converges (truncation well beyond the interactions' range)",
          ours, shouldDiverge ? diverged : converged,
          String.format(Locale.ROOT, "c_%d = %.4g, the influence of theta on s^1 through the"
              + " last %d steps (exact: -6); lr %s", k, c, k, RATE)
              + (converged ? "; within 1e-3 of theta* from step " + r.settledAt(1e-3) + " on"
                  : "")));
    }
    StringBuilder thetas = new StringBuilder();
    StringBuilder settled = new StringBuilder();
    double worst = 0;
    int divergedUoro = 0;
    for (Run r : uoro) {
      thetas.append(thetas.length() == 0 ? "" : ", ")
          .append(String.format(Locale.ROOT, "%.6f", r.finalTheta()));
      settled.append(settled.length() == 0 ? "" : ", ").append(r.settledAt(1e-3));
      worst = Math.max(worst, Math.abs(r.finalTheta() - OPTIMUM));
      divergedUoro += r.divergedAt() > 0 ? 1 : 0;
    }
    out.add(Comparison.of("UORO, theta after " + uoroSteps + " steps (" + uoroSeeds
        + (uoroSeeds == 1 ? " seed" : " seeds") + ")", "converges like RTRL",
        "theta " + thetas + " (theta* = " + String.format(Locale.ROOT, "%.6f", OPTIMUM) + ")",
        divergedUoro == 0 && worst < 0.02,
        String.format(Locale.ROOT, "largest |theta - theta*| %.3g; within 1e-3 of theta* from"
            + " step %s on; lr %s (the PES script's); UORO's factors span all %d cell parameters,"
            + " not theta alone (docs)", worst, settled, UORO_RATE,
            UNITS + UNITS * UNITS + UNITS)));
    return out;
  }

  static String truncation(int k) {
    return "tbptt:k1=1,k2=" + k + ",online=true";
  }

  /**
   * Trains θ online for {@code steps} steps by the rule: one sequence of the task's stream, the
   * rule's online gradient after every step projected on σ.
   */
  static Run train(String rule, double rate, int steps) {
    NetworkSpec spec = NetworkSpec.of(1, new RateCellSpec(UNITS, 1.0, false, 1.0,
        RateCellSpec.Activation.LINEAR), 1, LossKind.MSE);
    Network network = new Network(spec);
    Parameters params = network.newParameters();
    double[] sigma = signs();
    double[] wRec = params.get(Parameters.RECURRENT_WEIGHTS);
    for (int i = 0; i < UNITS; i++) {
      wRec[i * UNITS + i] = 0.5;
      if (i + 1 < UNITS) {
        wRec[i * UNITS + i + 1] = 0.5;
      }
    }
    params.get(Parameters.OUTPUT_WEIGHTS)[0] = 1;
    writeTheta(params, sigma, THETA0);
    // one step more than updates: the last step of a sequence hands out no online gradient
    Batch batch = new InfluenceBalancing(steps + 1).sample(1, new Seeds(1));
    Session session = Rules.create(RuleSpec.parse(rule)).begin(network, params, 1);
    Trajectory tr = network.newTrajectory(batch,
        SequenceRunner.slots(List.of(session), steps + 1));
    double[] theta = new double[steps];
    double[] loss = new double[steps];
    double[] current = {THETA0};
    int[] diverged = {0};
    SequenceRunner.run(network, params, tr, List.of(session), network.newParameters(),
        (index, t, gradient) -> {
          double y = tr.readout(t)[0];
          loss[t - 1] = 0.5 * (y - 1) * (y - 1);
          if (diverged[0] == 0) {
            double[] g = gradient.read(Parameters.INPUT_WEIGHTS);
            double dTheta = 0;
            for (int i = 0; i < UNITS; i++) {
              dTheta += sigma[i] * g[i];
            }
            current[0] -= rate * dTheta;
            writeTheta(params, sigma, current[0]);
            if (!(Math.abs(current[0]) <= DIVERGED)) {
              diverged[0] = t;
            }
          }
          theta[t - 1] = current[0];
        });
    return new Run(rule, rate, theta, loss, diverged[0]);
  }

  /** σ = (+1 × p, −1 × (n − p)). */
  static double[] signs() {
    double[] sigma = new double[UNITS];
    for (int i = 0; i < UNITS; i++) {
      sigma[i] = i < POSITIVE ? 1 : -1;
    }
    return sigma;
  }

  private static void writeTheta(Parameters params, double[] sigma, double theta) {
    double[] wIn = params.get(Parameters.INPUT_WEIGHTS);
    for (int i = 0; i < UNITS; i++) {
      wIn[i] = theta * sigma[i];
    }
  }

  /** c_K = Σ_{j&lt;K} (A^j σ)_1: θ's influence on s^1 through the last K steps. */
  static double truncatedInfluence(int k) {
    double[] v = signs();
    double[] next = new double[UNITS];
    double c = 0;
    for (int j = 0; j < k; j++) {
      c += v[0];
      for (int i = 0; i < UNITS; i++) {
        next[i] = 0.5 * v[i] + (i + 1 < UNITS ? 0.5 * v[i + 1] : 0);
      }
      double[] swap = v;
      v = next;
      next = swap;
    }
    return c;
  }

  private static void writeMetrics(Path folder, List<Run> runs, List<Run> uoro)
      throws IOException {
    StringBuilder csv = new StringBuilder(Csv.line(List.of("iteration", "rule", "seed", "loss",
        "theta_error", "theta")));
    for (Run r : runs) {
      append(csv, r, "1");
    }
    for (int s = 0; s < uoro.size(); s++) {
      Run r = uoro.get(s);
      // one line for UORO across seeds (the figures' mean and band), its seed in the seed column
      append(csv, new Run("uoro:online=1", r.rate(), r.theta(), r.loss(), r.divergedAt()),
          Integer.toString(s + 1));
    }
    AtomicFiles.write(folder.resolve("metrics.csv"), csv.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static void append(StringBuilder csv, Run r, String seed) {
    for (int t = RECORD_EVERY; t <= r.theta().length; t += RECORD_EVERY) {
      double theta = r.theta()[t - 1];
      csv.append(Csv.line(List.of(Integer.toString(t), r.rule(), seed,
          Csv.number(r.loss()[t - 1]), Csv.number(Math.abs(theta - OPTIMUM)),
          Csv.number(theta))));
    }
  }

  /**
   * UORO's learning rate: seeds 1–3 at lr 1e-4, 3e-5 and 1e-5 for {@value #RATE_STEPS} steps, in
   * both forms ({@code uoro-rates.csv}).
   */
  private static void writeUoroRates(Path folder) throws IOException {
    StringBuilder csv = new StringBuilder(Csv.line(List.of("lr", "seed", "diverged_at",
        "theta_end", "settled_at")));
    for (double rate : new double[] {1e-4, 3e-5, UORO_RATE}) {
      for (int seed = 1; seed <= 3; seed++) {
        Run r = train("uoro:online=1,seed=" + seed, rate, RATE_STEPS);
        csv.append(Csv.line(List.of(Csv.number(rate), Integer.toString(seed),
            Integer.toString(r.divergedAt()), Csv.number(r.finalTheta()),
            Integer.toString(r.settledAt(1e-3)))));
      }
    }
    AtomicFiles.write(folder.resolve("uoro-rates.csv"),
        csv.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static void writeInfluence(Path folder) throws IOException {
    StringBuilder csv = new StringBuilder(Csv.line(List.of("k", "truncated_influence")));
    for (int k = 1; k <= 100; k++) {
      csv.append(Csv.line(List.of(Integer.toString(k), Csv.number(truncatedInfluence(k)))));
    }
    AtomicFiles.write(folder.resolve("influence.csv"),
        csv.toString().getBytes(StandardCharsets.UTF_8));
  }
}
