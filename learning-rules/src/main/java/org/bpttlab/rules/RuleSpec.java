package org.bpttlab.rules;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import org.bpttlab.core.NamedOptions;

/**
 * A rule by name with its options, written {@code name} or {@code name:key=value,key=value} (e.g.
 * {@code tbptt:k1=5,k2=10}); see {@link Rules} for the names and options there are.
 *
 * @param name the rule's name
 * @param options its options, in the order given
 */
public record RuleSpec(String name, Map<String, String> options) {
  public RuleSpec {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("rule name must be non-blank");
    }
    options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
  }

  /** A rule without options. */
  public static RuleSpec of(String name) {
    return new RuleSpec(name, Map.of());
  }

  /** Parses {@code name[:key=value[,key=value]...]} ({@link NamedOptions}). */
  public static RuleSpec parse(String text) {
    NamedOptions parsed = NamedOptions.parse("rule", text);
    return new RuleSpec(parsed.name(), parsed.options());
  }

  /** The rule's kind; throws naming the allowed ones if {@link #name} names none. */
  public RuleKind kind() {
    return RuleKind.fromLabel(name);
  }

  /** Option {@code key} as an integer ≥ {@code min}, or {@code fallback} when absent. */
  public int intOption(String key, int fallback, int min) {
    return option(key, fallback, Integer::parseInt, i -> i >= min, "an integer >= " + min);
  }

  /** Option {@code key} as a long, or {@code fallback} when absent. */
  public long longOption(String key, long fallback) {
    return option(key, fallback, Long::parseLong, x -> true, "an integer");
  }

  /**
   * Option {@code key} as a finite number in the open interval (low, high), or {@code fallback}
   * when absent.
   */
  public double doubleOption(String key, double fallback, double low, double high) {
    return option(key, fallback, Double::parseDouble, d -> d > low && d < high,
        "a number in (" + low + ", " + high + ")");
  }

  /** Option {@code key} as a number in [0, 1], or {@code fallback} when absent. */
  public double fractionOption(String key, double fallback) {
    return option(key, fallback, Double::parseDouble, d -> d >= 0 && d <= 1,
        "a number in [0, 1]");
  }

  /** Option {@code key} as a finite number ≥ 0, or {@code fallback} when absent. */
  public double nonNegativeOption(String key, double fallback) {
    return option(key, fallback, Double::parseDouble, d -> d >= 0 && Double.isFinite(d),
        "a finite number >= 0");
  }

  /** Option {@code key} as {@code true} or {@code false}, or {@code fallback} when absent. */
  public boolean booleanOption(String key, boolean fallback) {
    return option(key, fallback,
        v -> v.equals("true") ? Boolean.TRUE : v.equals("false") ? Boolean.FALSE : null,
        b -> true, "true or false");
  }

  /**
   * Option {@code key} as {@code parse} reads it (null or a {@link NumberFormatException}: not a
   * value) when {@code allowed}, or {@code fallback} when absent; throws naming {@code what} is.
   */
  private <T> T option(String key, T fallback, Function<String, T> parse, Predicate<T> allowed,
      String what) {
    String v = options.get(key);
    if (v == null) {
      return fallback;
    }
    try {
      T x = parse.apply(v);
      if (x != null && allowed.test(x)) {
        return x;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "rule " + name + " option " + key + " must be " + what + ", was '" + v + "'");
  }

  /** The spec written back as {@code name[:key=value,...]}. */
  @Override
  public String toString() {
    return new NamedOptions(name, options).toString();
  }
}
