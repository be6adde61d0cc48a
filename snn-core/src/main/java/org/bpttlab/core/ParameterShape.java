package org.bpttlab.core;

/**
 * One named parameter group, a row-major {@code rows × cols} matrix (a vector has {@code cols = 1}).
 *
 * @param name the group's name ({@code W_in}, {@code W_rec}, {@code b}, {@code W_out}, {@code b_out})
 * @param rows number of rows, &gt; 0
 * @param cols number of columns, &gt; 0
 */
public record ParameterShape(String name, int rows, int cols) {
  public ParameterShape {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("name must be non-blank");
    }
    if (rows <= 0) {
      throw new IllegalArgumentException(name + ".rows must be > 0, was " + rows);
    }
    if (cols <= 0) {
      throw new IllegalArgumentException(name + ".cols must be > 0, was " + cols);
    }
  }

  /** Number of entries, {@code rows * cols}. */
  public int size() {
    return rows * cols;
  }
}
