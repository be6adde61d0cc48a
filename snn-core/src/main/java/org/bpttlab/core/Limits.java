package org.bpttlab.core;

/**
 * The bounds every size and name is checked against before anything is allocated (issue 27): sizes
 * multiplied in {@code long} and refused on overflow with the field's name, a single array no larger
 * than a Java array may be, and names of printable characters only. Each check throws an
 * {@link IllegalArgumentException} naming the field; the command line reports it as a usage error.
 */
public final class Limits {
  private Limits() {}

  /** The most entries of one Java array (a few below {@link Integer#MAX_VALUE}, as JVMs allow). */
  public static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

  /** The most hidden neurons: W_rec, n × n, must fit one array. */
  public static final int MAX_HIDDEN = (int) Math.sqrt((double) MAX_ARRAY);

  /** The most threads an option may ask for. */
  public static final int MAX_THREADS = 256;

  /**
   * The product of {@code factors}, computed in {@code long}; an overflow is refused naming
   * {@code field} ({@code "batch_size x steps"}).
   */
  public static long product(String field, long... factors) {
    long p = 1;
    try {
      for (long f : factors) {
        p = Math.multiplyExact(p, f);
      }
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(field + " is too large: the product of "
          + java.util.Arrays.toString(factors) + " overflows a 64-bit integer");
    }
    return p;
  }

  /** As {@link #product}, for the entries of one array: at most {@link #MAX_ARRAY}. */
  public static int arrayLength(String field, long... factors) {
    long p = product(field, factors);
    if (p > MAX_ARRAY) {
      throw new IllegalArgumentException(field + " is too large: it needs an array of " + p
          + " entries, more than the " + MAX_ARRAY + " a Java array holds");
    }
    return (int) p;
  }

  /**
   * {@code text} itself if it holds no control character (a NUL byte, a tab, a line break, ...);
   * otherwise an error naming {@code field} and the character's code.
   */
  public static String printable(String field, String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
        throw new IllegalArgumentException(field + " must be printable text, was '"
            + visible(text) + "' with the control character " + String.format("U+%04X", (int) c)
            + " at position " + (i + 1));
      }
    }
    return text;
  }

  /** {@code text} with its control characters written as {@code \\uXXXX}, for a message. */
  public static String visible(String text) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
        sb.append(String.format("\\u%04X", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
