package org.bpttlab.results.perf;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * Wall-clock time and heap allocation per time step of a pass that is repeated: passes are run for
 * a warm-up time (so the JIT has compiled them), then for a measuring time; the result is the
 * median pass over the measured ones, divided by the steps per pass, and the bytes the thread
 * allocated over all measured passes per step ({@code com.sun.management.ThreadMXBean}; NaN where
 * the JVM does not count them). A quick figure for users: the published numbers come from JMH
 * (docs/performance.md), which also forks, repeats and reports its error.
 */
public final class StepTimer {
  /** The median time per step in µs, bytes allocated per step, and how many passes were timed. */
  public record StepCost(double microsPerStep, double bytesPerStep, int passes) {}

  private StepTimer() {}

  /**
   * Times {@code pass} (which runs {@code steps} time steps): {@code warmupSeconds} of passes, then
   * at least 3 passes and at least {@code seconds} of them.
   */
  public static StepCost time(Runnable pass, int steps, double warmupSeconds, double seconds) {
    long warmupEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
    do {
      pass.run();
    } while (System.nanoTime() < warmupEnd);
    long[] times = new long[16];
    int n = 0;
    long before = allocatedBytes();
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    long t0 = start;
    while (n < 3 || t0 < end) {
      pass.run();
      long t1 = System.nanoTime();
      if (n == times.length) {
        times = Arrays.copyOf(times, 2 * n);
      }
      times[n++] = t1 - t0;
      t0 = t1;
    }
    long allocated = allocatedBytes() - before;
    long[] sorted = Arrays.copyOf(times, n);
    Arrays.sort(sorted);
    double median = n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    double bytes = before < 0 ? Double.NaN : (double) allocated / ((double) n * steps);
    return new StepCost(median / 1e3 / steps, bytes, n);
  }

  /** Bytes this thread has allocated so far, or −1 if the JVM does not count them. */
  private static long allocatedBytes() {
    if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean mx
        && mx.isThreadAllocatedMemoryEnabled()) {
      return mx.getCurrentThreadAllocatedBytes();
    }
    return -1;
  }
}
