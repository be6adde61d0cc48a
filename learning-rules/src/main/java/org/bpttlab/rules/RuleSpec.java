package org.bpttlab.rules;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

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

  /** Parses {@code name[:key=value[,key=value]...]}. */
  public static RuleSpec parse(String text) {
    String s = text.trim();
    int colon = s.indexOf(':');
    if (colon < 0) {
      return of(s);
    }
    Map<String, String> opts = new LinkedHashMap<>();
    for (String kv : s.substring(colon + 1).split(",")) {
      int eq = kv.indexOf('=');
      if (eq <= 0 || eq == kv.length() - 1) {
        throw new IllegalArgumentException(
            "rule option must be key=value, was '" + kv + "' in '" + text + "'");
      }
      String key = kv.substring(0, eq).trim();
      if (opts.put(key, kv.substring(eq + 1).trim()) != null) {
        throw new IllegalArgumentException("rule option " + key + " given twice in '" + text + "'");
      }
    }
    return new RuleSpec(s.substring(0, colon).trim(), opts);
  }

  /** The spec written back as {@code name[:key=value,...]}. */
  @Override
  public String toString() {
    if (options.isEmpty()) {
      return name;
    }
    StringBuilder sb = new StringBuilder(name).append(':');
    String sep = "";
    for (Map.Entry<String, String> e : options.entrySet()) {
      sb.append(sep).append(e.getKey()).append('=').append(e.getValue());
      sep = ",";
    }
    return sb.toString();
  }
}
