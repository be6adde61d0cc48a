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
 * The rate is measured from the end of a warm-up of {@value #WARM_UP_SECONDS} s on, and shown
 * once it spans {@value #MEASURE_SECONDS} s ("estimating..." until then): the first iterations
 * run while the JIT compiles the kernels, several times slower than the rest, and a rate that
 * counted them would overstate the time left for most of the run. At the end, while the figures
 * and the report are written, the line says so ({@link #drawing}, {@link #drawn}).
 *
 * Silent when disabled ({@code --quiet}) or when the output is not a terminal (pipes, files,
 * tests). Thread-safe: rules training in parallel report to the same line.
 */
final class ProgressLine implements Trainer.Progress {
  private static final int WIDTH = 79;

  /** Seconds from the start that the rate leaves out (the JIT's warm-up). */
  static final int WARM_UP_SECONDS = 3;

  /** Seconds of measurement after the warm-up before a rate and a time left are shown. */
  static final int MEASURE_SECONDS = 1;

  private static final long NANOS = 1_000_000_000L;

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
  /** When the warm-up ended (-1: not yet), and the iterations done then. */
  private long warmedAt = -1;
  private long warmedDone;
  private int printedWidth;
  private long drawingSince;
  private String drawingText;

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
      if (warmedAt < 0 && now - start >= WARM_UP_SECONDS * NANOS) {
        warmedAt = now;
        warmedDone = d;
      }
      if ((now - lastPrint < NANOS / 2 || now - start < NANOS) && d < total) {
        return;
      }
      lastPrint = now;
      String speed = "estimating...";
      if (warmedAt >= 0 && now - warmedAt >= MEASURE_SECONDS * NANOS && d > warmedDone) {
        double rate = (d - warmedDone) / ((now - warmedAt) * 1e-9);
        speed = String.format(Locale.ROOT, trainings == 1 ? "%.1f it/s  %s left"
            : "%.0f it/s  %s left", rate, duration((total - d) / rate));
      }
      String name = rule.length() > 24 ? rule.substring(0, 23) + "~" : rule;
      String line;
      if (trainings == 1) {
        line = String.format(Locale.ROOT, "%s %d/%d  loss %.4g  %s", name, iteration,
            iterations, loss, speed);
      } else {
        line = String.format(Locale.ROOT, "%s%s %d/%d  loss %.4g | %d/%d  %s", name,
            showSeed ? " seed " + seed + ":" : "", iteration, iterations, loss, d, total, speed);
      }
      print(line);
    }
  }

  /** Rewrites the line with {@code line}, cut to the terminal's usual width. */
  private void print(String line) {
    if (line.length() > WIDTH) {
      line = line.substring(0, WIDTH);
    }
    int pad = Math.max(0, printedWidth - line.length());
    err.print("\r" + line + " ".repeat(pad));
    err.flush();
    printedWidth = line.length();
  }

  /**
   * Says that the training is over and {@code figures} figures and the report are being written
   * ("drawing 14 figures and the report..."); {@link #drawn} ends the line.
   */
  synchronized void drawing(int figures) {
    doing(figures == 0 ? "writing the report"
        : "drawing " + figures + (figures == 1 ? " figure" : " figures") + " and the report");
  }

  /**
   * Says what the command is doing after its training ("analysing 4 trained networks..."), ending
   * the line of an earlier step; {@link #drawn} ends the line.
   */
  synchronized void doing(String what) {
    drawn();
    drawingSince = clock.getAsLong();
    drawingText = what + "...";
    if (enabled) {
      print(drawingText);
    }
  }

  /** Ends the line {@link #doing} began: "... done (2.1 s)", and a new line. */
  synchronized void drawn() {
    if (enabled && drawingText != null) {
      print(drawingText + String.format(Locale.ROOT, " done (%.1f s)",
          (clock.getAsLong() - drawingSince) * 1e-9));
      err.println();
      err.flush();
      printedWidth = 0;
    }
    drawingText = null;
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
