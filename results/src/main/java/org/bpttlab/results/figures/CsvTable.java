package org.bpttlab.results.figures;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A CSV file as bpttlab writes it ({@link org.bpttlab.experiment.io.Csv}: a header line, comma
 * separated, fields quoted with {@code "} when they hold a comma or a quote, doubles as
 * {@link Double#toString(double)} writes them), read whole. Every error names the file, the line
 * and the column.
 *
 * @param file where it was read from (for messages)
 * @param header the column names
 * @param rows the records after the header, each as long as the header
 */
public record CsvTable(Path file, List<String> header, List<List<String>> rows) {
  public CsvTable {
    if (header.isEmpty()) {
      throw new IllegalArgumentException(file + ": there is no header line");
    }
    if (header.stream().distinct().count() != header.size()) {
      throw new IllegalArgumentException(file + ": the header names a column twice: " + header);
    }
    for (int r = 0; r < rows.size(); r++) {
      if (rows.get(r).size() != header.size()) {
        throw new IllegalArgumentException(file + " line " + (r + 2) + ": " + rows.get(r).size()
            + " fields, but the header has " + header.size() + " (" + String.join(",", header)
            + ")");
      }
    }
    header = List.copyOf(header);
    rows = rows.stream().map(List::copyOf).toList();
  }

  /** Reads {@code file} (UTF-8). */
  public static CsvTable read(Path file) throws IOException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException(file + " is not UTF-8 text (bpttlab writes its CSVs in"
          + " UTF-8: the file was changed since)");
    }
    List<List<String>> records = parse(file, text);
    if (records.isEmpty()) {
      throw new IllegalArgumentException(file + ": the file is empty (no header line)");
    }
    return new CsvTable(file, records.get(0), records.subList(1, records.size()));
  }

  /** RFC 4180 records; a final line end is optional, blank lines are skipped. */
  private static List<List<String>> parse(Path file, String text) {
    List<List<String>> records = new ArrayList<>();
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    int line = 1;
    int i = 0;
    int n = text.length();
    boolean any = false; // the current record has content
    while (i < n) {
      char c = text.charAt(i);
      if (c == '"' && field.length() == 0) {
        int start = line;
        i++;
        while (true) {
          if (i >= n) {
            throw new IllegalArgumentException(file + " line " + start
                + ": a quoted field is not closed");
          }
          char q = text.charAt(i);
          if (q == '"') {
            if (i + 1 < n && text.charAt(i + 1) == '"') {
              field.append('"');
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (q == '\n') {
            line++;
          }
          field.append(q);
          i++;
        }
        any = true;
        if (i < n && text.charAt(i) != ',' && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
          throw new IllegalArgumentException(file + " line " + line
              + ": text after the closing quote of a field");
        }
        continue;
      }
      if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
        any = true;
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
          i++;
        }
        if (any || field.length() > 0) {
          fields.add(field.toString());
          records.add(fields);
        }
        fields = new ArrayList<>();
        field.setLength(0);
        any = false;
        line++;
      } else {
        field.append(c);
        any = true;
      }
      i++;
    }
    if (any || field.length() > 0) {
      fields.add(field.toString());
      records.add(fields);
    }
    return records;
  }

  /** The index of the column {@code name}; throws naming the file and the columns it has. */
  public int column(String name) {
    int c = header.indexOf(name);
    if (c < 0) {
      throw new IllegalArgumentException(file + ": no column '" + name + "' (the header is "
          + String.join(",", header) + ")");
    }
    return c;
  }

  /** Whether the table has the column {@code name}. */
  public boolean has(String name) {
    return header.contains(name);
  }

  public int size() {
    return rows.size();
  }

  /** The text of row {@code row} (0-based, after the header), column {@code column}. */
  public String text(int row, int column) {
    return rows.get(row).get(column);
  }

  /**
   * The number in row {@code row}, column {@code column}: a decimal or {@code NaN},
   * {@code Infinity}, {@code -Infinity}. An empty field is NaN if {@code emptyIsNaN}, else an error.
   */
  double number(int row, int column, boolean emptyIsNaN) {
    String t = text(row, column).strip();
    if (t.isEmpty()) {
      if (emptyIsNaN) {
        return Double.NaN;
      }
      throw new IllegalArgumentException(where(row, column) + ": the field is empty; a number"
          + " is needed");
    }
    try {
      return Double.parseDouble(t);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(where(row, column) + ": not a number: '" + t + "'");
    }
  }

  /** A required number (an empty field is an error). */
  double number(int row, int column) {
    return number(row, column, false);
  }

  /** "file line L, column NAME" for messages. */
  String where(int row, int column) {
    return file + " line " + (row + 2) + ", column " + header.get(column);
  }
}
