package org.bpttlab.results.figures;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bpttlab.experiment.io.AtomicFiles;
import org.bpttlab.experiment.io.Csv;
import org.bpttlab.experiment.io.Json;
import org.bpttlab.experiment.io.Provenance;

/**
 * Several run folders overlaid in one set of figures ({@code bpttlab plot A B --out DIR}): each
 * CSV the figures read is written into DIR as the rows of every source that has it, in the
 * sources' order, so that DIR draws (and redraws) like a run folder. A series keeps its rule's
 * (or series') name when no name occurs in two sources, else is named {@code <folder>/<rule>}
 * (the folder's name, or the end of its path that tells two of one name apart); a rule keeps its
 * colour either way ({@link Palette#key}). DIR's config.json lists the sources.
 *
 * <p>Sources whose metric differs (the column after {@code loss} of metrics.csv or summary.csv:
 * {@code mse} against {@code error}) are refused, as are sources whose file of one kind has other
 * columns: their overlay would draw unlike quantities on one axis.
 */
public final class Overlay {
  /** config.json's {@code command} of a folder an overlay wrote. */
  public static final String COMMAND = "plot";

  /** Each file overlaid, with its columns that name a series. */
  private static final Map<String, List<String>> NAMES = new LinkedHashMap<>();

  static {
    NAMES.put(TrainingFigures.METRICS, List.of("rule"));
    NAMES.put(TrainingFigures.ALIGNMENT, List.of("rule"));
    NAMES.put(TrainingFigures.SUMMARY, List.of("rule"));
    NAMES.put(PairFigures.PAIRS, List.of("rule", "other"));
    NAMES.put(MeasurementFigures.LAG, List.of("series"));
    NAMES.put(MeasurementFigures.COST, List.of("series"));
    NAMES.put(MeasurementFigures.POINTS, List.of("series"));
    NAMES.put(MeasurementFigures.CURRICULUM, List.of("series"));
  }

  private Overlay() {}

  /** Whether {@code folder} holds a config.json that an overlay wrote. */
  public static boolean isOverlay(Path folder) {
    Path config = folder.resolve("config.json");
    if (!Files.isRegularFile(config)) {
      return false;
    }
    try {
      return COMMAND.equals(Json.read(config).path("command").asText(null));
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Writes the overlay of {@code sources} (folders, in order) into the empty folder {@code into}:
   * the merged CSVs and a config.json naming the sources. A malformed CSV or sources that cannot
   * be overlaid are an {@link IllegalArgumentException} of one line, naming the files.
   */
  public static void write(List<Path> sources, Path into) throws IOException {
    Map<String, List<CsvTable>> tables = new LinkedHashMap<>();
    List<Set<String>> names = new ArrayList<>();
    for (Path source : sources) {
      Set<String> own = new LinkedHashSet<>();
      for (Map.Entry<String, List<String>> kind : NAMES.entrySet()) {
        Path file = source.resolve(kind.getKey());
        if (!Files.isRegularFile(file)) {
          continue;
        }
        CsvTable t = CsvTable.read(file);
        for (String column : kind.getValue()) {
          int c = t.column(column);
          for (int r = 0; r < t.size(); r++) {
            own.add(t.text(r, c));
          }
        }
        tables.computeIfAbsent(kind.getKey(), k -> new ArrayList<>()).add(t);
      }
      names.add(own);
    }
    requireOneMetric(tables);
    for (List<CsvTable> same : tables.values()) {
      for (CsvTable t : same) {
        if (!t.header().equals(same.get(0).header())) {
          throw new IllegalArgumentException(same.get(0).file() + " and " + t.file()
              + " have other columns (" + String.join(",", same.get(0).header()) + " against "
              + String.join(",", t.header()) + "): they cannot be overlaid");
        }
      }
    }
    List<String> labels = labels(sources);
    boolean prefix = shared(names);
    for (Map.Entry<String, List<CsvTable>> e : tables.entrySet()) {
      StringBuilder csv = new StringBuilder(Csv.line(e.getValue().get(0).header()));
      for (CsvTable t : e.getValue()) {
        String label = labels.get(indexOf(sources, t.file().getParent()));
        List<Integer> columns = NAMES.get(e.getKey()).stream().map(t::column).toList();
        for (List<String> row : t.rows()) {
          List<String> out = new ArrayList<>(row);
          for (int c : columns) {
            out.set(c, prefix ? label + "/" + row.get(c) : row.get(c));
          }
          csv.append(Csv.line(out));
        }
      }
      AtomicFiles.write(into.resolve(e.getKey()), csv.toString().getBytes(StandardCharsets.UTF_8));
    }
    Json.write(into.resolve("config.json"), config(sources, labels));
  }

  /** The metric (the column after loss) must be one across metrics.csv and summary.csv. */
  private static void requireOneMetric(Map<String, List<CsvTable>> tables) {
    CsvTable first = null;
    String metric = null;
    for (String kind : List.of(TrainingFigures.METRICS, TrainingFigures.SUMMARY)) {
      for (CsvTable t : tables.getOrDefault(kind, List.of())) {
        if (!t.has("loss") || t.column("loss") + 1 >= t.header().size()) {
          continue;
        }
        String m = t.header().get(t.column("loss") + 1);
        if (metric == null) {
          metric = m;
          first = t;
        } else if (!metric.equals(m)) {
          throw new IllegalArgumentException(first.file().getParent() + " measures " + metric
              + " but " + t.file().getParent() + " measures " + m + " (" + t.file().getFileName()
              + "): runs of different metrics cannot share a figure");
        }
      }
    }
  }

  /** Whether a name occurs in two sources. */
  private static boolean shared(List<Set<String>> names) {
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      for (String n : names.get(i)) {
        Integer before = seen.putIfAbsent(n, i);
        if (before != null && before != i) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Each source's label: its folder's name, or where two sources share a name, the shortest end
   * of their absolute paths that tells them apart ({@code straight/resume}, {@code killed/resume}).
   */
  static List<String> labels(List<Path> sources) {
    List<Path> abs = sources.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    List<String> labels = new ArrayList<>();
    for (Path p : abs) {
      int k = 1;
      while (k < p.getNameCount() && clash(abs, p, k)) {
        k++;
      }
      labels.add(p.getNameCount() == 0 ? p.toString()
          : p.subpath(p.getNameCount() - k, p.getNameCount()).toString().replace('\\', '/'));
    }
    return labels;
  }

  /** Whether another source's path ends in the same {@code k} names as {@code p}'s. */
  private static boolean clash(List<Path> all, Path p, int k) {
    for (Path q : all) {
      if (q != p && q.getNameCount() >= k && q.subpath(q.getNameCount() - k, q.getNameCount())
          .equals(p.subpath(p.getNameCount() - k, p.getNameCount()))) {
        return true;
      }
    }
    return false;
  }

  private static int indexOf(List<Path> sources, Path folder) {
    for (int i = 0; i < sources.size(); i++) {
      if (sources.get(i).toAbsolutePath().normalize().equals(
          folder.toAbsolutePath().normalize())) {
        return i;
      }
    }
    throw new IllegalStateException(folder + " is no source");
  }

  /**
   * The overlay's config.json: the command, its sources (folder, label, and the run's name and
   * command from its own config.json), what an iteration holds when the sources agree on it, and
   * the producer.
   */
  private static ObjectNode config(List<Path> sources, List<String> labels) {
    ObjectNode c = Json.object();
    c.put("command", COMMAND);
    ArrayNode list = c.putArray("sources");
    Set<String> iterations = new LinkedHashSet<>();
    for (int i = 0; i < sources.size(); i++) {
      ObjectNode s = list.addObject();
      s.put("folder", sources.get(i).toString());
      s.put("label", labels.get(i));
      Path config = sources.get(i).resolve("config.json");
      if (Files.isRegularFile(config)) {
        try {
          JsonNode j = Json.read(config);
          for (String field : List.of("name", "command", "id")) {
            if (j.path(field).isTextual()) {
              s.put(field, j.get(field).asText());
            }
          }
        } catch (IOException e) {
          // a config that is not JSON names nothing; its run's report says why
        }
      }
      iterations.add(String.valueOf(RunInfo.read(sources.get(i)).iteration()));
    }
    if (iterations.size() == 1 && !iterations.contains("null")) {
      c.put("iteration", iterations.iterator().next());
    }
    c.set("producer", Provenance.toJson());
    return c;
  }
}
