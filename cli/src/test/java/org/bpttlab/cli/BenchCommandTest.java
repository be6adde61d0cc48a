package org.bpttlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchCommandTest {
  @Test
  void printsOneRowPerRuleCellSizeAndBatch() {
    Cli.Result r = Cli.run("bench", "--cells", "rate,lif", "--rules", "bptt,readout-only",
        "--hidden", "8", "--batch", "1,2", "--seq-len", "10", "--seconds", "0.02");
    assertEquals(0, r.code(), r.err());
    assertEquals("", r.err());
    List<String> lines = r.out().lines().toList();
    assertTrue(lines.get(0).startsWith("32 inputs, 8 outputs, MSE, T = 10;"), lines.get(0));
    assertEquals(List.of("rule", "cell", "n", "batch", "us/step", "forward", "x", "fwd",
        "bytes/step"), List.of(lines.get(1).trim().split("\\s+")));
    List<String> rows = lines.subList(2, lines.size());
    assertEquals(8, rows.size(), r.out());
    int k = 0;
    for (String cell : new String[] {"rate", "lif"}) {
      for (String batch : new String[] {"1", "2"}) {
        for (String rule : new String[] {"bptt", "readout-only"}) {
          String[] f = rows.get(k++).trim().split("\\s+");
          assertEquals(List.of(rule, cell, "8", batch), List.of(f).subList(0, 4));
          double perStep = Double.parseDouble(f[4].replace(",", ""));
          double forward = Double.parseDouble(f[5].replace(",", ""));
          double ratio = Double.parseDouble(f[6]);
          assertTrue(perStep > 0 && forward > 0, rows.get(k - 1));
          // the times are printed rounded (2 decimals below 10 µs, 1 below 1000, whole above):
          // the ratio of the printed times is within their rounding of the printed ratio
          double ratioBound = ratio * (half(f[4]) / perStep + half(f[5]) / forward) + 0.006;
          assertEquals(perStep / forward, ratio, ratioBound, rows.get(k - 1));
          assertTrue(Double.parseDouble(f[7]) >= 0, rows.get(k - 1));
        }
      }
    }
  }

  @Test
  void float32ProductsAreNamedInTheHeader() {
    Cli.Result r = Cli.run("bench", "--cells", "rate", "--rules", "bptt", "--hidden", "16",
        "--batch", "4", "--seq-len", "10", "--seconds", "0.02", "--products", "float32");
    assertEquals(0, r.code(), r.err());
    List<String> lines = r.out().lines().toList();
    assertTrue(lines.get(0).startsWith(
        "32 inputs, 8 outputs, MSE, T = 10; float32 products on 1 thread;"), lines.get(0));
    assertEquals(3, lines.size(), r.out());
  }

  @Test
  void productsSplitOverThreadsAreNamedInTheHeader() {
    Cli.Result r = Cli.run("bench", "--cells", "lif", "--rules", "bptt", "--hidden", "128",
        "--batch", "16", "--seq-len", "10", "--seconds", "0.02", "--threads", "2");
    assertEquals(0, r.code(), r.err());
    List<String> lines = r.out().lines().toList();
    assertTrue(lines.get(0).startsWith(
        "32 inputs, 8 outputs, MSE, T = 10; float64 products on 2 threads;"), lines.get(0));
    assertEquals(3, lines.size(), r.out());
    assertTrue(lines.get(2).startsWith("bptt"), lines.get(2));
    Cli.Result bad = Cli.run("bench", "--threads", "0");
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("--threads"), bad.err());
  }

  /** Half a unit of the last printed digit of a number. */
  private static double half(String printed) {
    int dot = printed.indexOf('.');
    return dot < 0 ? 0.5 : 0.5 * Math.pow(10, -(printed.length() - dot - 1));
  }

  @Test
  void aRuleThatRefusesACellIsOneUsageError() {
    Cli.Result r = Cli.run("bench", "--cells", "lif", "--rules", "rflo", "--seconds", "0.01");
    assertEquals(2, r.code());
    assertEquals("", r.out());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().startsWith("bpttlab bench: Invalid value for option '--rules': rflo on"
        + " --cells lif"), r.err());
  }

  @Test
  void badSizesAndCellsAreUsageErrors() {
    for (String[] args : new String[][] {
        {"--cells", "gru"}, {"--hidden", "0"}, {"--batch", "1,-2"}, {"--seconds", "0"},
        {"--seq-len", "x"}, {"--rules", "nope"}}) {
      String[] full = new String[args.length + 1];
      full[0] = "bench";
      System.arraycopy(args, 0, full, 1, args.length);
      Cli.Result r = Cli.run(full);
      assertEquals(2, r.code(), String.join(" ", args));
      assertEquals(1, r.err().lines().count(), r.err());
      assertTrue(r.err().contains("'" + args[0] + "'"), r.err());
      assertEquals("", r.out());
    }
  }
}
