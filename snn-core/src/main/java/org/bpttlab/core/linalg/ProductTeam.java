package org.bpttlab.core.linalg;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Threads that one training's matrix products share: a product's output is cut into parts, the
 * calling thread computes the first and each helper one of the others ({@link Products#on}). Each
 * element of the output is its own sum, summed the same way whichever part it is in, so the results
 * are the same bits on one thread or several (docs/performance.md, "One training on two cores").
 *
 * <p>The helpers wait for the next product spinning for {@link #SPIN_NANOS}, then parked: the
 * elementwise work between a step's products is shorter than a park and an unpark. Handing a
 * product over allocates nothing. A product asked for while the team works on another (a second
 * thread using the same network) is computed on the asking thread alone. {@link #close} ends the
 * helpers; the helpers are daemon threads, so a team that is never closed does not keep the JVM
 * alive.
 */
public final class ProductTeam implements AutoCloseable {
  /** How long a helper spins for the next product before it parks. */
  static final long SPIN_NANOS = 200_000;

  /** One product, cut into parts: computes part {@code part} of {@code parts}. */
  interface Task {
    void part(int part, int parts);
  }

  private static final ProductTeam SOLO = new ProductTeam(1);

  private final Helper[] helpers;
  private final AtomicBoolean busy = new AtomicBoolean();
  private long generation;

  /** A team of {@code threads} (≥ 1): the caller and threads − 1 helpers, started here. */
  public ProductTeam(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be ≥ 1, was " + threads);
    }
    helpers = new Helper[threads - 1];
    for (int i = 0; i < helpers.length; i++) {
      helpers[i] = new Helper(i + 1, threads);
      helpers[i].start();
    }
  }

  /** The team of the calling thread alone (nothing to close). */
  public static ProductTeam solo() {
    return SOLO;
  }

  /** The threads that compute a product: the caller and the helpers. */
  public int threads() {
    return helpers.length + 1;
  }

  /**
   * Takes the team for one product: false if it is working on another (that product's caller then
   * computes alone). Each true is followed by {@link #release}.
   */
  boolean tryAcquire() {
    return busy.compareAndSet(false, true);
  }

  /** Gives the team back after {@link #tryAcquire}. */
  void release() {
    busy.set(false);
  }

  /**
   * Runs {@code task}'s parts, the first on the calling thread (which holds the team), and returns
   * when all are done; a closed team's parts all run on the calling thread, in order.
   */
  void run(Task task) {
    int parts = threads();
    for (Helper h : helpers) {
      if (h.closed) {
        for (int p = 0; p < parts; p++) {
          task.part(p, parts);
        }
        return;
      }
    }
    long g = ++generation;
    for (Helper h : helpers) {
      h.task = task;
      h.posted = g;
      if (h.parked) {
        LockSupport.unpark(h);
      }
    }
    Throwable failure = null;
    try {
      task.part(0, parts);
    } catch (RuntimeException | Error e) {
      failure = e;
    }
    // the helpers are using the operands: wait for all of them, whatever happened here
    for (Helper h : helpers) {
      while (h.finished != g) {
        Thread.onSpinWait();
      }
      h.task = null;
      if (failure == null) {
        failure = h.failure;
      }
      h.failure = null;
    }
    if (failure instanceof RuntimeException e) {
      throw e;
    }
    if (failure != null) {
      throw (Error) failure;
    }
  }

  /**
   * Ends the helpers (products asked for afterwards run on the calling thread). Not while a product
   * runs.
   */
  @Override
  public void close() {
    for (Helper h : helpers) {
      h.closed = true;
      LockSupport.unpark(h);
    }
  }

  private static final class Helper extends Thread {
    private final int part;
    private final int parts;
    /** The product to run: written before {@link #posted}, read after it. */
    Task task;
    volatile long posted;
    volatile long finished;
    volatile boolean parked;
    volatile boolean closed;
    volatile Throwable failure;

    Helper(int part, int parts) {
      super("bpttlab-products-" + part);
      this.part = part;
      this.parts = parts;
      setDaemon(true);
    }

    @Override
    public void run() {
      long seen = 0;
      while (true) {
        long g = await(seen);
        if (g < 0) {
          return;
        }
        seen = g;
        try {
          task.part(part, parts);
        } catch (RuntimeException | Error e) {
          failure = e;
        }
        finished = g;
      }
    }

    /** The next generation posted after {@code seen}, or −1 once closed. */
    private long await(long seen) {
      long start = System.nanoTime();
      while (posted == seen) {
        if (closed) {
          return -1;
        }
        if (System.nanoTime() - start < SPIN_NANOS) {
          Thread.onSpinWait();
          continue;
        }
        // parked is set before posted is read again, and the caller writes posted before it
        // reads parked: one of the two sees the other's write, so no product is missed
        parked = true;
        if (posted == seen && !closed) {
          LockSupport.park(this);
        }
        parked = false;
        start = System.nanoTime();
      }
      return posted;
    }
  }
}
