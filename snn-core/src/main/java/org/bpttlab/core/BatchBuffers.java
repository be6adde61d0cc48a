package org.bpttlab.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The memory a task generator writes its batches into, kept from one batch to the next: a training
 * draws a batch of the same shape every iteration (46 MB for the evidence reproduction's network),
 * and allocating each afresh fills the young generation with arrays that live across a collection,
 * which copies them, and touches memory the process has not used before.
 *
 * <p>{@link #next()} starts a batch; the k-th {@link #zeros zeros} call after it returns the array
 * set of the k-th call after the previous {@code next()}, cleared, if it has the same shape, and
 * a new one otherwise. So a generator that asks for the same shapes in the same order (the values
 * of a batch, then their spike encoding) gets the same arrays back each time, zeroed exactly like
 * {@link Batch#zeros}: the batches have the same bits as fresh ones. A batch handed out is valid
 * until the next {@code next()}. Not thread-safe: one per training.
 */
public final class BatchBuffers {
  private final boolean reuse;
  private final List<Batch> slots = new ArrayList<>();
  private int used;

  private BatchBuffers(boolean reuse) {
    this.reuse = reuse;
  }

  /** Buffers whose batches are kept and handed out again after {@link #next()}. */
  public static BatchBuffers reused() {
    return new BatchBuffers(true);
  }

  /** Buffers that allocate every batch afresh (for a batch that must outlive the next one). */
  public static BatchBuffers fresh() {
    return new BatchBuffers(false);
  }

  /** Starts the next batch: the arrays handed out so far may be handed out again. */
  public BatchBuffers next() {
    used = 0;
    return this;
  }

  /** A zero-filled batch of this shape, as {@link Batch#zeros}; the slot's arrays if they fit. */
  public Batch zeros(int size, int steps, int inputs, int outputs) {
    if (!reuse) {
      return Batch.zeros(size, steps, inputs, outputs);
    }
    int k = used++;
    if (k < slots.size()) {
      Batch b = slots.get(k);
      if (b.size() == size && b.steps() == steps && b.inputs() == inputs
          && b.outputs() == outputs) {
        clear(b.x());
        clear(b.target());
        clear(b.mask());
        return b;
      }
    }
    Batch b = Batch.zeros(size, steps, inputs, outputs);
    if (k < slots.size()) {
      slots.set(k, b);
    } else {
      slots.add(b);
    }
    return b;
  }

  private static void clear(double[][] rows) {
    for (double[] r : rows) {
      Arrays.fill(r, 0.0);
    }
  }
}
