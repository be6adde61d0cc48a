package org.bpttlab.results.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressLineTest {
  private long now;

  @Test
  void oneTrainingShowsRuleStepLossRateAndTimeLeft() {
    StringWriter out = new StringWriter();
    ProgressLine p = new ProgressLine(new PrintWriter(out), true, 1500, 1, 1, 0, () -> now);
    now = 500_000_000L;
    p.iterationDone("eprop", 1, 1, 0.5);
    assertEquals("", out.toString(), "nothing in the first second");
    now = 2_000_000_000L;
    p.iterationDone("eprop", 1, 100, 0.01234);
    assertEquals("\reprop 100/1500  loss 0.01234  1.0 it/s  24 min 58 s left", out.toString());
    now = 2_100_000_000L;
    p.iterationDone("eprop", 1, 101, 0.01);
    assertEquals(57, out.toString().length(), "at most twice a second");
    p.finish();
    assertEquals("\r" + " ".repeat(56) + "\r", out.toString().substring(57));
  }

  @Test
  void severalTrainingsShowTheSeedAndTheTotal() {
    StringWriter out = new StringWriter();
    ProgressLine p = new ProgressLine(new PrintWriter(out), true, 100, 4, 2, 0, () -> now);
    for (int i = 0; i < 49; i++) {
      p.iterationDone("bptt", 2, 10, 0.25);
    }
    now = 10_000_000_000L;
    p.iterationDone("tbptt:k1=5,k2=10", 2, 50, 0.125);
    assertEquals("\rtbptt:k1=5,k2=10 seed 2: 50/100  loss 0.1250 | 50/400  5 it/s  1 min 10 s left",
        out.toString());
    StringWriter one = new StringWriter();
    ProgressLine rules = new ProgressLine(new PrintWriter(one), true, 100, 2, 1, 0, () -> now);
    now = 20_000_000_000L;
    rules.iterationDone("bptt", 1, 7, 0.5);
    assertEquals("\rbptt 7/100  loss 0.5000 | 1/200  0 it/s  33 min 10 s left", one.toString());
  }

  @Test
  void quietOrNotATerminalShowsNothing() {
    StringWriter out = new StringWriter();
    ProgressLine p = new ProgressLine(new PrintWriter(out), false, 10, 1, 1, 0, () -> now);
    now = 5_000_000_000L;
    p.iterationDone("bptt", 1, 10, 0.1);
    p.finish();
    assertEquals("", out.toString());
  }

  @Test
  void durations() {
    assertEquals("59 s", ProgressLine.duration(59.4));
    assertEquals("1 min 05 s", ProgressLine.duration(65));
    assertEquals("2 h 03 min", ProgressLine.duration(2 * 3600 + 3 * 60 + 20));
  }
}
