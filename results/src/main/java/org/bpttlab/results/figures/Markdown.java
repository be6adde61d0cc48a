package org.bpttlab.results.figures;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Markdown that bpttlab writes ({@code summary.md}) as HTML: headings ({@code #}, one level
 * lower than written, as the report has its own title), paragraphs (a line ending in two spaces
 * breaks the line), pipe tables with a header row, {@code - } lists and {@code `code`} spans.
 * Everything else is text, escaped.
 */
final class Markdown {
  private static final Pattern HEADING = Pattern.compile("(#{1,6})\\s+(.*)");
  private static final Pattern CODE = Pattern.compile("`([^`]+)`");
  private static final Pattern SEPARATOR = Pattern.compile("\\|?\\s*:?-+:?\\s*(\\|\\s*:?-+:?\\s*)*\\|?");

  private Markdown() {}

  static String toHtml(String markdown) {
    List<String> lines = markdown.lines().toList();
    StringBuilder html = new StringBuilder();
    int i = 0;
    while (i < lines.size()) {
      String line = lines.get(i);
      String t = line.strip();
      Matcher h = HEADING.matcher(t);
      if (t.isEmpty()) {
        i++;
      } else if (h.matches()) {
        int level = Math.min(6, h.group(1).length() + 1);
        html.append("<h").append(level).append('>').append(inline(h.group(2)))
            .append("</h").append(level).append(">\n");
        i++;
      } else if (t.startsWith("|")) {
        List<String> rows = new ArrayList<>();
        while (i < lines.size() && lines.get(i).strip().startsWith("|")) {
          rows.add(lines.get(i).strip());
          i++;
        }
        table(rows, html);
      } else if (t.startsWith("- ")) {
        html.append("<ul>\n");
        while (i < lines.size() && lines.get(i).strip().startsWith("- ")) {
          html.append("<li>").append(inline(lines.get(i).strip().substring(2))).append("</li>\n");
          i++;
        }
        html.append("</ul>\n");
      } else {
        html.append("<p>");
        boolean first = true;
        while (i < lines.size()) {
          String l = lines.get(i);
          String s = l.strip();
          if (s.isEmpty() || s.startsWith("|") || s.startsWith("- ") || HEADING.matcher(s).matches()) {
            break;
          }
          if (!first) {
            html.append('\n');
          }
          html.append(inline(s));
          if (l.endsWith("  ")) {
            html.append("<br>");
          }
          first = false;
          i++;
        }
        html.append("</p>\n");
      }
    }
    return html.toString();
  }

  private static void table(List<String> rows, StringBuilder html) {
    html.append("<table>\n");
    boolean header = rows.size() > 1 && SEPARATOR.matcher(rows.get(1)).matches();
    for (int r = 0; r < rows.size(); r++) {
      if (header && r == 1) {
        continue;
      }
      String tag = header && r == 0 ? "th" : "td";
      html.append("<tr>");
      for (String cell : cells(rows.get(r))) {
        html.append('<').append(tag).append('>').append(inline(cell)).append("</").append(tag)
            .append('>');
      }
      html.append("</tr>\n");
    }
    html.append("</table>\n");
  }

  private static List<String> cells(String row) {
    String r = row;
    if (r.startsWith("|")) {
      r = r.substring(1);
    }
    if (r.endsWith("|")) {
      r = r.substring(0, r.length() - 1);
    }
    List<String> cells = new ArrayList<>();
    for (String c : r.split("\\|", -1)) {
      cells.add(c.strip());
    }
    return cells;
  }

  private static String inline(String text) {
    return CODE.matcher(Report.escape(text)).replaceAll("<code>$1</code>");
  }
}
