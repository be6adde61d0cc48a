package org.bpttlab.tasks;

import java.util.List;

/**
 * The options of one {@link TaskSpec}, read with their types: the constructor rejects an option the
 * task does not take, each reader rejects a value of the wrong type, naming the option and what it
 * allows. Ranges are checked by the task's own configuration record.
 */
public final class TaskOptions {
  private final TaskSpec spec;

  /**
   * @param spec the spec to read
   * @param allowed the option keys the task takes
   * @throws IllegalArgumentException naming an option the task does not take and the allowed ones
   */
  public TaskOptions(TaskSpec spec, List<String> allowed) {
    this.spec = spec;
    for (String key : spec.options().keySet()) {
      if (!allowed.contains(key)) {
        throw new IllegalArgumentException("task " + spec.name() + " has no option " + key
            + (allowed.isEmpty() ? " (it takes none)" : "; allowed: " + String.join(", ", allowed)));
      }
    }
  }

  public TaskSpec spec() {
    return spec;
  }

  /** Whether the spec gives {@code key}. */
  public boolean has(String key) {
    return spec.options().containsKey(key);
  }

  /** The integer value of {@code key}, or {@code fallback} when it is not given. */
  public int integer(String key, int fallback) {
    long v = longInteger(key, fallback);
    if (v != (int) v) {
      throw new IllegalArgumentException("option " + key + " must be an integer in ["
          + Integer.MIN_VALUE + ", " + Integer.MAX_VALUE + "], was " + v);
    }
    return (int) v;
  }

  /** The 64-bit integer value of {@code key}, or {@code fallback} when it is not given. */
  public long longInteger(String key, long fallback) {
    String v = spec.options().get(key);
    if (v == null) {
      return fallback;
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("option " + key + " must be an integer, was '" + v + "'",
          e);
    }
  }

  /** The finite number value of {@code key}, or {@code fallback} when it is not given. */
  public double number(String key, double fallback) {
    String v = spec.options().get(key);
    if (v == null) {
      return fallback;
    }
    double d;
    try {
      d = Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("option " + key + " must be a number, was '" + v + "'", e);
    }
    if (!Double.isFinite(d)) {
      throw new IllegalArgumentException("option " + key + " must be finite, was '" + v + "'");
    }
    return d;
  }

  /** The value of {@code key}, one of {@code allowed}, or {@code fallback} when it is not given. */
  public String choice(String key, String fallback, List<String> allowed) {
    String v = spec.options().getOrDefault(key, fallback);
    if (!allowed.contains(v)) {
      throw new IllegalArgumentException("option " + key + " must be one of "
          + String.join(", ", allowed) + ", was '" + v + "'");
    }
    return v;
  }

  /**
   * An integer range written {@code MIN-MAX} or a single integer {@code N} (meaning N-N), as
   * {@code {min, max}}; {@code fallback} when the key is not given. Order is checked by the caller.
   */
  public int[] range(String key, int[] fallback) {
    String v = spec.options().get(key);
    if (v == null) {
      return fallback.clone();
    }
    String[] parts = v.split("-", -1);
    try {
      if (parts.length == 1) {
        int n = Integer.parseInt(parts[0]);
        return new int[] {n, n};
      }
      if (parts.length == 2) {
        return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "option " + key + " must be an integer N or a range MIN-MAX, was '" + v + "'");
  }
}
