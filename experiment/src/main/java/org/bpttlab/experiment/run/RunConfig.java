package org.bpttlab.experiment.run;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.bpttlab.core.NetworkSpec;
import org.bpttlab.experiment.codec.NetworkCodec;
import org.bpttlab.experiment.codec.OptimizerCodec;
import org.bpttlab.experiment.codec.RuleCodec;
import org.bpttlab.experiment.codec.TaskCodec;
import org.bpttlab.experiment.io.Json;
import org.bpttlab.experiment.io.Provenance;
import org.bpttlab.experiment.train.HeldOut;
import org.bpttlab.experiment.train.TrainingSpec;
import org.bpttlab.rules.RuleSpec;
import org.bpttlab.rules.Rules;
import org.bpttlab.rules.optim.OptimizerSpec;
import org.bpttlab.tasks.Task;
import org.bpttlab.tasks.TaskSpec;
import org.bpttlab.tasks.Tasks;

/**
 * A run, fully described (DESIGN §7): what {@code ./bpttlab run CONFIG} reads from {@code CONFIG}
 * and writes, with every default filled in, as the run's {@code config.json}. Field by field (JSON
 * names; docs/outputs.md):
 *
 * <pre>
 * name              the run's folder under --runs-dir; default: CONFIG's file name without .json
 * task              a task spec, e.g. "adding:steps=20" (./bpttlab list)          required
 * network           the cell and its hyperparameters ({@link NetworkCodec})        required
 * rule              a rule spec, e.g. "eprop:feedback=random"                       required
 * optimizer         {kind, learning_rate, ...} as compare's config.json writes it   required
 * seed              the run seed, a 64-bit integer                                  required
 * iterations        updates, one batch each, &gt; 0                                required
 * batch_size        sequences per batch, &gt; 0                                    required
 * eval_every        a metrics row every K iterations and at the last, &gt; 0       default 10
 * eval_sequences    held-out sequences the final network is scored on, 0..2^20    default 1024
 * align_every       alignment with BPTT every K iterations and at the last, ≥ 0   default eval_every
 * checkpoint_every  a checkpoint every K iterations and at the last, &gt; 0         default 100
 * frozen            groups the optimizer leaves as initialised, e.g. ["b", "b_out"] default []
 * held_out          the held-out batches that score the final network:            default validation
 *                   validation (seeds.derive("eval", k)) or test (("test", k)); a sweep selects on
 *                   validation and reports on test ({@link HeldOut})
 * align_with        comparison rules whose gradients the measured iterations also  default []
 *                   compute, on the same steps: the rule × rule alignment matrix
 *                   (alignment-pairs.csv; needs align_every &gt; 0)
 * </pre>
 *
 * Reading validates every field and throws one {@link IllegalArgumentException} naming the first
 * bad one ({@code network.hidden must be an integer >= 1, was -3}); an unknown field is an error.
 * The fields bpttlab adds to a written config ({@code command}, {@code producer}, {@code resolved},
 * {@code resumed}) are read and ignored, so a run's {@code config.json} is a valid CONFIG; so is
 * compare's of one rule and one seed ({@link CompareConfig}).
 *
 * @param name the run's folder name (letters, digits, {@code . _ + = -}, not starting with '.')
 * @param task the task (its spec with every option written out)
 * @param network the network, built for the task
 * @param rule the learning rule
 * @param optimizer the optimizer
 * @param seed the run seed
 * @param iterations &gt; 0
 * @param batchSize &gt; 0
 * @param evalEvery &gt; 0
 * @param evalSequences ≥ 0
 * @param alignEvery ≥ 0 (0: no alignment)
 * @param checkpointEvery &gt; 0
 * @param frozen the parameter groups the optimizer leaves as initialised ({@link TrainingSpec})
 * @param heldOut the held-out batches that score the final network
 * @param alignWith comparison rules ({@link TrainingSpec#alignWith}), as their specs are written
 */
public record RunConfig(
    String name, TaskSpec task, NetworkSpec network, RuleSpec rule, OptimizerSpec optimizer,
    long seed, int iterations, int batchSize, int evalEvery, int evalSequences, int alignEvery,
    int checkpointEvery, List<String> frozen, HeldOut heldOut, List<String> alignWith) {

  /** A run's folder name. */
  public static final Pattern NAME = Pattern.compile("[A-Za-z0-9_+=-][A-Za-z0-9._+=-]*");

  /** The fields of a config, in the order they are written. */
  public static final List<String> FIELDS = List.of("name", "task", "network", "rule",
      "optimizer", "seed", "iterations", "batch_size", "eval_every", "eval_sequences",
      "align_every", "checkpoint_every", "frozen", "held_out", "align_with");

  /** The fields bpttlab adds to a written config, ignored on reading. */
  public static final List<String> WRITTEN = List.of("command", "producer", "resolved", "resumed");

  public static final int DEFAULT_EVAL_EVERY = 10;
  public static final int DEFAULT_EVAL_SEQUENCES = 1024;

  /** The most held-out sequences (a bound on the time of the final scoring, not its memory). */
  public static final int MAX_EVAL_SEQUENCES = 1 << 20;
  public static final int DEFAULT_CHECKPOINT_EVERY = 100;

  private static final ObjectMapper READER = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  public RunConfig {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("name must be a folder name of letters, digits and"
          + " . _ + = - not starting with '.', was '" + name + "'");
    }
    if (task == null || network == null || rule == null || optimizer == null) {
      throw new IllegalArgumentException("task, network, rule and optimizer must be given");
    }
    if (heldOut == null) {
      throw new IllegalArgumentException("heldOut must be given (validation or test)");
    }
    if (evalSequences < 0 || evalSequences > MAX_EVAL_SEQUENCES) {
      throw new IllegalArgumentException("evalSequences must be in 0.." + MAX_EVAL_SEQUENCES
          + ", was " + evalSequences);
    }
    // iterations, batchSize, evalEvery, alignEvery, frozen, alignWith: as a training spec checks
    // them
    TrainingSpec checked = new TrainingSpec(network, optimizer, seed, iterations, batchSize,
        evalEvery, 0, alignEvery, frozen, HeldOut.VALIDATION,
        alignWith == null ? List.of() : alignWith);
    frozen = checked.frozen();
    alignWith = checked.alignWith().stream().map(r -> RuleSpec.parse(r).toString()).toList();
    if (checkpointEvery <= 0) {
      throw new IllegalArgumentException("checkpointEvery must be > 0, was " + checkpointEvery);
    }
    Task t = Tasks.create(task);
    if (network.inputs() != t.inputs() || network.outputs() != t.outputs()
        || network.loss() != t.loss()) {
      throw new IllegalArgumentException("network has " + network.inputs() + " inputs, "
          + network.outputs() + " outputs and loss " + network.loss().label() + "; task "
          + t.name() + " has " + t.inputs() + ", " + t.outputs() + " and " + t.loss().label());
    }
    task = t.spec();
    Rules.create(rule);
  }

  /** A config without comparison rules. */
  public RunConfig(String name, TaskSpec task, NetworkSpec network, RuleSpec rule,
      OptimizerSpec optimizer, long seed, int iterations, int batchSize, int evalEvery,
      int evalSequences, int alignEvery, int checkpointEvery, List<String> frozen,
      HeldOut heldOut) {
    this(name, task, network, rule, optimizer, seed, iterations, batchSize, evalEvery,
        evalSequences, alignEvery, checkpointEvery, frozen, heldOut, List.of());
  }

  /** A config scored on the validation batches. */
  public RunConfig(String name, TaskSpec task, NetworkSpec network, RuleSpec rule,
      OptimizerSpec optimizer, long seed, int iterations, int batchSize, int evalEvery,
      int evalSequences, int alignEvery, int checkpointEvery, List<String> frozen) {
    this(name, task, network, rule, optimizer, seed, iterations, batchSize, evalEvery,
        evalSequences, alignEvery, checkpointEvery, frozen, HeldOut.VALIDATION);
  }

  /** The task. */
  public Task createTask() {
    return Tasks.create(task);
  }

  /** How the rule is trained. */
  public TrainingSpec training() {
    return new TrainingSpec(network, optimizer, seed, iterations, batchSize, evalEvery,
        TrainingSpec.evalBatchesFor(evalSequences, batchSize), alignEvery, frozen, heldOut,
        alignWith);
  }

  /**
   * Reads a config file; {@code defaultName} is the name when the file gives none. Throws
   * {@link IllegalArgumentException} naming the file and the field, {@link NoSuchFileException}
   * if it does not exist.
   */
  public static RunConfig read(Path file, String defaultName) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    JsonNode node;
    try {
      node = READER.readTree(utf8(bytes));
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? ""
          : " at line " + e.getLocation().getLineNr() + ", column "
              + e.getLocation().getColumnNr();
      throw new IllegalArgumentException("not valid JSON" + where + ": "
          + plain(e.getOriginalMessage()));
    }
    return fromJson(node, defaultName);
  }

  /** The text of a UTF-8 file; other bytes are refused naming the first one and its line. */
  static String utf8(byte[] bytes) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = decoder.decode(in, out, true);
    if (result.isError()) {
      int at = in.position();
      int line = 1;
      for (int i = 0; i < at; i++) {
        line += bytes[i] == '\n' ? 1 : 0;
      }
      throw new IllegalArgumentException(String.format(Locale.ROOT, "not UTF-8 text: byte 0x%02X"
          + " at line %d (offset %d) is not UTF-8; save the config as UTF-8", bytes[at] & 0xff,
          line, at));
    }
    decoder.flush(out);
    return out.flip().toString();
  }

  /**
   * A JSON parser's message without its internals: the character codes, the source and the Java
   * types it names ("Unexpected character ('}' (code 125))" becomes "unexpected character '}'").
   */
  static String plain(String message) {
    String m = message == null ? "" : message;
    if (m.startsWith("Trailing token")) {
      return "something follows the config's closing brace";
    }
    m = m.replaceAll("\\s*\\(code \\d+\\)", "");
    int internals = m.indexOf(" (start marker at");
    if (internals < 0) {
      internals = m.indexOf(" [Source:");
    }
    if (internals >= 0) {
      m = m.substring(0, internals);
    }
    m = m.replaceAll("\\('(.+?)'\\)", "'$1'").strip();
    return m.isEmpty() ? m : Character.toLowerCase(m.charAt(0)) + m.substring(1);
  }

  /**
   * The config a JSON object describes (see the class comment). A comparison's config (with
   * {@code rules} and {@code seeds}, {@link CompareConfig}) is read too when it holds one rule and
   * one seed: its run is named {@code <name>-<rule name>}, beside the comparison's folder.
   */
  public static RunConfig fromJson(JsonNode node, String defaultName) {
    CompareConfig c = CompareConfig.fromJson(node, defaultName);
    return node.has("rules") || node.has("seeds") ? c.single() : c.base();
  }

  /** The config's fields (without what bpttlab adds), every default written out. */
  public ObjectNode toJson() {
    ObjectNode c = Json.object();
    c.put("name", name);
    c.put("task", TaskCodec.write(task));
    c.set("network", NetworkCodec.write(network));
    c.put("rule", RuleCodec.write(rule));
    c.set("optimizer", OptimizerCodec.write(optimizer));
    c.put("seed", seed);
    c.put("iterations", iterations);
    c.put("batch_size", batchSize);
    c.put("eval_every", evalEvery);
    c.put("eval_sequences", evalSequences);
    c.put("align_every", alignEvery);
    c.put("checkpoint_every", checkpointEvery);
    ArrayNode groups = c.putArray("frozen");
    frozen.forEach(groups::add);
    c.put("held_out", heldOut.label());
    ArrayNode compared = c.putArray("align_with");
    alignWith.forEach(compared::add);
    return c;
  }

  /** The run's {@code config.json}: {@link #written(String, ObjectNode)} of {@link #toJson}. */
  public ObjectNode written() {
    return written("run", toJson());
  }

  /**
   * A {@code config.json}: {@code command}, then {@code fields}, then what bpttlab adds (the
   * producer, and the task and network resolved in their long forms with the random streams).
   */
  ObjectNode written(String command, ObjectNode fields) {
    ObjectNode json = Json.object();
    json.put("command", command);
    json.setAll(fields);
    json.set("producer", Provenance.toJson());
    ObjectNode r = json.putObject("resolved");
    r.set("task", TaskCodec.describe(createTask()));
    r.set("network", NetworkCodec.describe(network));
    r.put("eval_batches", training().evalBatches());
    ObjectNode streams = r.putObject("random_streams");
    streams.put("init", "network.initialize(new Seeds(seed))");
    streams.put("training_batch", "task.sample(batch_size, seeds.derive(\"task\", i)),"
        + " i = 1..iterations");
    streams.put("held_out_batch", "task.sample(batch_size, seeds.derive(\"" + heldOut.stream()
        + "\", k)), k = 0..eval_batches-1");
    return json;
  }

  /** This config with another name, rule and seed: a member of a comparison. */
  public RunConfig member(String n, RuleSpec r, long s) {
    return new RunConfig(n, task, network, r, optimizer, s, iterations, batchSize, evalEvery,
        evalSequences, alignEvery, checkpointEvery, frozen, heldOut, alignWith);
  }

  /** This config scored on the held-out batches {@code h}, under another name. */
  public RunConfig withHeldOut(String n, HeldOut h) {
    return new RunConfig(n, task, network, rule, optimizer, seed, iterations, batchSize,
        evalEvery, evalSequences, alignEvery, checkpointEvery, frozen, h, alignWith);
  }

  /**
   * The first field in which {@code other} differs from this config, or null if none does (for
   * {@code --resume}: a run continues only with the config it started with).
   */
  public String firstDifference(RunConfig other) {
    ObjectNode a = toJson();
    ObjectNode b = other.toJson();
    for (String field : FIELDS) {
      if (!a.get(field).equals(b.get(field))) {
        return field;
      }
    }
    return null;
  }
}
