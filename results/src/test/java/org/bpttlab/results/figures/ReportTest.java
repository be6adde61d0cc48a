package org.bpttlab.results.figures;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** report.html: one self-contained page with the config, the tables and every figure. */
class ReportTest {
  private static final String SUMMARY_MD = String.join("\n",
      "# fixed",
      "",
      "adding, T = 20; seeds 1–2.  ",
      "Success: mse <= 0.01000.",
      "",
      "| rule | loss |",
      "|---|---|",
      "| bptt | 0.02 ± 0.01 |",
      "| tbptt:k1=5,k2=10 | 0.06 ± 0.02 |",
      "",
      "Diverged:",
      "",
      "- seed 2: rule `eprop` diverged",
      "");

  @Test
  void theReportEmbedsEveryFigureAndNeedsNoOtherFile(@TempDir Path d) throws IOException {
    FixedCsvs.writeAll(d);
    Files.writeString(d.resolve("summary.md"), SUMMARY_MD);
    Files.writeString(d.resolve("config.json"), "{\"command\": \"compare\", \"name\": \"a<b>\","
        + " \"producer\": {\"version\": \"0.1.0\", \"git_commit\": \"abc\", \"git_dirty\": true,"
        + " \"java_version\": \"17\", \"date\": \"2025-01-01T00:00:00Z\"}, \"seeds\": [1, 2]}");
    List<Path> files = Figures.drawAll(d);
    Path report = Report.write(d);
    assertEquals(d.resolve("report.html"), report);
    String html = Files.readString(report, StandardCharsets.UTF_8);
    assertTrue(html.startsWith("<!DOCTYPE html>\n<html lang=\"en\">"));
    assertTrue(html.endsWith("</html>\n"));
    assertTrue(html.contains("<h1>a&lt;b&gt;</h1>"), "the name, escaped");
    assertTrue(html.contains("bpttlab 0.1.0 (commit abc, modified), Java 17, 2025-01-01T00:00:00Z"));

    // every figure's PNG, byte for byte, as a data URI; nothing else is referenced
    Matcher img = Pattern.compile("<figure id=\"fig-([^\"]+)\">\n<img src=\"data:image/png;"
        + "base64,([A-Za-z0-9+/=]+)\" width=\"(\\d+)\" height=\"(\\d+)\"").matcher(html);
    List<String> embedded = new ArrayList<>();
    while (img.find()) {
      embedded.add(img.group(1));
      assertEquals(img.group(1).equals("alignment") ? "1920x400" : img.group(1).equals("learning")
          ? "1280x400" : img.group(1).equals("cost") ? "1280x800" : "640x400", // SVG units
          img.group(3) + "x" + img.group(4), img.group(1));
      assertArrayEquals(Files.readAllBytes(d.resolve("figures/" + img.group(1) + ".png")),
          Base64.getDecoder().decode(img.group(2)), img.group(1));
    }
    assertEquals(files.size() / 3, embedded.size());
    assertEquals(Figures.read(d).stream().map(Figure::name).toList(), embedded);
    assertEquals(embedded.size(), count(html, "<img "));
    assertEquals(embedded.size(), count(html, "<figcaption>"));
    assertFalse(Pattern.compile("(src|href)=\"(?!data:|#)").matcher(html).find(),
        "no link to another file");
    assertFalse(html.contains("<script"));

    // summary.md as HTML (its title left to the page's), summary.csv as a table, the config
    assertEquals(1, count(html, "<h1>"));
    assertTrue(html.contains("<p>adding, T = 20; seeds 1–2.<br>\nSuccess: mse &lt;= 0.01000.</p>"));
    assertTrue(html.contains("<tr><th>rule</th><th>loss</th></tr>\n"
        + "<tr><td>bptt</td><td>0.02 ± 0.01</td></tr>\n"
        + "<tr><td>tbptt:k1=5,k2=10</td><td>0.06 ± 0.02</td></tr>\n</table>"));
    assertTrue(html.contains("<ul>\n<li>seed 2: rule <code>eprop</code> diverged</li>\n</ul>"));
    assertEquals(2, count(html, "<table>"), "summary.md's and summary.csv's");
    assertEquals(1 + 6 + 1 + 2, count(html, "<tr>"), "summary.csv: a header and 6 rows");
    assertTrue(html.contains("<td>tbptt:k1=5,k2=10</td><td>2</td>"), "quoted rule read whole");
    assertTrue(html.contains("<pre>{\n  &quot;command&quot;: &quot;compare&quot;,"), html);
  }

  @Test
  void aFolderWithOnlySomeFilesGivesTheirParts(@TempDir Path d) throws IOException {
    FixedCsvs.writeMeasurements(d);
    String html = Files.readString(Report.write(d));
    assertTrue(html.contains("<h1>" + d.getFileName() + "</h1>"), "named after the folder");
    assertEquals(3, count(html, "<img "), "lag, cost, points: drawn in memory");
    assertEquals(0, count(html, "<table>"));
    assertFalse(html.contains("id=\"config\""));
    assertFalse(Files.exists(d.resolve("figures")), "the report draws nothing to disk");
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }
}
