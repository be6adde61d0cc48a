package org.bpttlab.results.figures;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Small fixed CSVs of every kind the figures read, with numbers made up by formula (no
 * simulation): 3 rules (one with options, quoted as run and compare write it) on 2 seeds, 3
 * parameter groups; 3 lag series; cost against n (2 series) and budget (2 series, one without
 * times); points of 2 series.
 */
public final class FixedCsvs {
  static final String[] RULES = {"bptt", "eprop", "\"tbptt:k1=5,k2=10\""};
  static final String[] GROUPS = {"all", "W_rec", "W_out"};

  private FixedCsvs() {}

  public static void writeAll(Path dir) throws IOException {
    writeTraining(dir);
    writeMeasurements(dir);
  }

  static void writeTraining(Path dir) throws IOException {
    StringBuilder m = new StringBuilder(
        "iteration,rule,seed,loss,mse,grad_norm,seconds,peak_doubles,flops_per_step\n");
    StringBuilder a = new StringBuilder(
        "iteration,rule,seed,group,cosine,norm_ratio,sign_agreement,rule_norm,bptt_norm\n");
    StringBuilder s = new StringBuilder("rule,seed,loss,mse,baseline,success_threshold,success,"
        + "train_seconds,held_out_sequences,diverged_at\n");
    for (int seed = 1; seed <= 2; seed++) {
      for (int r = 0; r < RULES.length; r++) {
        for (int it = 5; it <= 20; it += 5) {
          double loss = 0.1 / (1 + 0.1 * it * (3 - r)) * (1 + 0.05 * seed);
          m.append(String.format(Locale.ROOT, "%d,%s,%d,%s,%s,0.5,0.1,100,1000.0\n", it,
              RULES[r], seed, loss, 2 * loss));
          for (int g = 0; g < GROUPS.length; g++) {
            double cos = r == 0 ? 1.0 : 0.5 + 0.1 * g + 0.01 * seed + 0.001 * it;
            a.append(String.format(Locale.ROOT, "%d,%s,%d,%s,%s,%s,0.9,1.0,1.0\n", it, RULES[r],
                seed, GROUPS[g], cos, r == 0 ? 1.0 : 0.5 + 0.01 * it, 0.9));
          }
        }
        double fin = 0.02 * (r + 1) * (1 + 0.1 * seed);
        s.append(String.format(Locale.ROOT, "%s,%d,%s,%s,0.16666666666666666,0.01,false,1.5,64,\n",
            RULES[r], seed, fin, 2 * fin));
      }
    }
    write(dir.resolve("metrics.csv"), m);
    write(dir.resolve("alignment.csv"), a);
    write(dir.resolve("summary.csv"), s);
  }

  static void writeMeasurements(Path dir) throws IOException {
    StringBuilder lag = new StringBuilder("series,lag,grad_norm\n");
    for (double radius : new double[] {0.8, 1.0, 1.2}) {
      for (int k = 0; k <= 40; k++) {
        lag.append(String.format(Locale.ROOT, "radius=%s,%d,%s\n", radius, k,
            Math.pow(radius, k)));
      }
    }
    write(dir.resolve("lag.csv"), lag);
    StringBuilder cost = new StringBuilder("series,variable,value,seconds_per_step,peak_doubles\n");
    for (int n = 16; n <= 256; n *= 2) {
      cost.append(String.format(Locale.ROOT, "bptt,n,%d,%s,%d\n", n, 1e-9 * n * n, 100L * n * n));
      cost.append(String.format(Locale.ROOT, "rtrl,n,%d,%s,%d\n", n, 1e-11 * n * n * n * n,
          (long) n * n * n));
    }
    for (int b : new int[] {2, 10, 100, 1000}) {
      cost.append(String.format(Locale.ROOT, "checkpointed,budget,%d,%s,%d\n", b,
          1e-4 * (1 + 1.0 / b), 64L * b));
      cost.append(String.format(Locale.ROOT, "predicted,budget,%d,,%d\n", b, 64L * b));
    }
    write(dir.resolve("cost.csv"), cost);
    StringBuilder points = new StringBuilder("series,x,y\n");
    for (int i = 0; i < 50; i++) {
      double x = Math.sin(i);
      points.append(String.format(Locale.ROOT, "W_in,%s,%s\nW_rec,%s,%s\n", x, 0.9 * x,
          Math.cos(i), 1.1 * Math.cos(i)));
    }
    write(dir.resolve("points.csv"), points);
  }

  static void write(Path file, CharSequence text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }
}
