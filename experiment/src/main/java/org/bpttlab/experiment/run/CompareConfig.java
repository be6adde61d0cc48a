package org.bpttlab.experiment.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.bpttlab.core.NetworkSpec;
import org.bpttlab.experiment.codec.JsonFields;
import org.bpttlab.experiment.codec.NetworkCodec;
import org.bpttlab.experiment.codec.OptimizerCodec;
import org.bpttlab.experiment.codec.RuleCodec;
import org.bpttlab.experiment.codec.TaskCodec;
import org.bpttlab.experiment.io.Json;
import org.bpttlab.experiment.train.HeldOut;
import org.bpttlab.rules.RuleSpec;
import org.bpttlab.rules.Rules;
import org.bpttlab.rules.optim.OptimizerSpec;
import org.bpttlab.tasks.Task;

/**
 * A comparison: several rules, each on several seeds, otherwise one run config. Its JSON form,
 * compare's {@code config.json}, is a run config's with {@code rules} (a list) in place of
 * {@code rule} and {@code seeds} in place of {@code seed}; so a
 * comparison of one rule and one seed is a run ({@link #single}), and each member of a larger one
 * is {@link #run}.
 *
 * @param base the run of the first rule on the first seed (name, task, network, optimizer, sizes)
 * @param rules the rules, at least one, the first that of {@code base}
 * @param seeds the seeds, at least one, the first that of {@code base}
 */
public record CompareConfig(RunConfig base, List<RuleSpec> rules, List<Long> seeds) {
  /** The most seeds of one comparison. */
  public static final int MAX_SEEDS = 4096;

  public CompareConfig {
    rules = List.copyOf(rules);
    seeds = List.copyOf(seeds);
    if (rules.isEmpty() || !rules.get(0).equals(base.rule())) {
      throw new IllegalArgumentException("rules must begin with the base config's rule "
          + base.rule() + ", were " + rules);
    }
    if (seeds.isEmpty() || seeds.get(0) != base.seed()) {
      throw new IllegalArgumentException("seeds must begin with the base config's seed "
          + base.seed() + ", were " + seeds);
    }
    if (seeds.size() > MAX_SEEDS) {
      throw new IllegalArgumentException("seeds must hold at most " + MAX_SEEDS + " seeds, were "
          + seeds.size());
    }
    rules.forEach(Rules::create);
  }

  /** Rule {@code rule} on seed {@code seed}, under the comparison's name. */
  public RunConfig run(RuleSpec rule, long seed) {
    return base.member(base.name(), rule, seed);
  }

  /**
   * The one run of a comparison of one rule and one seed, named {@code <name>-<rule name>} so
   * that it does not take the comparison's folder; throws naming {@code rules} or {@code seeds}
   * otherwise.
   */
  public RunConfig single() {
    if (rules.size() != 1) {
      throw new IllegalArgumentException("rules: run trains one rule and this config has "
          + rules.size() + " (" + String.join(", ", rules.stream().map(RuleSpec::toString)
          .toList()) + "); give \"rule\": one of them in place of \"rules\"");
    }
    if (seeds.size() != 1) {
      throw new IllegalArgumentException("seeds: run trains one seed and this config has "
          + seeds.size() + " " + seeds + "; give \"seed\": one of them in place of \"seeds\"");
    }
    return base.member(base.name() + "-" + base.rule().name(), base.rule(), base.seed());
  }

  /**
   * The config a JSON object describes: a run config (a run's config.json) or a comparison's
   * (compare's config.json); throws {@link IllegalArgumentException} naming the first bad field.
   */
  public static CompareConfig fromJson(JsonNode node, String defaultName) {
    JsonFields f = new JsonFields(node, "the config", "");
    List<String> known = new ArrayList<>(RunConfig.FIELDS);
    known.addAll(List.of("rules", "seeds"));
    known.addAll(RunConfig.WRITTEN);
    f.rejectUnknown(known);
    if (f.has("command") && !List.of("run", "compare").contains(node.get("command").asText())) {
      throw new IllegalArgumentException("command is " + node.get("command")
          + ": this is the config.json of another command, not of a run or a comparison");
    }
    if (node.path("task").isObject()) {
      throw new IllegalArgumentException("task is an object: this config.json was written by a"
          + " compare before its configs could be run; give \"task\": "
          + node.at("/task/spec") + " and \"network\" as docs/outputs.md describes");
    }
    String name = f.text("name", defaultName);
    if (name == null || !RunConfig.NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("name must be a folder name of letters, digits and"
          + " . _ + = - not starting with '.', was " + (name == null ? "missing" : "'" + name + "'"));
    }
    Task task = TaskCodec.read(f.text("task"));
    NetworkSpec network = NetworkCodec.read(f.node("network"), task);
    List<RuleSpec> rules = new ArrayList<>();
    for (String text : oneOrMany(f, "rule", "rules", f::texts, f::text)) {
      rules.add(RuleCodec.read(text));
    }
    OptimizerSpec optimizer = OptimizerCodec.read(f.node("optimizer"));
    List<Long> seeds = oneOrMany(f, "seed", "seeds", f::longs,
        s -> f.range(s, Long.MIN_VALUE, Long.MAX_VALUE));
    int iterations = (int) f.range("iterations", 1, Integer.MAX_VALUE);
    int batchSize = (int) f.range("batch_size", 1, Integer.MAX_VALUE);
    int evalEvery = f.count("eval_every", 1, RunConfig.DEFAULT_EVAL_EVERY);
    int evalSequences = f.has("eval_sequences")
        ? (int) f.range("eval_sequences", 0, RunConfig.MAX_EVAL_SEQUENCES)
        : RunConfig.DEFAULT_EVAL_SEQUENCES;
    int alignEvery = f.count("align_every", 0, evalEvery);
    int checkpointEvery = f.count("checkpoint_every", 1, RunConfig.DEFAULT_CHECKPOINT_EVERY);
    RunConfig base = new RunConfig(name, task.spec(), network, rules.get(0), optimizer,
        seeds.get(0), iterations, batchSize, evalEvery, evalSequences, alignEvery,
        checkpointEvery, f.texts("frozen"),
        f.has("held_out") ? HeldOut.parse(f.text("held_out")) : HeldOut.VALIDATION,
        f.texts("align_with"));
    return new CompareConfig(base, rules, seeds);
  }

  /** Field {@code one} as a list of one, or the non-empty list {@code many}; not both. */
  private static <T> List<T> oneOrMany(JsonFields f, String one, String many,
      Function<String, List<T>> list,
      Function<String, T> single) {
    if (!f.has(many)) {
      return List.of(single.apply(one));
    }
    if (f.has(one)) {
      throw new IllegalArgumentException(one + " and " + many + " exclude each other: give "
          + one + " for a run, " + many + " for a comparison");
    }
    List<T> values = list.apply(many);
    if (values.isEmpty()) {
      throw new IllegalArgumentException(many + " must hold at least one entry, was []");
    }
    return values;
  }

  /** compare's config.json fields: the base's, with {@code rules} and {@code seeds}. */
  public ObjectNode toJson() {
    ObjectNode c = Json.object();
    for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>)
        () -> base.toJson().fields()) {
      switch (e.getKey()) {
        case "rule" -> {
          ArrayNode a = c.putArray("rules");
          rules.forEach(r -> a.add(RuleCodec.write(r)));
        }
        case "seed" -> {
          ArrayNode a = c.putArray("seeds");
          seeds.forEach(a::add);
        }
        default -> c.set(e.getKey(), e.getValue());
      }
    }
    return c;
  }

  /**
   * The first field of {@link #toJson} in which {@code other} differs from this config, or null if
   * none does (for {@code compare --resume}, which continues only with the options it started with).
   */
  public String firstDifference(CompareConfig other) {
    ObjectNode a = toJson();
    ObjectNode b = other.toJson();
    for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) a::fields) {
      if (!e.getValue().equals(b.get(e.getKey()))) {
        return e.getKey();
      }
    }
    return null;
  }

  /** compare's {@code config.json}: the fields, the producer and the resolved specs. */
  public ObjectNode written() {
    return base.written("compare", toJson());
  }
}
