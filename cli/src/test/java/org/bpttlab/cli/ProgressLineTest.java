package org.bpttlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The progress line's text at given times of a fake clock (nanoseconds); nothing is timed. */
class ProgressLineTest {
  private static final long S = 1_000_000_000L;
  private long now;

  @Test
  void oneTrainingEstimatesOnlyFromTheRateAfterTheWarmUp() {
    StringWriter out = new StringWriter();
    ProgressLine p = new ProgressLine(new PrintWriter(out), true, 1500, 1, 1, 0, () -> now);
    now = S / 2;
    p.iterationDone("eprop", 1, 1, 0.5);
    assertEquals("", out.toString(), "nothing in the first second");
    now = 2 * S;
    p.iterationDone("eprop", 1, 2, 0.01234);
    // the warm-up ends at 3 s, after 3 slow iterations (the JIT's); then 100 iterations a second
    for (int i = 3; i <= 103; i++) {
      now = 3 * S + (i - 3) * (S / 100);
      p.iterationDone("eprop", 1, i, 0.01);
    }
    // 100 iterations in the 1 s since the warm-up: 1397 left at 100/s; a rate from the start
    // (102 in 4 s) would have said 55 s
    assertEquals(List.of("eprop 2/1500  loss 0.01234  estimating...",
        "eprop 3/1500  loss 0.01000  estimating...",
        "eprop 53/1500  loss 0.01000  estimating...",
        "eprop 103/1500  loss 0.01000  100.0 it/s  14 s left"), lines(out),
        "at most twice a second; an estimate from 1 s after the warm-up on");
    int printed = out.toString().length();
    p.finish();
    assertEquals("\r" + " ".repeat(51) + "\r", out.toString().substring(printed), "cleared");
  }

  /** The lines written, each without its carriage return and the spaces that padded it. */
  private static List<String> lines(StringWriter out) {
    return Arrays.stream(out.toString().split("\r")).map(String::stripTrailing)
        .filter(l -> !l.isEmpty()).toList();
  }

  @Test
  void severalTrainingsShowTheSeedAndTheTotal() {
    StringWriter out = new StringWriter();
    ProgressLine p = new ProgressLine(new PrintWriter(out), true, 100, 4, 2, 0, () -> now);
    now = 3 * S;
    for (int i = 0; i < 50; i++) {
      p.iterationDone("bptt", 2, 10, 0.25);
    }
    now = 13 * S;
    p.iterationDone("tbptt:k1=5,k2=10", 2, 51, 0.125);
    // 1 iteration in the 10 s since the warm-up ended (at iteration 1)
    assertEquals("\rbptt seed 2: 10/100  loss 0.2500 | 1/400  estimating..."
        + "\rtbptt:k1=5,k2=10 seed 2: 51/100  loss 0.1250 | 51/400  5 it/s  1 min 10 s left",
        out.toString());
    StringWriter one = new StringWriter();
    ProgressLine rules = new ProgressLine(new PrintWriter(one), true, 100, 2, 1, 0, () -> now);
    now = 20 * S;
    rules.iterationDone("bptt", 1, 7, 0.5);
    assertEquals("\rbptt 7/100  loss 0.5000 | 1/200  estimating...", one.toString(),
        "no rate before an iteration after the warm-up");
  }

  @Test
  void drawingTheFiguresIsSaidThenDone() {
    StringWriter out = new StringWriter();
    ProgressLine p = new ProgressLine(new PrintWriter(out), true, 10, 1, 1, 0, () -> now);
    now = 5 * S;
    p.iterationDone("bptt", 1, 10, 0.1);
    p.finish();
    out.getBuffer().setLength(0);
    p.drawing(14);
    assertEquals("\rdrawing 14 figures and the report...", out.toString());
    now = 7 * S + S / 10;
    p.drawn();
    assertEquals("\rdrawing 14 figures and the report..."
        + "\rdrawing 14 figures and the report... done (2.1 s)" + System.lineSeparator(),
        out.toString());
    p.finish();
    assertEquals(87 + System.lineSeparator().length(), out.toString().length(),
        "nothing left to clear");
    StringWriter none = new StringWriter();
    ProgressLine q = new ProgressLine(new PrintWriter(none), true, 10, 1, 1, 0, () -> now);
    q.drawing(0);
    q.drawn();
    assertEquals("\rwriting the report...\rwriting the report... done (0.0 s)"
        + System.lineSeparator(), none.toString());
  }

  /** An analysis, then the drawing: each step on its own line, ended with its time. */
  @Test
  void analysingThenDrawingAreEachSaidThenDone() {
    StringWriter out = new StringWriter();
    ProgressLine p = new ProgressLine(new PrintWriter(out), true, 10, 1, 1, 0, () -> now);
    now = 5 * S;
    p.doing("analysing the trained networks on 16 held-out trials");
    now = 8 * S;
    p.drawing(7);
    now = 9 * S;
    p.drawn();
    String nl = System.lineSeparator();
    assertEquals("\ranalysing the trained networks on 16 held-out trials..."
        + "\ranalysing the trained networks on 16 held-out trials... done (3.0 s)" + nl
        + "\rdrawing 7 figures and the report..."
        + "\rdrawing 7 figures and the report... done (1.0 s)" + nl, out.toString());
  }

  @Test
  void quietOrNotATerminalShowsNothing() {
    StringWriter out = new StringWriter();
    ProgressLine p = new ProgressLine(new PrintWriter(out), false, 10, 1, 1, 0, () -> now);
    now = 5 * S;
    p.iterationDone("bptt", 1, 10, 0.1);
    p.drawing(3);
    p.drawn();
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
