package org.bpttlab.experiment.io;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * JSON output with Jackson: pretty-printed (objects one key a line with a two-space indent, arrays on
 * one line, {@code \n} line ends), keys in the
 * order the code adds them (documents are built as {@link ObjectNode}s, never by reflection, so the
 * order is stable and the key names are part of the documented format), doubles in full precision
 * (a decimal that reads back to the same double; NaN and infinities
 * are written as the strings "NaN", "Infinity", "-Infinity").
 */
public final class Json {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Json() {}

  /** A new empty object. */
  public static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  /** A new empty array. */
  public static ArrayNode array() {
    return JsonNodeFactory.instance.arrayNode();
  }

  /** The shared mapper (for reading, and for tests). */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** The pretty-printed text of {@code node}, ending with a newline. */
  public static String toText(JsonNode node) {
    DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
    DefaultPrettyPrinter printer =
        new DefaultPrettyPrinter()
            .withSeparators(
                Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withObjectIndenter(indenter)
            .withArrayIndenter(DefaultPrettyPrinter.FixedSpaceIndenter.instance);
    try {
      return MAPPER.writer(printer).writeValueAsString(node) + "\n";
    } catch (IOException e) {
      throw new IllegalStateException("JSON tree could not be written", e);
    }
  }

  /** Writes {@code node} to {@code file} atomically, UTF-8. */
  public static void write(Path file, JsonNode node) throws IOException {
    AtomicFiles.write(file, toText(node).getBytes(StandardCharsets.UTF_8));
  }

  /** Reads a JSON file. */
  public static JsonNode read(Path file) throws IOException {
    return MAPPER.readTree(file.toFile());
  }
}
