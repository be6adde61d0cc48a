package org.bpttlab.kernels;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Threads that one training's matrix products share: a product's output is cut into parts, the
 * calling thread computes the first and each helper one of the others ({@link Products#on}). Each
 * element of the output is its own sum, summed the same way whichever part it is in, so the results
 * are the same bits on one thread or several (docs/performance.md, "One training on two cores").
 *
 * <p>The helpers are the team's own threads, started with it, and any thread lent to it by
 * {@link #help} (a trainer thread with no training left, while others still run): a team of one
 * thread gains helpers that way, at the next product, with the same numbers. The helpers wait for
 * the next product spinning for {@link #SPIN_NANOS}, then parked: the elementwise work between a
 * step's products is shorter than a park and an unpark. A part its helper has not started when the
 * caller has finished its own (a helper waking from a park) is computed by the caller, so that no
 * product waits for a wake-up. Handing a product over allocates nothing.
 * A product asked for while the team works on another (a second thread using the same network) is
 * computed on the asking thread alone. {@link #close} ends the helpers and sends lent threads back;
 * the team's own helpers are daemon threads, so a team that is never closed does not keep the JVM
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

  /** The helpers, own then lent; replaced whole, while the team is held, when one joins. */
  private volatile Helper[] helpers;
  private final AtomicBoolean busy = new AtomicBoolean();
  private volatile boolean closed;
  private long generation;

  /** A team of {@code threads} (≥ 1): the caller and threads − 1 helpers, started here. */
  public ProductTeam(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be ≥ 1, was " + threads);
    }
    Helper[] own = new Helper[threads - 1];
    for (int i = 0; i < own.length; i++) {
      Helper h = new Helper();
      Thread t = new Thread(h::work, "bpttlab-products-" + (i + 1));
      t.setDaemon(true);
      h.thread = t;
      own[i] = h;
    }
    helpers = own;
    for (Helper h : own) {
      h.thread.start();
    }
  }

  /** The team of the calling thread alone: it takes no lent threads, and has nothing to close. */
  public static ProductTeam solo() {
    return SOLO;
  }

  /** The threads that compute a product now: the caller and the helpers (own and lent). */
  public int threads() {
    return helpers.length + 1;
  }

  /** True once {@link #close} has run. */
  public boolean isClosed() {
    return closed;
  }

  /**
   * Lends the calling thread to the team until the team is closed: it computes a part of each of
   * the team's products from the next one on, as one more helper. Returns at once for a closed
   * team and for {@link #solo}. An interrupt does not end the help (the team's caller counts on
   * the part); it is kept and set again on return.
   */
  public void help() {
    if (this == SOLO) {
      return;
    }
    Helper h = new Helper();
    h.thread = Thread.currentThread();
    while (!tryAcquire()) {
      if (closed) {
        return;
      }
      Thread.onSpinWait();
    }
    try {
      if (closed) {
        return;
      }
      Helper[] grown = Arrays.copyOf(helpers, helpers.length + 1);
      grown[grown.length - 1] = h;
      helpers = grown;
    } finally {
      release();
    }
    h.work();
  }

  /**
   * Takes the team for one product: false if it is working on another (that product's caller then
   * computes alone) or is closed. Each true is followed by {@link #release}.
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
    Helper[] hs = helpers;
    int parts = hs.length + 1;
    if (closed) {
      for (int p = 0; p < parts; p++) {
        task.part(p, parts);
      }
      return;
    }
    long g = ++generation;
    for (int i = 0; i < hs.length; i++) {
      Helper h = hs[i];
      h.task = task;
      h.part = i + 1;
      h.parts = parts;
      h.posted = g;
      if (h.parked) {
        LockSupport.unpark(h.thread);
      }
    }
    Throwable failure = null;
    try {
      task.part(0, parts);
    } catch (RuntimeException | Error e) {
      failure = e;
    }
    // each helper's part is claimed once, by the helper or, if it has not started it yet (it may
    // be waking from a park), by the caller; a claimed part is waited for, whatever happened here
    for (Helper h : hs) {
      long c = h.claimed.get();
      if (c < g && h.claimed.compareAndSet(c, g)) {
        try {
          task.part(h.part, parts);
        } catch (RuntimeException | Error e) {
          if (failure == null) {
            failure = e;
          }
        }
        continue;
      }
      while (h.finished != g) {
        Thread.onSpinWait();
      }
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
   * Ends the helpers and sends lent threads back (products asked for afterwards run on the calling
   * thread). Waits for a product that is running; a second call does nothing.
   */
  @Override
  public void close() {
    if (this == SOLO) {
      return;
    }
    while (!tryAcquire()) {
      if (closed) {
        return;
      }
      Thread.onSpinWait();
    }
    // the team stays held: no product is split and no thread joins after this
    closed = true;
    for (Helper h : helpers) {
      h.closed = true;
      LockSupport.unpark(h.thread);
    }
  }

  /** A helper's state; its loop runs on its own thread or on a lent one. */
  private static final class Helper {
    Thread thread;
    /** The product to run and the part: written before {@link #posted}, read after it. */
    Task task;
    int part;
    int parts;
    volatile long posted;
    /**
     * The last generation whose part was claimed, by this helper or by the team's caller: it only
     * rises, so each part is computed once, while its product runs.
     */
    final AtomicLong claimed = new AtomicLong();
    volatile long finished;
    volatile boolean parked;
    volatile boolean closed;
    volatile Throwable failure;
    /** An interrupt of a lent thread, kept to be set again on return (read by it alone). */
    private boolean interrupted;

    /** Runs the posted parts until closed. */
    void work() {
      long seen = 0;
      while (true) {
        long g = await(seen);
        if (g < 0) {
          break;
        }
        seen = g;
        // claimed only rises: a helper late for a generation the caller took (and perhaps the
        // next ones too) finds a claim at or past it and leaves the part alone
        long c = claimed.get();
        if (c < g && claimed.compareAndSet(c, g)) {
          try {
            task.part(part, parts);
          } catch (RuntimeException | Error e) {
            failure = e;
          }
          finished = g;
        }
      }
      if (interrupted) {
        thread.interrupt();
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
          // an interrupt would end every park at once: it is cleared here, and set on return
          if (Thread.interrupted()) {
            interrupted = true;
          }
          LockSupport.park(this);
        }
        parked = false;
        start = System.nanoTime();
      }
      return posted;
    }
  }
}
