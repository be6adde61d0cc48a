package org.bpttlab.results.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.bpttlab.results.train.Trainer;

/**
 * A progress line on a terminal, rewritten in place at most twice a second (from the first second
 * on, so quick commands show none): iterations done over
 * all rules, the rate, and the time left. Silent when the output is not a terminal (pipes, files,
 * tests). Thread-safe: rules training in parallel report to the same line.
 */
final class ProgressLine implements Trainer.Progress {
  private final PrintWriter err;
  private final boolean enabled;
  private final long total;
  private final AtomicLong done = new AtomicLong();
  private final long start = System.nanoTime();
  private long lastPrint = start;
  private boolean printed;

  ProgressLine(PrintWriter err, boolean enabled, long total) {
    this.err = err;
    this.enabled = enabled;
    this.total = total;
  }

  /** True if this JVM writes to a terminal. */
  static boolean terminal() {
    return System.console() != null;
  }

  @Override
  public void iterationDone(String rule, int iteration) {
    long d = done.incrementAndGet();
    if (!enabled) {
      return;
    }
    long now = System.nanoTime();
    synchronized (this) {
      if ((now - lastPrint < 500_000_000L || now - start < 1_000_000_000L) && d < total) {
        return;
      }
      lastPrint = now;
      double seconds = (now - start) * 1e-9;
      double rate = d / Math.max(seconds, 1e-9);
      double left = (total - d) / Math.max(rate, 1e-9);
      err.printf(Locale.ROOT, "\r%d/%d iterations, %.0f it/s, %.0f s left   ", d, total, rate, left);
      err.flush();
      printed = true;
    }
  }

  /** Clears the line. */
  synchronized void finish() {
    if (printed) {
      err.print("\r" + " ".repeat(60) + "\r");
      err.flush();
    }
  }
}
