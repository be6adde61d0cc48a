package org.bpttlab.experiment.io;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Independent jobs on up to a given number of threads, their results in the jobs' order: the
 * trainings of seeds and rules, the figures of a run. With one thread (or one job) the jobs run one
 * after the other on the caller's thread. A job's exception is the call's: an unchecked one as it is,
 * a checked one of the job's declared kind unwrapped; an interrupt cancels the rest.
 */
public final class Parallel {
  /** A job that may throw a checked exception of kind E. */
  @FunctionalInterface
  public interface Job<R, E extends Exception> {
    R call() throws E;
  }

  private Parallel() {}

  /**
   * The jobs' results in order, on up to {@code threads} daemon threads named {@code name}.
   *
   * @param checked the kind of checked exception the jobs declare (rethrown unwrapped)
   * @throws CancellationException if the caller is interrupted while waiting
   */
  public static <R, E extends Exception> List<R> run(List<? extends Job<R, E>> jobs, int threads,
      String name, Class<E> checked) throws E {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, was " + threads);
    }
    List<R> results = new ArrayList<>(jobs.size());
    if (threads == 1 || jobs.size() <= 1) {
      for (Job<R, E> job : jobs) {
        results.add(job.call());
      }
      return results;
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, jobs.size()),
        runnable -> {
          Thread t = new Thread(runnable, name);
          t.setDaemon(true);
          return t;
        });
    try {
      List<Future<R>> futures = new ArrayList<>();
      for (Job<R, E> job : jobs) {
        futures.add(pool.submit(job::call));
      }
      for (Future<R> f : futures) {
        results.add(f.get());
      }
      return results;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      if (checked.isInstance(cause)) {
        throw checked.cast(cause);
      }
      throw new IllegalStateException(cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException(name + " interrupted");
    } finally {
      pool.shutdownNow();
    }
  }
}
