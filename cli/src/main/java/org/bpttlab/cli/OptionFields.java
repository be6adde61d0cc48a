package org.bpttlab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bpttlab.experiment.io.Json;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Options gathered into the JSON object a codec reads (the {@code network} or {@code optimizer}
 * of a config), so that the command line builds a spec exactly as a config does; the codec's error
 * about a field names the option that gave it.
 */
final class OptionFields {
  private static final Pattern FIELD = Pattern.compile("[a-z]+\\.([a-z0-9_]+)(.*)", Pattern.DOTALL);

  private final ObjectNode node = Json.object();
  private final Map<String, String> options = new HashMap<>();

  /** Sets {@code field} to an option's value if it was given (not null); notes the option. */
  OptionFields put(String option, String field, Object value) {
    options.put(field, option);
    if (value != null) {
      node.set(field, Json.mapper().valueToTree(value));
    }
    return this;
  }

  /** The spec {@code codec} reads from the fields; a usage error names a misused option. */
  <T> T read(CommandLine cmd, Function<JsonNode, T> codec) {
    try {
      return codec.apply(node);
    } catch (IllegalArgumentException e) {
      Matcher m = FIELD.matcher(e.getMessage());
      if (!m.matches() || !options.containsKey(m.group(1))) {
        throw new ParameterException(cmd, "Invalid options: " + e.getMessage());
      }
      String rest = m.group(2);
      // "applies to kind momentum only": the field that chose the kind, by its option
      for (String chooser : new String[] {"kind", "cell"}) {
        if (options.containsKey(chooser)) {
          rest = rest.replaceAll("\\b" + chooser + " (?=[a-z])", options.get(chooser) + " ");
        }
      }
      throw new ParameterException(cmd, "option '" + options.get(m.group(1)) + "'" + rest);
    }
  }
}
