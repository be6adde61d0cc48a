package org.bpttlab.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class BatchBuffersTest {
  /** Writes 1 + the index into every entry, so that a stale entry shows. */
  private static void scribble(Batch b) {
    for (double[][] rows : new double[][][] {b.x(), b.target(), b.mask()}) {
      for (double[] r : rows) {
        for (int i = 0; i < r.length; i++) {
          r[i] = 1 + i;
        }
      }
    }
  }

  private static void assertZeros(Batch b) {
    for (double[][] rows : new double[][][] {b.x(), b.target(), b.mask()}) {
      for (double[] r : rows) {
        assertArrayEquals(new double[r.length], r);
      }
    }
  }

  /**
   * The k-th batch after next() gets the k-th batch's arrays of the batch before, cleared; two of
   * one shape in one batch (values and their encoding) stay apart.
   */
  @Test
  void theKthBatchAfterNextGetsTheKthArraysBackCleared() {
    BatchBuffers buffers = BatchBuffers.reused();
    Batch values = buffers.next().zeros(2, 3, 4, 1);
    Batch encoded = buffers.zeros(2, 3, 4, 1);
    assertNotSame(values.x(), encoded.x());
    scribble(values);
    scribble(encoded);
    Batch valuesAgain = buffers.next().zeros(2, 3, 4, 1);
    Batch encodedAgain = buffers.zeros(2, 3, 4, 1);
    assertSame(values.x(), valuesAgain.x());
    assertSame(values.target(), valuesAgain.target());
    assertSame(values.mask(), valuesAgain.mask());
    assertSame(encoded.x(), encodedAgain.x());
    assertZeros(valuesAgain);
    assertZeros(encodedAgain);
    assertEquals(3, valuesAgain.steps());
  }

  /** A slot asked for another shape gets new arrays, which it keeps from then on. */
  @Test
  void anotherShapeGetsNewArraysAndKeepsThem() {
    BatchBuffers buffers = BatchBuffers.reused();
    Batch a = buffers.next().zeros(2, 3, 4, 1);
    for (int[] shape : new int[][] {{1, 3, 4, 1}, {2, 5, 4, 1}, {2, 3, 6, 1}, {2, 3, 4, 2}}) {
      Batch b = buffers.next().zeros(shape[0], shape[1], shape[2], shape[3]);
      assertNotSame(a.x(), b.x());
      assertEquals(shape[0], b.size());
      assertEquals(shape[1], b.steps());
      assertEquals(shape[2], b.inputs());
      assertEquals(shape[3], b.outputs());
      scribble(b);
      Batch again = buffers.next().zeros(shape[0], shape[1], shape[2], shape[3]);
      assertSame(b.x(), again.x());
      assertZeros(again);
      a = again;
    }
  }

  @Test
  void freshBuffersAllocateEveryBatch() {
    BatchBuffers buffers = BatchBuffers.fresh();
    Batch a = buffers.next().zeros(2, 3, 4, 1);
    Batch b = buffers.next().zeros(2, 3, 4, 1);
    assertNotSame(a.x(), b.x());
    assertZeros(b);
  }
}
