package org.bpttlab.cli;

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
    now = 2_500_000_000L;
    p.iterationDone("eprop", 1, 2, 0.01234);
    // the rate from the end of the first iteration on: 1 iteration in 2 s
    assertEquals("\reprop 2/1500  loss 0.01234  0.5 it/s  49 min 56 s left", out.toString());
    now = 2_600_000_000L;
    p.iterationDone("eprop", 1, 3, 0.01);
    assertEquals(55, out.toString().length(), "at most twice a second");
    p.finish();
    assertEquals("\r" + " ".repeat(54) + "\r", out.toString().substring(55));
  }

  @Test
  void severalTrainingsShowTheSeedAndTheTotal() {
    StringWriter out = new StringWriter();
    ProgressLine p = new ProgressLine(new PrintWriter(out), true, 100, 4, 2, 0, () -> now);
    for (int i = 0; i < 50; i++) {
      p.iterationDone("bptt", 2, 10, 0.25);
    }
    now = 10_000_000_000L;
    p.iterationDone("tbptt:k1=5,k2=10", 2, 51, 0.125);
    assertEquals("\rtbptt:k1=5,k2=10 seed 2: 51/100  loss 0.1250 | 51/400  5 it/s  1 min 10 s left",
        out.toString());
    StringWriter one = new StringWriter();
    ProgressLine rules = new ProgressLine(new PrintWriter(one), true, 100, 2, 1, 0, () -> now);
    now = 20_000_000_000L;
    rules.iterationDone("bptt", 1, 7, 0.5);
    assertEquals("\rbptt 7/100  loss 0.5000 | 1/200  0 it/s  ? left", one.toString(),
        "no rate before the second iteration");
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
