package org.bpttlab.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.bpttlab.experiment.train.Trainer;

/**
 * A progress line on a terminal, rewritten in place at most twice a second (from the first second
 * on, so quick commands show none): the rule that reported last (with its seed when several run),
 * its iteration over the total, its batch loss, then (when several train) the iterations done over
 * all rules and seeds, the iterations per second and the time left, e.g.
 *
 * <pre>
 * eprop 340/1500  loss 0.01234  45.2 it/s  26 s left
 * bptt seed 2: 340/1500  loss 0.01234 | 3400/9000  45 it/s  2 min 04 s left
 * </pre>
 *
 * Silent when disabled ({@code --quiet}) or when the output is not a terminal (pipes, files,
 * tests). Thread-safe: rules training in parallel report to the same line.
 */
final class ProgressLine implements Trainer.Progress {
  private static final int WIDTH = 79;

  private final PrintWriter err;
  private final boolean enabled;
  private final int iterations;
  private final int trainings;
  private final boolean showSeed;
  private final long total;
  private final AtomicLong done = new AtomicLong();
  private final LongSupplier clock;
  private final long start;
  private long lastPrint;
  private long firstDone;
  private int printedWidth;

  /**
   * @param iterations the iterations of each training
   * @param trainings how many trainings report (rules × seeds)
   * @param seeds how many seeds (the seed is shown if there are several)
   * @param alreadyDone iterations done before this command started (a resumed run)
   */
  ProgressLine(PrintWriter err, boolean enabled, int iterations, int trainings, int seeds,
      long alreadyDone) {
    this(err, enabled, iterations, trainings, seeds, alreadyDone, System::nanoTime);
  }

  /** With the clock in nanoseconds (tests). */
  ProgressLine(PrintWriter err, boolean enabled, int iterations, int trainings, int seeds,
      long alreadyDone, LongSupplier clock) {
    this.showSeed = seeds > 1;
    this.clock = clock;
    this.start = clock.getAsLong();
    this.lastPrint = start;
    this.firstDone = start;
    this.err = err;
    this.enabled = enabled;
    this.iterations = iterations;
    this.trainings = trainings;
    this.total = (long) iterations * trainings - alreadyDone;
  }

  /** True if this JVM writes to a terminal. */
  static boolean terminal() {
    return System.console() != null;
  }

  @Override
  public void iterationDone(String rule, long seed, int iteration, double loss) {
    long d = done.incrementAndGet();
    if (!enabled) {
      return;
    }
    long now = clock.getAsLong();
    synchronized (this) {
      if (d == 1) {
        // the rate leaves out the first iteration, which holds the JVM's warm-up
        firstDone = now;
      }
      if ((now - lastPrint < 500_000_000L || now - start < 1_000_000_000L) && d < total) {
        return;
      }
      lastPrint = now;
      double seconds = (now - firstDone) * 1e-9;
      double rate = (d - 1) / Math.max(seconds, 1e-9);
      String left = rate > 0 ? duration((total - d) / rate) : "?";
      String name = rule.length() > 24 ? rule.substring(0, 23) + "~" : rule;
      String line;
      if (trainings == 1) {
        line = String.format(Locale.ROOT, "%s %d/%d  loss %.4g  %.1f it/s  %s left", name,
            iteration, iterations, loss, rate, left);
      } else {
        line = String.format(Locale.ROOT, "%s%s %d/%d  loss %.4g | %d/%d  %.0f it/s  %s left",
            name, showSeed ? " seed " + seed + ":" : "", iteration, iterations, loss, d, total,
            rate, left);
      }
      if (line.length() > WIDTH) {
        line = line.substring(0, WIDTH);
      }
      int pad = Math.max(0, printedWidth - line.length());
      err.print("\r" + line + " ".repeat(pad));
      err.flush();
      printedWidth = line.length();
    }
  }

  /** "26 s", "2 min 04 s", "1 h 05 min". */
  static String duration(double seconds) {
    long s = Math.round(seconds);
    if (s < 60) {
      return s + " s";
    }
    if (s < 3600) {
      return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
  }

  /** Clears the line. */
  synchronized void finish() {
    if (printedWidth > 0) {
      err.print("\r" + " ".repeat(printedWidth) + "\r");
      err.flush();
      printedWidth = 0;
    }
  }
}
