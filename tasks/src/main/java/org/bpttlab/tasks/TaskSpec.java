package org.bpttlab.tasks;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.bpttlab.core.NamedOptions;

/**
 * A task by name with its options, written {@code name} or {@code name:key=value,key=value} (e.g.
 * {@code copy:delay=20,encoding=spiking}), the syntax of the learning rules' specs; see {@link Tasks}
 * for the names and the options each task takes.
 *
 * @param name the task's name
 * @param options its options, in the order given (keys and values non-blank, free of {@code :,=})
 */
public record TaskSpec(String name, Map<String, String> options) {
  private static final Pattern WORD = Pattern.compile("[^\\s:,=]+");

  public TaskSpec {
    if (name == null || !WORD.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "task name must be a non-blank word without ':', ',' or '=', was '" + name + "'");
    }
    Map<String, String> copy = new LinkedHashMap<>();
    options.forEach((key, value) -> {
      if (key == null || !WORD.matcher(key).matches()
          || value == null || !WORD.matcher(value).matches()) {
        throw new IllegalArgumentException(
            "task option must be key=value with non-blank words, was " + key + "=" + value);
      }
      copy.put(key, value);
    });
    options = Collections.unmodifiableMap(copy);
  }

  /** A task without options. */
  public static TaskSpec of(String name) {
    return new TaskSpec(name, Map.of());
  }

  /** Parses {@code name[:key=value[,key=value]...]} ({@link NamedOptions}). */
  public static TaskSpec parse(String text) {
    NamedOptions parsed = NamedOptions.parse("task", text);
    return new TaskSpec(parsed.name(), parsed.options());
  }

  /** This spec with option {@code key} set to {@code value} (replacing any value it had). */
  public TaskSpec with(String key, Object value) {
    Map<String, String> copy = new LinkedHashMap<>(options);
    copy.put(key, String.valueOf(value));
    return new TaskSpec(name, copy);
  }

  /** The spec written back as {@code name[:key=value,...]}; {@link #parse} reads it back. */
  @Override
  public String toString() {
    return new NamedOptions(name, options).toString();
  }
}
