package org.bpttlab.tasks;

import org.bpttlab.core.Batch;
import org.bpttlab.core.BatchBuffers;
import org.bpttlab.core.Seeds;

/**
 * A task that is one endless stream (Marschall et al. 2020's online setting): consecutive chunks of
 * {@link #steps()} steps, chunk i continuing chunk i − 1, so a network trained online runs chunks
 * 0, 1, 2, … with its state carried from one to the next. {@link #sample} is chunk 0.
 */
public interface StreamTask extends Task {
  /** Chunk 0 of the stream {@code seeds}. */
  @Override
  default Batch sample(int size, Seeds seeds, BatchBuffers buffers) {
    return chunk(size, seeds, 0, buffers);
  }

  /**
   * Chunk {@code index} ≥ 0 of {@code size} parallel streams drawn from {@code stream}: global steps
   * index·T + 1 .. (index + 1)·T, in new arrays.
   */
  default Batch chunk(int size, Seeds stream, long index) {
    return chunk(size, stream, index, BatchBuffers.fresh());
  }

  /**
   * The chunk of {@link #chunk(int, Seeds, long)}, the same bits, written into {@code buffers}'
   * arrays (after {@link BatchBuffers#next()}): valid until the buffers' next batch.
   */
  Batch chunk(int size, Seeds stream, long index, BatchBuffers buffers);
}
