package org.bpttlab.experiment.io;

import java.util.ArrayList;
import java.util.List;

/**
 * CSV text as RFC 4180 and pandas' {@code read_csv} defaults read it: comma-separated, {@code \n} line
 * ends, a header line, fields quoted with {@code "} only when they hold a comma, a quote or a line
 * break. Doubles are written with {@link Double#toString(double)}: '.' decimals in every locale, a
 * decimal that reads back to the same double (so values survive a round trip bit for bit), and
 * {@code NaN}, {@code Infinity}, {@code -Infinity} for the special values.
 */
public final class Csv {
  private Csv() {}

  /** One line (with its {@code \n}) of the given fields. */
  public static String line(List<String> fields) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(field(fields.get(i)));
    }
    return sb.append('\n').toString();
  }

  /** A field, quoted if it needs to be. */
  public static String field(String text) {
    if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0
        && text.indexOf('\r') < 0) {
      return text;
    }
    return '"' + text.replace("\"", "\"\"") + '"';
  }

  /** The fields of one line as {@link #line} writes it (without its {@code \n}). */
  public static List<String> fields(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c != '"') {
          field.append(c);
        } else if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else {
          quoted = false;
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    fields.add(field.toString());
    return fields;
  }

  /** A double as a CSV field (see the class comment). */
  public static String number(double value) {
    return Double.toString(value);
  }
}
