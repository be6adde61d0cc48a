package org.bpttlab.results.reproduce;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bpttlab.core.Batch;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.Seeds;
import org.bpttlab.core.Trajectory;
import org.bpttlab.core.net.Network;
import org.bpttlab.experiment.io.AtomicFiles;
import org.bpttlab.experiment.io.Csv;
import org.bpttlab.rules.SequenceRunner;
import org.bpttlab.rules.bptt.Bptt;
import org.bpttlab.rules.eprop.EProp;
import org.bpttlab.rules.eprop.EPropFactorization;

/**
 * {@code eprop-exact}: Bellec et al. 2020's eq. 1 — e-prop's eligibility traces times the true
 * learning signal dE/dz equal BPTT — on their verification setup ({@link BellecVerification}), for
 * their rate loss alone and with a readout loss beside it, over 20 networks (3 quick), on the full
 * graph (the reset differentiated, as their check's {@code stop_z_gradients=False}); and contract
 * E1, symmetric e-prop against BPTT on the eligibility graph (their {@code stop_z_gradients}), on
 * the same networks.
 * Writes {@code eprop-exact.csv} (per network, loss and group: the relative difference and their
 * measure, the largest squared elementwise error after dividing both by BPTT's largest entry) and
 * {@code points.csv} (every entry of e-prop's W_in and W_rec against BPTT's, first network).
 */
final class EPropExact implements Reproduction {
  @Override
  public String id() {
    return "eprop-exact";
  }

  @Override
  public String source() {
    return "Bellec et al. 2020, Nat. Commun. 11:3625, eq. 1 and its numerical verification";
  }

  @Override
  public String setup() {
    return "3 Poisson inputs at 100 Hz, 4 LIF + 4 ALIF, T = 50 ms, tau_v = 20 ms, tau_a = 500 ms,"
        + " v_th = 0.62, beta = 0.07, n_ref = 2 (1 step), gamma = 0.3; their loss on the firing rates"
        + " (toward 100 Hz), alone and with a readout MSE; 20 networks (seeds 1-20)";
  }

  @Override
  public List<Comparison> run(boolean quick, Path folder, Context context) throws IOException {
    int networks = quick ? 3 : 20;
    Network net = new Network(BellecVerification.network());
    Network stopped = new Network(BellecVerification.network().withCell(
        BellecVerification.network().cell().eligibilityGraph()));
    StringBuilder table = new StringBuilder(Csv.line(List.of("seed", "loss", "group",
        "relative_difference", "max_squared_normalised_error", "e1_relative_difference",
        "spikes")));
    StringBuilder points = new StringBuilder(Csv.line(List.of("series", "x", "y", "x_label",
        "y_label")));
    double worst = 0;
    double worstSquared = 0;
    double worstE1 = 0;
    double fewestSpikes = Double.POSITIVE_INFINITY;
    for (int seed = 1; seed <= networks; seed++) {
      Seeds seeds = new Seeds(seed);
      Parameters p = net.initialize(seeds);
      for (boolean readout : new boolean[] {false, true}) {
        Batch batch = BellecVerification.batch(1, readout, seeds);
        Trajectory tr = net.newTrajectory(batch);
        net.forward(p, tr);
        double spikes = spikes(tr);
        fewestSpikes = Math.min(fewestSpikes, spikes);
        Parameters exact = net.newParameters();
        Bptt.gradient(net, p, tr, exact);
        Parameters factorised = factorised(net, p, tr);
        Parameters exactStopped = net.newParameters();
        Trajectory trs = stopped.newTrajectory(batch);
        stopped.forward(p, trs);
        Bptt.gradient(stopped, p, trs, exactStopped);
        Parameters eprop = net.newParameters();
        Trajectory tre = net.newTrajectory(batch);
        SequenceRunner.gradient(EProp.symmetric(), net, p, tre, eprop);
        for (String group : List.of(Parameters.INPUT_WEIGHTS, Parameters.RECURRENT_WEIGHTS)) {
          double rel = relative(factorised.get(group), exact.get(group));
          double squared = maxSquaredNormalised(factorised.get(group), exact.get(group));
          double e1 = relative(eprop.get(group), exactStopped.get(group));
          worst = Math.max(worst, rel);
          worstSquared = Math.max(worstSquared, squared);
          worstE1 = Math.max(worstE1, e1);
          table.append(Csv.line(List.of(Integer.toString(seed), readout ? "rate+readout" : "rate",
              group, Csv.number(rel), Csv.number(squared), Csv.number(e1),
              Csv.number(spikes))));
          if (seed == 1 && readout) {
            double[] x = exact.get(group);
            double[] y = factorised.get(group);
            for (int i = 0; i < x.length; i++) {
              points.append(Csv.line(List.of(group, Csv.number(x[i]), Csv.number(y[i]),
                  "BPTT's gradient entry", "e-prop's entry (traces x dE/dz)")));
            }
          }
        }
      }
    }
    AtomicFiles.write(folder.resolve("eprop-exact.csv"),
        table.toString().getBytes(StandardCharsets.UTF_8));
    AtomicFiles.write(folder.resolve("points.csv"),
        points.toString().getBytes(StandardCharsets.UTF_8));
    String over = networks + " networks x 2 losses, W_in and W_rec, at least "
        + (long) fewestSpikes + " spikes each";
    List<Comparison> out = new ArrayList<>();
    out.add(Comparison.of("eq. 1: e-prop with dE/dz against BPTT, relative difference",
        "<= 1e-12", fmt(worst), worst <= 1e-12, "largest over " + over
            + "; double precision (theirs: float32 TensorFlow)"));
    out.add(Comparison.of("eq. 1, their measure: max ((g_eprop - g_bptt) / max|g_bptt|)^2",
        "numerically zero", fmt(worstSquared), worstSquared <= 1e-24,
        "largest over " + over));
    out.add(Comparison.of("symmetric e-prop against BPTT with z stopped in the recurrent input"
            + " and the reset (stop_z_gradients)",
        "equal", fmt(worstE1), worstE1 <= 1e-10, "relative difference, largest over " + over
            + " (contract E1)"));
    return out;
  }

  /** The spikes of a computed trajectory, over its steps, batch and neurons. */
  static double spikes(Trajectory tr) {
    double spikes = 0;
    for (double s : tr.loss().spikeCount()) {
      spikes += s;
    }
    return spikes;
  }

  /** Eq. 1 on a computed trajectory: e-prop's traces times the total learning signal dE/dz. */
  static Parameters factorised(Network net, Parameters p, Trajectory tr) {
    Parameters out = net.newParameters();
    EPropFactorization.gradient(net, p, tr, EPropFactorization.totalLearningSignal(net, p, tr),
        out);
    return out;
  }

  /** ‖estimate − exact‖ / ‖exact‖ (0 if both are 0). */
  static double relative(double[] estimate, double[] exact) {
    double d = 0;
    double n = 0;
    for (int i = 0; i < exact.length; i++) {
      d += (estimate[i] - exact[i]) * (estimate[i] - exact[i]);
      n += exact[i] * exact[i];
    }
    return n == 0 ? (d == 0 ? 0 : Double.POSITIVE_INFINITY) : Math.sqrt(d / n);
  }

  private static double maxSquaredNormalised(double[] estimate, double[] exact) {
    double max = 0;
    for (double e : exact) {
      max = Math.max(max, Math.abs(e));
    }
    double worst = 0;
    for (int i = 0; i < exact.length; i++) {
      double d = (estimate[i] - exact[i]) / (max == 0 ? 1 : max);
      worst = Math.max(worst, d * d);
    }
    return worst;
  }

  static String fmt(double x) {
    return String.format(Locale.ROOT, "%.3g", x);
  }
}
