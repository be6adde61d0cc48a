package org.bpttlab.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The text form the learning rules' and the tasks' specs share, {@code name} or
 * {@code name:key=value,key=value} ({@code tbptt:k1=5,k2=10}, {@code copy:delay=20,encoding=spiking}):
 * one parser and one writer for both. Blanks around the words are ignored.
 *
 * @param name the name
 * @param options the options, in the order given
 */
public record NamedOptions(String name, Map<String, String> options) {
  public NamedOptions {
    options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
  }

  /**
   * Parses {@code name[:key=value[,key=value]...]}; {@code what} ({@code rule}, {@code task}) names
   * the kind in the messages ({@code task option must be key=value, was 'x' in 'copy:x'}).
   */
  public static NamedOptions parse(String what, String text) {
    Limits.printable(what, text);
    String[] nameAndOptions = text.trim().split(":", 2);
    Map<String, String> options = new LinkedHashMap<>();
    if (nameAndOptions.length == 2) {
      for (String pair : nameAndOptions[1].split(",", -1)) {
        String[] kv = pair.split("=", -1);
        if (kv.length != 2 || kv[0].isBlank() || kv[1].isBlank()) {
          throw new IllegalArgumentException(
              what + " option must be key=value, was '" + pair + "' in '" + text + "'");
        }
        if (options.putIfAbsent(kv[0].trim(), kv[1].trim()) != null) {
          throw new IllegalArgumentException(
              what + " option " + kv[0].trim() + " given twice in '" + text + "'");
        }
      }
    }
    return new NamedOptions(nameAndOptions[0].trim(), options);
  }

  /** {@code name[:key=value,...]}, which {@link #parse} reads back. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(name);
    char sep = ':';
    for (Map.Entry<String, String> e : options.entrySet()) {
      sb.append(sep).append(e.getKey()).append('=').append(e.getValue());
      sep = ',';
    }
    return sb.toString();
  }
}
