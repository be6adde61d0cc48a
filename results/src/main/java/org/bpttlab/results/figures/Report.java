package org.bpttlab.results.figures;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.bpttlab.experiment.io.AtomicFiles;
import org.bpttlab.experiment.io.Json;

/**
 * {@code report.html}: one self-contained page for a run folder, to send to a colleague — the
 * run's name and producer, {@code summary.md} as HTML, every figure (its PNG embedded as a
 * {@code data:} URI, with its caption), {@code summary.csv} as a table (one row per rule and seed)
 * and {@code config.json} pretty-printed. No script, no external file: styles are inline. Like the
 * figures it only reads what the run wrote; each part is left out when its file is absent.
 */
public final class Report {
  /** The report's file name, in the run folder. */
  public static final String FILE = "report.html";

  private static final String STYLE = String.join("\n",
      "body{font-family:system-ui,-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;",
      "margin:2em auto;max-width:1000px;padding:0 1em;color:#222;line-height:1.45}",
      "h1{margin-bottom:.2em}h2{border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:1.6em}",
      ".meta{color:#555;font-size:.9em}nav a{margin-right:1em}",
      "table{border-collapse:collapse;margin:.8em 0;font-size:.9em}",
      "th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left;vertical-align:top}",
      "th{background:#f3f3f3}tr:nth-child(even) td{background:#fafafa}",
      "figure{margin:1.2em 0}figure img{max-width:100%;height:auto;border:1px solid #eee}",
      "figcaption{font-size:.9em;color:#333}code,pre{font-family:ui-monospace,Menlo,Consolas,",
      "monospace;font-size:.88em}pre{background:#f6f6f6;padding:.8em;overflow-x:auto}");

  private Report() {}

  /**
   * Writes {@code folder/report.html} (atomically) from the files in {@code folder}, embedding
   * the PNG files of {@code folder/figures/} that {@link Figures#drawAll} wrote (a figure not
   * drawn yet is drawn in memory). Returns the file written.
   */
  public static Path write(Path folder) throws IOException {
    Path file = folder.resolve(FILE);
    AtomicFiles.write(file, html(folder).getBytes(StandardCharsets.UTF_8));
    return file;
  }

  /** The report's text. */
  static String html(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      throw new IllegalArgumentException(folder + " is not a folder");
    }
    JsonNode config = null;
    Path configFile = folder.resolve("config.json");
    if (Files.isRegularFile(configFile)) {
      try {
        config = Json.read(configFile);
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException(configFile + ": not valid JSON: "
            + e.getOriginalMessage());
      }
    }
    Path abs = folder.toAbsolutePath().normalize();
    String name = config != null && config.path("name").isTextual()
        ? config.get("name").asText() : abs.getFileName() == null ? "run" : abs.getFileName()
        .toString();
    List<Figure> figures = Figures.read(folder);
    Path summaryMd = folder.resolve("summary.md");
    Path summaryCsv = folder.resolve(TrainingFigures.SUMMARY);

    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>bpttlab: ").append(escape(name)).append("</title>\n<style>\n")
        .append(STYLE).append("\n</style>\n</head>\n<body>\n");
    h.append("<h1>").append(escape(name)).append("</h1>\n");
    if (config != null) {
      h.append("<p class=\"meta\">").append(escape(producer(config))).append("</p>\n");
    }
    h.append("<nav>");
    if (Files.isRegularFile(summaryMd)) {
      h.append("<a href=\"#summary\">Summary</a>");
    }
    if (!figures.isEmpty()) {
      h.append("<a href=\"#figures\">Figures</a>");
    }
    if (Files.isRegularFile(summaryCsv)) {
      h.append("<a href=\"#per-seed\">Per rule and seed</a>");
    }
    if (config != null) {
      h.append("<a href=\"#config\">Config</a>");
    }
    h.append("</nav>\n");

    if (config != null && config.path("sources").isArray()) {
      h.append("<section id=\"sources\">\n<h2>Sources</h2>\n<p>The figures overlay the runs of")
          .append(" these folders (<code>./bpttlab plot</code>); a series named")
          .append(" <code>label/rule</code> is that folder's rule.</p>\n<ul>\n");
      for (JsonNode s : config.get("sources")) {
        h.append("<li><b>").append(escape(s.path("label").asText())).append("</b>: <code>")
            .append(escape(s.path("folder").asText())).append("</code>");
        if (s.path("command").isTextual()) {
          h.append(", ").append(escape(s.get("command").asText()));
        }
        String run = s.path("name").asText(s.path("id").asText(""));
        if (!run.isEmpty()) {
          h.append(" <i>").append(escape(run)).append("</i>");
        }
        h.append("</li>\n");
      }
      h.append("</ul>\n</section>\n");
    }
    if (Files.isRegularFile(summaryMd)) {
      h.append("<section id=\"summary\">\n<h2>Summary</h2>\n")
          .append(Markdown.toHtml(withoutTitle(utf8(summaryMd))))
          .append("</section>\n");
    }
    if (!figures.isEmpty()) {
      h.append("<section id=\"figures\">\n<h2>Figures</h2>\n");
      for (Figure f : figures) {
        Path png = folder.resolve(Figures.FOLDER).resolve(f.name() + ".png");
        byte[] bytes = Files.isRegularFile(png) ? Files.readAllBytes(png) : Figures.png(f);
        h.append("<figure id=\"fig-").append(f.name()).append("\">\n<img src=\"data:image/png;base64,")
            .append(Base64.getEncoder().encodeToString(bytes)).append("\" width=\"")
            .append(f.width()).append("\" height=\"").append(f.height())
            .append("\" alt=\"").append(escape(f.title().isEmpty() ? f.caption() : f.title()))
            .append("\">\n<figcaption><b>").append(escape(f.name())).append("</b>: ")
            .append(escape(f.caption())).append(" Files: ");
        for (String extension : Figures.EXTENSIONS) {
          h.append(extension.equals("png") ? "" : ", ").append("<code>figures/").append(f.name())
              .append('.').append(extension).append("</code>");
        }
        h.append(".</figcaption>\n</figure>\n");
      }
      h.append("</section>\n");
    }
    if (Files.isRegularFile(summaryCsv)) {
      CsvTable t = CsvTable.read(summaryCsv);
      h.append("<section id=\"per-seed\">\n<h2>Per rule and seed</h2>\n<p>")
          .append("<code>summary.csv</code>: the trained network of each rule and seed"
              + " (columns in docs/outputs.md).</p>\n<table>\n<tr>");
      for (String c : t.header()) {
        h.append("<th>").append(escape(c)).append("</th>");
      }
      h.append("</tr>\n");
      for (List<String> row : t.rows()) {
        h.append("<tr>");
        for (String v : row) {
          h.append("<td>").append(escape(v)).append("</td>");
        }
        h.append("</tr>\n");
      }
      h.append("</table>\n</section>\n");
    }
    if (config != null) {
      h.append("<section id=\"config\">\n<h2>Config</h2>\n<p><code>config.json</code>: everything")
          .append(" the run depended on; <code>./bpttlab run</code> accepts a run's config.json")
          .append(" as it is.</p>\n<pre>").append(escape(Json.toText(config))).append("</pre>\n")
          .append("</section>\n");
    }
    h.append("<p class=\"meta\">Written by bpttlab from the files of this run folder; redraw")
        .append(" with <code>./bpttlab plot FOLDER</code> (figures and")
        .append(" this report).</p>\n</body>\n</html>\n");
    return h.toString();
  }

  /** The Markdown without its first line if that is a title ("# name": the page has its own). */
  private static String withoutTitle(String markdown) {
    if (markdown.startsWith("# ")) {
      int end = markdown.indexOf('\n');
      return end < 0 ? "" : markdown.substring(end + 1);
    }
    return markdown;
  }

  /** "bpttlab 0.1.0 (commit abc123, modified), Java 17.0.15, 2025-12-01T..." from producer. */
  private static String producer(JsonNode config) {
    JsonNode p = config.path("producer");
    StringBuilder s = new StringBuilder();
    if (config.path("command").isTextual()) {
      s.append("bpttlab ").append(config.get("command").asText());
    }
    if (p.isObject()) {
      s.append(s.length() > 0 ? ", " : "").append("bpttlab ").append(p.path("version").asText("?"));
      if (p.path("git_commit").isTextual()) {
        s.append(" (commit ").append(p.get("git_commit").asText())
            .append(p.path("git_dirty").asBoolean(false) ? ", modified" : "").append(')');
      }
      if (p.path("java_version").isTextual()) {
        s.append(", Java ").append(p.get("java_version").asText());
      }
      if (p.path("date").isTextual()) {
        s.append(", ").append(p.get("date").asText());
      }
    }
    return s.toString();
  }

  /** Text for HTML content and attribute values. */
  static String escape(String text) {
    StringBuilder sb = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  /** A text file bpttlab wrote; one changed since into another encoding is named as such. */
  private static String utf8(Path file) throws IOException {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (CharacterCodingException e) {
      throw new FileSystemException(file.toString(), null, "not UTF-8 text (bpttlab writes it in"
          + " UTF-8: the file was changed since)");
    }
  }
}
