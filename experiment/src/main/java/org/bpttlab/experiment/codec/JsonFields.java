package org.bpttlab.experiment.codec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Typed fields of a JSON object, with errors that name the field by its path ({@code
 * network.hidden must be an integer > 0, was -3}). Every read marks the field as known, so that
 * {@link #rejectUnknown} can name a field that is misspelt or does not apply.
 */
public final class JsonFields {
  private final JsonNode node;
  private final String prefix;

  /** The fields of {@code node}, named {@code prefix + field}; throws if it is not an object. */
  public JsonFields(JsonNode node, String what, String prefix) {
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException(what + " must be a JSON object"
          + (node == null ? " (it is missing)" : ", was " + node));
    }
    this.node = node;
    this.prefix = prefix;
  }

  public String name(String field) {
    return prefix + field;
  }

  public boolean has(String field) {
    return node.has(field) && !node.get(field).isNull();
  }

  private JsonNode required(String field) {
    if (!has(field)) {
      throw new IllegalArgumentException(name(field) + " is missing");
    }
    return node.get(field);
  }

  public JsonNode node(String field) {
    return required(field);
  }

  public String text(String field) {
    JsonNode v = required(field);
    if (!v.isTextual()) {
      throw new IllegalArgumentException(name(field) + " must be a string, was " + v);
    }
    return v.asText();
  }

  public String text(String field, String absent) {
    return has(field) ? text(field) : absent;
  }

  /** An integer in [min, max] (required). */
  public long range(String field, long min, long max) {
    JsonNode v = required(field);
    String range = min == Long.MIN_VALUE ? "a 64-bit integer"
        : max == Integer.MAX_VALUE ? "an integer >= " + min
        : "an integer in " + min + ".." + max;
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new IllegalArgumentException(name(field) + " must be " + range + ", was " + show(v));
    }
    long x = v.asLong();
    if (x < min || x > max) {
      throw new IllegalArgumentException(name(field) + " must be " + range + ", was " + show(v));
    }
    return x;
  }

  /** An integer ≥ min, or {@code absent} when the field is missing. */
  public int count(String field, int min, int absent) {
    return has(field) ? (int) range(field, min, Integer.MAX_VALUE) : absent;
  }

  /** A finite number (non-finite values are the spec's to refuse, with their own message). */
  public double number(String field) {
    JsonNode v = required(field);
    if (!v.isNumber()) {
      throw new IllegalArgumentException(name(field) + " must be a number, was " + show(v));
    }
    double x = v.asDouble();
    if (!Double.isFinite(x)) {
      throw new IllegalArgumentException(name(field) + " must be a finite number, was " + show(v));
    }
    return x;
  }

  public double number(String field, double absent) {
    return has(field) ? number(field) : absent;
  }

  public boolean bool(String field, boolean absent) {
    if (!has(field)) {
      return absent;
    }
    JsonNode v = node.get(field);
    if (!v.isBoolean()) {
      throw new IllegalArgumentException(name(field) + " must be true or false, was " + v);
    }
    return v.asBoolean();
  }

  /** An array of strings; empty when the field is absent. */
  public List<String> texts(String field) {
    return array(field, "strings", e -> e.isTextual() ? e.asText() : null);
  }

  /** An array of 64-bit integers; empty when the field is absent. */
  public List<Long> longs(String field) {
    return array(field, "64-bit integers",
        e -> e.isIntegralNumber() && e.canConvertToLong() ? e.asLong() : null);
  }

  /** An array whose entries {@code element} reads (null: not one of {@code what}). */
  private <T> List<T> array(String field, String what, Function<JsonNode, T> element) {
    if (!has(field)) {
      return List.of();
    }
    JsonNode v = node.get(field);
    List<T> out = new ArrayList<>();
    for (JsonNode e : v.isArray() ? v : List.<JsonNode>of()) {
      out.add(element.apply(e));
    }
    if (!v.isArray() || out.contains(null)) {
      throw new IllegalArgumentException(name(field) + " must be an array of " + what + ", was "
          + show(v));
    }
    return out;
  }

  /** A value as a message shows it: numbers as written (NaN too), the rest as JSON. */
  public static String show(JsonNode v) {
    return v.isNumber() ? v.asText() : v.toString();
  }

  /**
   * A spec's message begins with its parameter's name ({@code tauMemMs must be ...}): the same
   * message naming the field instead, by {@code fields} (parameter to field name).
   */
  public IllegalArgumentException renamed(IllegalArgumentException e, Map<String, String> fields) {
    String m = e.getMessage();
    if (m.startsWith(prefix)) {
      return e;
    }
    int space = m.indexOf(' ');
    String field = space > 0 ? fields.get(m.substring(0, space)) : null;
    return new IllegalArgumentException(field == null
        ? prefix.substring(0, prefix.length() - 1) + ": " + m : name(field) + m.substring(space), e);
  }

  /** Throws naming the first field not in {@code known}. */
  public void rejectUnknown(List<String> known) {
    node.fieldNames().forEachRemaining(f -> {
      if (!known.contains(f)) {
        throw new IllegalArgumentException(name(f) + " is not a field here; the fields are "
            + String.join(", ", known));
      }
    });
  }

  /** Throws if {@code field} is given: it does not apply ({@code why}). */
  public void refuse(String field, String why) {
    if (node.has(field)) {
      throw new IllegalArgumentException(name(field) + " applies to " + why);
    }
  }
}
