package org.bpttlab.experiment.sweep;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.Seeds;
import org.bpttlab.core.net.Network;
import org.bpttlab.experiment.io.Csv;
import org.bpttlab.experiment.io.Json;
import org.bpttlab.experiment.run.RunConfig;
import org.bpttlab.experiment.train.HeldOut;
import org.bpttlab.experiment.train.MemoryPlan;
import org.bpttlab.rules.RuleSpec;
import org.bpttlab.rules.Rules;
import org.bpttlab.tasks.TaskSpec;

/**
 * A sweep: a base run config, every combination of a {@code grid} and the explicit points of a
 * {@code list}, each member a complete {@link RunConfig} with a stable name. The file's fields:
 *
 * <pre>
 * name       the sweep's name (its folder under runs/); default: the file's name without .json
 * grid       {path: [values]}: every combination of the values (the paths' order is kept)
 * list       [{path: value, ...}]: explicit points, each combined with every grid point
 * seeds      [seeds]: shorthand for "seed" in the grid
 * tune       {select: [grid paths], by: "loss" | "metric", seeds: [seeds]}: per-setting tuning
 * any other  a run config's field, the base of every member (RunConfig)
 * </pre>
 *
 * A path is a run config's field ({@code task}, {@code rule}, {@code seed}, {@code network},
 * ...), an option of the task's or the rule's spec ({@code task.steps}, {@code rule.feedback}),
 * or a field inside {@code network} or {@code optimizer} ({@code network.hidden},
 * {@code optimizer.learning_rate}). A member's name is a readable prefix of its swept values and
 * the first 8 hex digits of the SHA-256 of its complete config (name aside), e.g.
 * {@code adding-T50-bptt-lr0.001-s1-3f9a2c1b}: the same on any machine and at every rerun.
 *
 * <p>With {@code tune}, the members are the candidates: every point of the grid and the list on
 * the tune seeds, scored on the validation batches ({@link HeldOut#VALIDATION}). For each setting
 * of the other swept paths (a rule on a task at a delay, say) {@link #select} picks the value of
 * the selected paths with the lowest mean validation loss (or metric) across the tune seeds, and
 * gives the report: the chosen value on the sweep's {@code seeds}, which must differ from the tune
 * seeds, scored on the test batches ({@link HeldOut#TEST}). Selection and report share no data:
 * other seeds (initial parameters, training batches) and other held-out batches.
 *
 * @param name the sweep's name
 * @param normalised the sweep file as read, with {@code name} written out and {@code seeds} folded
 *     into the grid
 * @param fields the swept paths, in order (grid paths, then list paths not in the grid)
 * @param members the runs, in plan order (with tuning: the candidates)
 * @param tuning the tuning, or null for a sweep without
 */
public record Sweep(String name, ObjectNode normalised, List<String> fields,
    List<Member> members, Tuning tuning) {

  /** The most members of one sweep. */
  public static final int MAX_MEMBERS = 100_000;

  /**
   * One run of a sweep.
   *
   * @param values each swept path's value (as its JSON text) for this run
   * @param config the run's complete config, named
   */
  public record Member(Map<String, JsonNode> values, RunConfig config) {
    public String name() {
      return config.name();
    }
  }

  /**
   * A sweep's tuning: which swept paths are selected, by which measure, on which seeds.
   *
   * @param select grid paths whose values are selected per setting of the other swept paths
   * @param by {@code loss} or {@code metric}: the held-out measure minimised (every task's
   *     metric is an error: lower is better)
   * @param seeds the tune seeds, none of them a report seed
   * @param report every point of the grid and the list on the report seeds, on the test batches:
   *     the report's members are those of the chosen settings
   */
  public record Tuning(List<String> select, String by, List<JsonNode> seeds, List<Member> report) {
    public Tuning {
      select = List.copyOf(select);
      seeds = List.copyOf(seeds);
      report = List.copyOf(report);
    }
  }

  /**
   * One candidate setting of one group: its validation score across the tune seeds.
   *
   * @param group the values of the swept paths other than the selected ones and the seed
   * @param setting the values of the selected paths
   * @param seeds the tune seeds it was trained on
   * @param diverged how many of them diverged (or scored NaN)
   * @param mean the mean validation measure of the others, NaN if none
   * @param chosen whether it is the group's choice
   */
  public record Candidate(Map<String, JsonNode> group, Map<String, JsonNode> setting, int seeds,
      int diverged, double mean, boolean chosen) {}

  /** What {@link #select} chose: every candidate, and the report sweep. */
  public record Selection(List<Candidate> candidates, Sweep report) {}

  private static final ObjectMapper READER = JsonMapper.builder()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .build();

  /** Paths with a short label in a run's name. */
  private static final Map<String, String> LABELS = Map.of("task.steps", "T", "seed", "s",
      "optimizer.learning_rate", "lr", "network.hidden", "n", "task.delay", "d");

  /** The fields a path may start with (a run config's, its name aside). */
  private static final List<String> ROOTS =
      RunConfig.FIELDS.stream().filter(f -> !f.equals("name")).toList();

  /** Reads a sweep file; throws {@link IllegalArgumentException} naming the field. */
  public static Sweep read(Path file) throws IOException {
    String fileName = file.getFileName() == null ? "" : file.getFileName().toString();
    String stem = fileName.endsWith(".json")
        ? fileName.substring(0, fileName.length() - ".json".length()) : fileName;
    return fromText(new String(Files.readAllBytes(file), StandardCharsets.UTF_8),
        RunConfig.NAME.matcher(stem).matches() ? stem : null);
  }

  /** The sweep a sweep file's text describes; {@code defaultName} if it names none. */
  public static Sweep fromText(String text, String defaultName) {
    JsonNode node;
    try {
      node = READER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not valid JSON"
          + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr())
          + ": " + e.getOriginalMessage());
    }
    return fromJson(node, defaultName);
  }

  /** The sweep a JSON object describes (see the class comment). */
  public static Sweep fromJson(JsonNode node, String defaultName) {
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("the sweep must be a JSON object, was " + node);
    }
    ObjectNode base = node.deepCopy();
    base.remove(List.of("grid", "list", "seeds", "name", "tune"));
    for (Iterator<String> it = base.fieldNames(); it.hasNext();) {
      String f = it.next();
      if (!ROOTS.contains(f) && !RunConfig.WRITTEN.contains(f)) {
        throw new IllegalArgumentException("unknown field " + f + ": a sweep has name, grid,"
            + " list, seeds, tune and a run config's fields " + String.join(", ", ROOTS));
      }
    }
    RunConfig.WRITTEN.forEach(base::remove);
    JsonNode nameNode = node.get("name");
    if (nameNode != null && !nameNode.isTextual()) {
      throw new IllegalArgumentException("name must be a string, was " + nameNode);
    }
    String name = nameNode != null ? nameNode.asText() : defaultName;
    if (name == null || !RunConfig.NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("name must be a folder name of letters, digits and"
          + " . _ + = - not starting with '.', was " + (name == null ? "missing" : "'" + name
          + "'"));
    }

    LinkedHashMap<String, List<JsonNode>> grid = new LinkedHashMap<>();
    JsonNode g = node.get("grid");
    if (g != null) {
      if (!g.isObject()) {
        throw new IllegalArgumentException("grid must be an object {path: [values]}, was " + g);
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = g.fields(); it.hasNext();) {
        Map.Entry<String, JsonNode> e = it.next();
        checkPath("grid", e.getKey());
        grid.put(e.getKey(), values("grid." + e.getKey(), e.getValue()));
      }
    }
    JsonNode seeds = node.get("seeds");
    if (seeds != null) {
      if (grid.containsKey("seed") || node.has("seed")) {
        throw new IllegalArgumentException("seeds and seed exclude each other: give seeds (all"
            + " the seeds) or seed (in the base or the grid)");
      }
      grid.put("seed", values("seeds", seeds));
    }
    List<Map<String, JsonNode>> list = new ArrayList<>();
    JsonNode l = node.get("list");
    if (l != null) {
      if (!l.isArray() || l.isEmpty()) {
        throw new IllegalArgumentException("list must be a non-empty array of objects {path:"
            + " value}, was " + l);
      }
      for (int i = 0; i < l.size(); i++) {
        JsonNode point = l.get(i);
        if (!point.isObject() || point.isEmpty()) {
          throw new IllegalArgumentException("list[" + i + "] must be a non-empty object {path:"
              + " value}, was " + point);
        }
        Map<String, JsonNode> p = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = point.fields(); it.hasNext();) {
          Map.Entry<String, JsonNode> e = it.next();
          checkPath("list[" + i + "]", e.getKey());
          if (grid.containsKey(e.getKey())) {
            throw new IllegalArgumentException("list[" + i + "]." + e.getKey() + " is in the grid"
                + " too: sweep a path in the grid or in the list, not both");
          }
          p.put(e.getKey(), e.getValue());
        }
        list.add(p);
      }
    } else {
      list.add(Map.of());
    }
    List<String> fields = new ArrayList<>(grid.keySet());
    for (Map<String, JsonNode> p : list) {
      p.keySet().stream().filter(k -> !fields.contains(k)).forEach(fields::add);
    }
    long count = list.size();
    for (List<JsonNode> v : grid.values()) {
      count *= v.size();
      if (count > MAX_MEMBERS) {
        throw new IllegalArgumentException("the sweep has more than " + MAX_MEMBERS + " runs");
      }
    }

    JsonNode t = node.get("tune");
    Tuning tuning = null;
    List<Member> members;
    if (t == null) {
      members = expand(base, grid, list, fields);
    } else {
      tuning = tuning(t, base, grid, list, fields);
      LinkedHashMap<String, List<JsonNode>> candidates = new LinkedHashMap<>(grid);
      candidates.put("seed", tuning.seeds());
      members = expand(heldOut(base, HeldOut.VALIDATION), candidates, list, fields);
    }

    ObjectNode normalised = Json.object();
    normalised.put("name", name);
    normalised.setAll(base);
    ObjectNode gridOut = normalised.putObject("grid");
    grid.forEach((k, v) -> gridOut.putArray(k).addAll(v));
    if (l != null) {
      normalised.set("list", l.deepCopy());
    }
    if (tuning != null) {
      ObjectNode tuneOut = normalised.putObject("tune");
      tuning.select().forEach(tuneOut.putArray("select")::add);
      tuneOut.put("by", tuning.by());
      tuneOut.putArray("seeds").addAll(tuning.seeds());
    }
    return new Sweep(name, normalised, List.copyOf(fields), List.copyOf(members), tuning);
  }

  /** Every combination of {@code grid} with each point of {@code list}, as members of base. */
  private static List<Member> expand(ObjectNode base, Map<String, List<JsonNode>> grid,
      List<Map<String, JsonNode>> list, List<String> fields) {
    List<Member> members = new ArrayList<>();
    Map<String, String> seen = new HashMap<>();
    for (Map<String, JsonNode> point : list) {
      List<Map<String, JsonNode>> points = new ArrayList<>();
      points.add(new LinkedHashMap<>(point));
      for (Map.Entry<String, List<JsonNode>> axis : grid.entrySet()) {
        List<Map<String, JsonNode>> next = new ArrayList<>();
        for (Map<String, JsonNode> p : points) {
          for (JsonNode v : axis.getValue()) {
            Map<String, JsonNode> q = new LinkedHashMap<>(p);
            q.put(axis.getKey(), v);
            next.add(q);
          }
        }
        points = next;
      }
      for (Map<String, JsonNode> p : points) {
        Map<String, JsonNode> ordered = new LinkedHashMap<>();
        fields.stream().filter(p::containsKey).forEach(f -> ordered.put(f, p.get(f)));
        Member m = member(base, ordered);
        String earlier = seen.put(m.name(), describe(ordered));
        if (earlier != null) {
          throw new IllegalArgumentException("members " + earlier + " and " + describe(ordered)
              + " are the same run " + m.name() + ": remove one");
        }
        members.add(m);
      }
    }

    return members;
  }

  private static ObjectNode heldOut(ObjectNode base, HeldOut h) {
    ObjectNode b = base.deepCopy();
    b.put("held_out", h.label());
    return b;
  }

  /** Reads {@code tune}: the paths it selects must be in the grid, its seeds not report seeds. */
  private static Tuning tuning(JsonNode t, ObjectNode base, Map<String, List<JsonNode>> grid,
      List<Map<String, JsonNode>> list, List<String> fields) {
    if (!t.isObject()) {
      throw new IllegalArgumentException("tune must be an object {select, by, seeds}, was " + t);
    }
    for (Iterator<String> it = t.fieldNames(); it.hasNext();) {
      String f = it.next();
      if (!List.of("select", "by", "seeds").contains(f)) {
        throw new IllegalArgumentException("tune has unknown field " + f + ": it has select, by"
            + " and seeds");
      }
    }
    JsonNode sel = t.get("select");
    List<String> select = new ArrayList<>();
    if (sel != null && sel.isTextual()) {
      select.add(sel.asText());
    } else if (sel != null && sel.isArray() && !sel.isEmpty()) {
      for (JsonNode p : sel) {
        if (!p.isTextual()) {
          throw new IllegalArgumentException("tune.select must hold grid paths, had " + p);
        }
        select.add(p.asText());
      }
    } else {
      throw new IllegalArgumentException("tune.select must be a grid path or a non-empty array"
          + " of them, e.g. [\"optimizer.learning_rate\"], was " + sel);
    }
    for (String p : select) {
      if (p.equals("seed") || !grid.containsKey(p)) {
        throw new IllegalArgumentException("tune.select names " + p + ", which is not "
            + (p.equals("seed") ? "selectable (a setting is averaged over the seeds)"
                : "in the grid; the grid has " + String.join(", ", grid.keySet())));
      }
      if (select.indexOf(p) != select.lastIndexOf(p)) {
        throw new IllegalArgumentException("tune.select names " + p + " twice");
      }
    }
    JsonNode by = t.get("by");
    if (by != null && !(by.isTextual() && List.of("loss", "metric").contains(by.asText()))) {
      throw new IllegalArgumentException("tune.by must be \"loss\" or \"metric\" (the held-out"
          + " loss or the task's metric, both minimised), was " + by);
    }
    JsonNode seedsNode = t.get("seeds");
    if (seedsNode == null) {
      throw new IllegalArgumentException("tune.seeds must be given: the seeds the candidates"
          + " are trained on, none of them a report seed");
    }
    List<JsonNode> seeds = values("tune.seeds", seedsNode);
    List<JsonNode> report = grid.get("seed");
    if (report == null) {
      throw new IllegalArgumentException("tune needs the report's seeds: give seeds (fresh"
          + " seeds, none of tune.seeds)");
    }
    for (JsonNode s : seeds) {
      if (!s.isIntegralNumber() || !s.canConvertToLong()) {
        throw new IllegalArgumentException("tune.seeds must hold integers, had " + s);
      }
      if (report.stream().anyMatch(r -> r.isIntegralNumber() && r.asLong() == s.asLong())) {
        throw new IllegalArgumentException("seed " + s + " is both a tune seed and a report"
            + " seed: the report must use fresh seeds");
      }
    }
    if (base.has("held_out")) {
      throw new IllegalArgumentException("held_out is set by tune (validation for the"
          + " candidates, test for the report): remove it");
    }
    List<Member> reported = expand(heldOut(base, HeldOut.TEST), grid, list, fields);
    return new Tuning(select, by == null ? "loss" : by.asText(), seeds, reported);
  }

  /**
   * Selects each group's setting by {@code score} (a candidate run's held-out measure, NaN if it
   * diverged): the fewest diverged seeds first, then the lowest mean of the others, then the first
   * in plan order. The report sweep holds the chosen settings on the report seeds.
   */
  public Selection select(ToDoubleFunction<Member> score) {
    if (tuning == null) {
      throw new IllegalStateException("sweep " + name + " has no tune");
    }
    Map<Map<String, JsonNode>, Map<Map<String, JsonNode>, List<Double>>> scores =
        new LinkedHashMap<>();
    for (Member m : members) {
      scores.computeIfAbsent(group(m), g -> new LinkedHashMap<>())
          .computeIfAbsent(setting(m), s -> new ArrayList<>()).add(score.applyAsDouble(m));
    }
    List<Candidate> candidates = new ArrayList<>();
    Map<Map<String, JsonNode>, Map<String, JsonNode>> chosen = new HashMap<>();
    scores.forEach((group, settings) -> {
      List<Candidate> own = new ArrayList<>();
      Candidate best = null;
      for (Map.Entry<Map<String, JsonNode>, List<Double>> e : settings.entrySet()) {
        double sum = 0;
        int finite = 0;
        for (double v : e.getValue()) {
          if (Double.isFinite(v)) {
            sum += v;
            finite++;
          }
        }
        Candidate c = new Candidate(group, e.getKey(), e.getValue().size(),
            e.getValue().size() - finite, finite == 0 ? Double.NaN : sum / finite, false);
        own.add(c);
        if (best == null || better(c, best)) {
          best = c;
        }
      }
      chosen.put(group, best.setting());
      for (Candidate c : own) {
        candidates.add(new Candidate(c.group(), c.setting(), c.seeds(), c.diverged(), c.mean(),
            c == best));
      }
    });
    List<Member> report = tuning.report().stream()
        .filter(m -> setting(m).equals(chosen.get(group(m)))).toList();
    return new Selection(List.copyOf(candidates),
        new Sweep(name, normalised, fields, report, null));
  }

  /** With tuning, the report's run count: one per group and report seed. */
  public int reportRuns() {
    int settings = 1;
    for (String p : tuning.select()) {
      settings *= normalised.get("grid").get(p).size();
    }
    return tuning.report().size() / settings;
  }

  private static boolean better(Candidate c, Candidate best) {
    if (c.diverged() != best.diverged()) {
      return c.diverged() < best.diverged();
    }
    return !Double.isNaN(c.mean()) && (Double.isNaN(best.mean()) || c.mean() < best.mean());
  }

  /** A member's values of the swept paths but the selected ones and the seed. */
  private Map<String, JsonNode> group(Member m) {
    Map<String, JsonNode> g = new LinkedHashMap<>(m.values());
    g.keySet().removeAll(tuning.select());
    g.remove("seed");
    return g;
  }

  /** A member's values of the selected paths. */
  private Map<String, JsonNode> setting(Member m) {
    Map<String, JsonNode> s = new LinkedHashMap<>();
    tuning.select().forEach(p -> s.put(p, m.values().get(p)));
    return s;
  }

  /** The swept paths that name a group: all but the seed and the selected paths. */
  private List<String> groupFields() {
    return fields.stream().filter(f -> !f.equals("seed") && !tuning.select().contains(f))
        .toList();
  }

  /**
   * selection.csv's header: the group's paths, the selected paths, {@code seeds},
   * {@code diverged}, {@code validation_<by>}, {@code chosen}.
   */
  public List<String> selectionHeader() {
    List<String> h = new ArrayList<>(groupFields());
    h.addAll(tuning.select());
    h.addAll(List.of("seeds", "diverged", "validation_" + tuning.by(), "chosen"));
    return h;
  }

  /** selection.csv's row of {@code c}. */
  public List<String> selectionRow(Candidate c) {
    List<String> r = new ArrayList<>();
    groupFields().forEach(f -> r.add(text(c.group().get(f))));
    tuning.select().forEach(p -> r.add(text(c.setting().get(p))));
    r.add(Integer.toString(c.seeds()));
    r.add(Integer.toString(c.diverged()));
    r.add(Csv.number(c.mean()));
    r.add(Boolean.toString(c.chosen()));
    return r;
  }

  private static String text(JsonNode v) {
    return v == null ? "" : v.isTextual() ? v.asText() : v.toString();
  }

  private static void checkPath(String where, String path) {
    String root = path.contains(".") ? path.substring(0, path.indexOf('.')) : path;
    String rest = path.contains(".") ? path.substring(path.indexOf('.') + 1) : "";
    boolean nested = List.of("task", "rule", "network", "optimizer").contains(root);
    if (!ROOTS.contains(root) || (!rest.isEmpty() && !nested) || path.endsWith(".")
        || rest.contains("..") || rest.startsWith(".")) {
      throw new IllegalArgumentException(where + " has path '" + path + "': a path is a run"
          + " config's field (" + String.join(", ", ROOTS) + "), an option of task or rule"
          + " (task.steps, rule.feedback) or a field in network or optimizer (network.hidden,"
          + " optimizer.learning_rate)");
    }
  }

  private static List<JsonNode> values(String where, JsonNode v) {
    if (!v.isArray() || v.isEmpty()) {
      throw new IllegalArgumentException(where + " must be a non-empty array of values, was "
          + v);
    }
    List<JsonNode> out = new ArrayList<>();
    v.forEach(out::add);
    return out;
  }

  /** The member at {@code point}: the base with each value set, read and named. */
  static Member member(ObjectNode base, Map<String, JsonNode> point) {
    ObjectNode c = base.deepCopy();
    try {
      for (Map.Entry<String, JsonNode> e : point.entrySet()) {
        set(c, e.getKey(), e.getValue());
      }
      c.put("name", "member");
      RunConfig rc = RunConfig.fromJson(c, null);
      checkRule(rc);
      ObjectNode fields = rc.toJson();
      fields.remove("name");
      String full = prefix(point) + "-" + hash(Json.toText(fields));
      return new Member(Map.copyOf(point), rc.member(full, rc.rule(), rc.seed()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("member " + describe(point) + ": " + e.getMessage(), e);
    }
  }

  /** The most doubles a rule's session may take for {@link #checkRule} to try it. */
  private static final long CHECK_DOUBLES = 1L << 22;

  /**
   * Refuses a rule that does not apply to the network (rflo on a spiking cell) before anything
   * is written, as starting the run would: by beginning a session of one sequence, when that is
   * cheap (at sizes where it is not, the run itself refuses it).
   */
  private static void checkRule(RunConfig rc) {
    Network network = new Network(rc.network());
    if (MemoryPlan.sessionDoubles(rc.rule(), network, 1, rc.createTask().steps())
        > CHECK_DOUBLES) {
      return;
    }
    Parameters params = network.initialize(new Seeds(rc.seed()));
    try {
      Rules.create(rc.rule()).begin(network, params, 1, rc.optimizer());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("rule: " + e.getMessage(), e);
    }
  }

  private static void set(ObjectNode c, String path, JsonNode value) {
    int dot = path.indexOf('.');
    if (dot < 0) {
      c.set(path, value);
      return;
    }
    String root = path.substring(0, dot);
    String rest = path.substring(dot + 1);
    if (root.equals("task") || root.equals("rule")) {
      JsonNode spec = c.get(root);
      if (spec == null || !spec.isTextual()) {
        throw new IllegalArgumentException(path + " sets an option of " + root + ", which must"
            + " be given as a string, was " + spec);
      }
      if (!value.isValueNode() || value.isNull()) {
        throw new IllegalArgumentException(path + " must be a number, string or boolean, was "
            + value);
      }
      String text = value.asText();
      if (root.equals("task")) {
        c.put(root, TaskSpec.parse(spec.asText()).with(rest, text).toString());
      } else {
        RuleSpec r = RuleSpec.parse(spec.asText());
        Map<String, String> options = new LinkedHashMap<>(r.options());
        options.put(rest, text);
        c.put(root, new RuleSpec(r.name(), options).toString());
      }
      return;
    }
    ObjectNode at = c;
    String[] parts = path.split("\\.");
    for (int i = 0; i < parts.length - 1; i++) {
      JsonNode next = at.get(parts[i]);
      if (next == null) {
        next = at.putObject(parts[i]);
      } else if (!next.isObject()) {
        throw new IllegalArgumentException(path + ": " + String.join(".",
            List.of(parts).subList(0, i + 1)) + " is not an object, was " + next);
      }
      at = (ObjectNode) next;
    }
    at.set(parts[parts.length - 1], value);
  }

  /** The readable part of a member's name: each swept value, labelled where that helps. */
  static String prefix(Map<String, JsonNode> point) {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, JsonNode> e : point.entrySet()) {
      String v = e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString();
      String key = e.getKey();
      if (key.equals("task") || key.equals("rule")) {
        v = v.contains(":") ? v.substring(0, v.indexOf(':')) : v;
      } else if (key.equals("network") || key.equals("optimizer")) {
        v = key; // an object: the hash tells them apart
      } else {
        String label = LABELS.getOrDefault(key, key.contains(".") ? "" : key);
        v = label + v;
      }
      if (sb.length() > 0) {
        sb.append('-');
      }
      sb.append(v.replaceAll("[^A-Za-z0-9._+=]", "_"));
    }
    String p = sb.length() == 0 ? "run" : sb.toString();
    p = p.length() > 80 ? p.substring(0, 80) : p;
    return p.startsWith(".") ? "_" + p.substring(1) : p;
  }

  /** The first 8 hex digits of the SHA-256 of {@code text}. */
  static String hash(String text) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static String describe(Map<String, JsonNode> point) {
    if (point.isEmpty()) {
      return "(the base config)";
    }
    List<String> parts = new ArrayList<>();
    point.forEach((k, v) -> parts.add(k + "=" + (v.isTextual() ? v.asText() : v.toString())));
    return "{" + String.join(", ", parts) + "}";
  }

  /** plan.csv's header: run, each swept path, config. */
  public List<String> planHeader() {
    List<String> h = new ArrayList<>();
    h.add("run");
    h.addAll(fields);
    h.add("config");
    return h;
  }

  /** plan.csv's row of {@code m}. */
  public List<String> planRow(Member m) {
    List<String> r = new ArrayList<>();
    r.add(m.name());
    for (String f : fields) {
      r.add(text(m.values().get(f)));
    }
    r.add("configs/" + m.name() + ".json");
    return r;
  }

  /**
   * The first field in which {@code other}'s normalised file differs from this sweep's, or null
   * if none does (a rerun into the same folder continues only the same sweep).
   */
  public String firstDifference(JsonNode other) {
    List<String> names = new ArrayList<>();
    normalised.fieldNames().forEachRemaining(names::add);
    other.fieldNames().forEachRemaining(f -> {
      if (!names.contains(f)) {
        names.add(f);
      }
    });
    for (String f : names) {
      JsonNode a = normalised.get(f);
      JsonNode b = other.get(f);
      if (a == null || !a.equals(b)) {
        return f;
      }
    }
    return null;
  }
}
