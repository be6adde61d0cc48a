package org.bpttlab.kernels;

/**
 * A weight matrix as the products read it ({@link Products}' overloads that take one): its live
 * row-major double entries and the float forms that {@link Products#FLOAT32} multiplies by, W and
 * Wᵀ rounded, each built at its first product after a modification and reused until the next one.
 * A network's weights change once per update, not once per step, so the rounding and the transpose
 * are paid once per sequence instead of once per product (docs/performance.md, "float32 products").
 *
 * <p>Whoever writes the entries must say so with {@link #modified} before the next product;
 * {@code Parameters.get} does it for every caller that asks for a group's live array, so the one
 * way to leave the float forms stale is to keep that array and write it after a later product.
 * Concurrent products on one matrix are safe (the forms are built under its lock); writing while
 * another thread multiplies is not, as for any array.
 */
public final class WeightMatrix {
  private final double[] values;
  private final int rows;
  private final int cols;
  /** Modifications so far; each form remembers the count it was built at. */
  private long writes;
  // volatile: a form current at its count is read without the lock (the threads of a ProductTeam
  // ask for it at once, every product), its entries published by the count's write
  private volatile long roundedAt = -1;
  private volatile long transposedAt = -1;
  private float[] rounded;
  private float[] transposed;

  /** The matrix of {@code values} (rows × cols, row-major; the array itself, not a copy). */
  public WeightMatrix(double[] values, int rows, int cols) {
    if (rows <= 0 || cols <= 0 || values.length != rows * cols) {
      throw new IllegalArgumentException(
          "a " + rows + "×" + cols + " matrix needs " + rows * cols + " entries, had "
              + values.length);
    }
    this.values = values;
    this.rows = rows;
    this.cols = cols;
  }

  /** The live entries, for reading: a caller that writes them calls {@link #modified}. */
  public double[] values() {
    return values;
  }

  public int rows() {
    return rows;
  }

  public int cols() {
    return cols;
  }

  /** The entries were (or are about to be) written: the float forms are rebuilt when next read. */
  public void modified() {
    writes++;
  }

  /**
   * The entries rounded to float, row-major (rows × cols, rows {@code SingleKernels.paddedWidth(cols)}
   * apart), current.
   */
  float[] rounded() {
    if (roundedAt == writes) {
      return rounded;
    }
    synchronized (this) {
      return roundRows();
    }
  }

  private float[] roundRows() {
    if (roundedAt != writes) {
      int ld = SingleKernels.paddedWidth(cols);
      if (rounded == null) {
        rounded = new float[rows * ld];
      }
      for (int i = 0; i < rows; i++) {
        SingleKernels.toFloat(values, i * cols, cols, rounded, i * ld);
      }
      roundedAt = writes;
    }
    return rounded;
  }

  /**
   * The transpose rounded to float, row-major (cols × rows, rows {@code
   * SingleKernels.paddedWidth(rows)} apart), current.
   */
  float[] roundedTransposed() {
    if (transposedAt == writes) {
      return transposed;
    }
    synchronized (this) {
      return roundTransposed();
    }
  }

  private float[] roundTransposed() {
    if (transposedAt != writes) {
      int ld = SingleKernels.paddedWidth(rows);
      if (transposed == null) {
        transposed = new float[cols * ld];
      }
      // blocks of 16 × 16: a block's rows and columns both stay in cache
      for (int i0 = 0; i0 < rows; i0 += 16) {
        int i1 = Math.min(rows, i0 + 16);
        for (int j0 = 0; j0 < cols; j0 += 16) {
          int j1 = Math.min(cols, j0 + 16);
          for (int i = i0; i < i1; i++) {
            for (int j = j0; j < j1; j++) {
              transposed[j * ld + i] = (float) values[i * cols + j];
            }
          }
        }
      }
      transposedAt = writes;
    }
    return transposed;
  }
}
