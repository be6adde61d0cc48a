package org.bpttlab.results.reproduce;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.bpttlab.core.Batch;
import org.bpttlab.core.InitSpec;
import org.bpttlab.core.LossKind;
import org.bpttlab.core.NetworkSpec;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.RateCellSpec;
import org.bpttlab.core.Seeds;
import org.bpttlab.core.Trajectory;
import org.bpttlab.core.net.Network;
import org.bpttlab.experiment.align.Alignment;
import org.bpttlab.experiment.io.AtomicFiles;
import org.bpttlab.experiment.io.Csv;
import org.bpttlab.rules.SequenceRunner;
import org.bpttlab.rules.bptt.BackwardPass;
import org.bpttlab.rules.bptt.Bptt;
import org.bpttlab.rules.tbptt.TruncatedBptt;

/**
 * {@code vanishing}: Bengio, Simard &amp; Frasconi 1994; Pascanu, Mikolov &amp; Bengio 2013 — in a
 * vanilla tanh RNN (n = 64, 8 Gaussian inputs N(0, 1)), W_rec Gaussian scaled to spectral radius
 * 0.8, 1.0 and 1.2 (computed by an eigendecomposition, Commons Math), the norm of ∂L_T/∂h_{T−k}
 * against the lag k for a loss at the last step only (mean over 16 sequences, T = 200; quick 100),
 * with its geometric rate per step fitted on k = 10..60; and truncated BPTT's bias against its
 * window k2 (BPTT(k2, k2) against BPTT, loss at every step: cosine and norm ratio). Writes
 * {@code lag.csv} and {@code truncation.csv}.
 */
final class VanishingGradients implements Reproduction {
  private static final double[] RADII = {0.8, 1.0, 1.2};

  @Override
  public String id() {
    return "vanishing";
  }

  @Override
  public String source() {
    return "Bengio, Simard & Frasconi 1994; Pascanu, Mikolov & Bengio 2013, ICML";
  }

  @Override
  public String setup() {
    return "tanh RNN n = 64, W_rec scaled to spectral radius 0.8, 1.0, 1.2; inputs N(0, 1);"
        + " ||dL_T/dh_{T-k}|| against k (T = 200, 16 sequences); truncated BPTT's bias against"
        + " k2";
  }

  @Override
  public List<Comparison> run(boolean quick, Path folder, Context context) throws IOException {
    int steps = quick ? 100 : 200;
    int hidden = 64;
    int batchSize = 16;
    StringBuilder lag = new StringBuilder(Csv.line(List.of("series", "lag", "grad_norm")));
    StringBuilder trunc = new StringBuilder(Csv.line(List.of("series", "k2", "cosine",
        "norm_ratio")));
    List<Comparison> out = new ArrayList<>();
    for (double radius : RADII) {
      for (double inputScale : new double[] {1.0, 0.01}) {
        runRadius(radius, inputScale, steps, hidden, batchSize, lag, trunc, out);
      }
    }
    AtomicFiles.write(folder.resolve("lag.csv"), lag.toString().getBytes(StandardCharsets.UTF_8));
    AtomicFiles.write(folder.resolve("truncation.csv"),
        trunc.toString().getBytes(StandardCharsets.UTF_8));
    return out;
  }

  /**
   * One radius, inputs N(0, 1) times {@code inputScale} (0.01: the near-linear regime where the
   * Jacobians' radius is W_rec's).
   */
  private static void runRadius(double radius, double inputScale, int steps, int hidden,
      int batchSize, StringBuilder lag, StringBuilder trunc, List<Comparison> out) {
    {
      boolean linear = inputScale != 1.0;
      String series = "radius=" + radius + (linear ? ", inputs x" + inputScale : "");
      NetworkSpec spec = NetworkSpec.of(8, RateCellSpec.vanilla(hidden), 1, LossKind.MSE)
          .withInit(new InitSpec(InitSpec.RecurrentInit.GAUSSIAN, 1, 1));
      Network net = new Network(spec);
      Parameters p = net.initialize(new Seeds(3));
      double[] w = p.get(Parameters.RECURRENT_WEIGHTS);
      double scale = radius / spectralRadius(w, hidden);
      for (int i = 0; i < w.length; i++) {
        w[i] *= scale;
      }
      // ‖∂L_T/∂h_{T-k}‖, the loss at the last step only
      Batch last = Batch.gaussian(batchSize, steps, 8, 1, true, new Seeds(4));
      scaleInputs(last, inputScale);
      Trajectory tr = net.newTrajectory(last);
      net.forward(p, tr);
      BackwardPass backward = new BackwardPass(net, batchSize);
      backward.reset();
      Parameters ignored = net.newParameters();
      double[] norms = new double[steps];
      for (int t = steps; t >= 1; t--) {
        backward.step(p, tr, t, true, 1.0, null, ignored);
        double[] d = backward.stateAdjoint();
        double mean = 0;
        for (int b = 0; b < batchSize; b++) {
          double s = 0;
          for (int j = 0; j < hidden; j++) {
            s += d[b * hidden + j] * d[b * hidden + j];
          }
          mean += Math.sqrt(s) / batchSize;
        }
        norms[steps - t] = mean;
        lag.append(Csv.line(List.of(series, Integer.toString(steps - t), Csv.number(mean))));
      }
      double rate = geometricRate(norms, 10, 60);
      boolean expected = radius < 1 ? rate < 1 : radius > 1 ? rate > 1 : Math.abs(rate - 1) < 0.1;
      out.add(Comparison.of("gradient norm per step of lag, " + series,
          radius < 1 ? "geometric decay (< 1)" : radius > 1 ? "growth (> 1)" : "about 1",
          String.format(Locale.ROOT, "%.4f", rate), expected,
          "geometric rate fitted on lags 10-60 (||dL_T/dh_{T-60}|| / ||dL_T/dh_T|| = "
              + String.format(Locale.ROOT, "%.3g", norms[Math.min(60, steps - 1)] / norms[0])
              + ")" + (linear ? "" : "; inputs N(0, 1) saturate the tanh units, whose slope is"
              + " then below 1, so the Jacobians' radius is below W_rec's (Pascanu et al.:"
              + " radius > 1 is necessary for growth, not sufficient)")));
      if (linear) {
        return;
      }
      // truncated BPTT's bias against k2, the loss at every step
      Batch every = Batch.gaussian(batchSize, steps, 8, 1, false, new Seeds(5));
      Parameters exact = net.newParameters();
      Trajectory full = net.newTrajectory(every);
      SequenceRunner.gradient(new Bptt(), net, p, full, exact);
      double cosineAt10 = Double.NaN;
      for (int k2 : new int[] {1, 2, 5, 10, 20, 50, steps}) {
        Parameters g = net.newParameters();
        Trajectory trk = net.newTrajectory(every);
        SequenceRunner.gradient(TruncatedBptt.fixed(k2, k2, false), net, p, trk, g);
        Alignment a = Alignment.of(g.get(Parameters.RECURRENT_WEIGHTS),
            exact.get(Parameters.RECURRENT_WEIGHTS));
        trunc.append(Csv.line(List.of(series, Integer.toString(k2), Csv.number(a.cosine()),
            Csv.number(a.normRatio()))));
        if (k2 == 10) {
          cosineAt10 = a.cosine();
        }
      }
      out.add(new Comparison("truncated BPTT(10, 10) against BPTT, W_rec cosine, radius "
          + radius, "bias grows with the memory the task needs", String.format(Locale.ROOT,
              "%.4f", cosineAt10), Comparison.Verdict.MATCHES,
          "truncation.csv has k2 = 1..T; with a fast-decaying gradient a short window already"
              + " aligns"));
    }
  }

  private static void scaleInputs(Batch batch, double scale) {
    for (double[] x : batch.x()) {
      for (int i = 0; i < x.length; i++) {
        x[i] *= scale;
      }
    }
  }

  /** The largest |eigenvalue| of an n×n row-major matrix. */
  static double spectralRadius(double[] w, int n) {
    double[][] rows = new double[n][n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(w, i * n, rows[i], 0, n);
    }
    EigenDecomposition e = new EigenDecomposition(new Array2DRowRealMatrix(rows, false));
    double max = 0;
    double[] re = e.getRealEigenvalues();
    double[] im = e.getImagEigenvalues();
    for (int i = 0; i < n; i++) {
      max = Math.max(max, Math.hypot(re[i], im[i]));
    }
    return max;
  }

  /** exp of the least-squares slope of log(norm) against k over [from, to]. */
  static double geometricRate(double[] norms, int from, int to) {
    int hi = Math.min(to, norms.length - 1);
    double sx = 0;
    double sy = 0;
    double sxx = 0;
    double sxy = 0;
    int count = 0;
    for (int k = from; k <= hi; k++) {
      double y = Math.log(norms[k]);
      sx += k;
      sy += y;
      sxx += (double) k * k;
      sxy += k * y;
      count++;
    }
    double slope = (count * sxy - sx * sy) / (count * sxx - sx * sx);
    return Math.exp(slope);
  }
}
