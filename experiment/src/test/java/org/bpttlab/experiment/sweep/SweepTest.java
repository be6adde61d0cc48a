package org.bpttlab.experiment.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.stream.Stream;
import org.bpttlab.experiment.io.Json;
import org.bpttlab.experiment.run.RunConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Expansion of a sweep: grid × list, stable names, refusals naming the field or member. */
class SweepTest {
  static final String BASE = """
      "task": "adding:steps=8", "network": {"cell": "rate", "hidden": 6},
      "rule": "bptt", "optimizer": {"kind": "adam", "learning_rate": 0.01},
      "seed": 1, "iterations": 20, "batch_size": 4, "eval_sequences": 8""";

  static final String GRID_AND_LIST = ", \"grid\": {\"optimizer.learning_rate\": [0.01, 0.001],"
      + " \"task.steps\": [8, 12]}, \"list\": [{\"rule\": \"bptt\"},"
      + " {\"rule\": \"eprop:feedback=random\"}]";

  static Sweep sweep(String extra) throws Exception {
    return Sweep.fromJson(Json.mapper().readTree("{" + BASE + extra + "}"), "s");
  }

  @Test
  void gridTimesListInOrderWithStableNames() throws Exception {
    Sweep s = sweep(GRID_AND_LIST);
    assertEquals(8, s.members().size());
    assertEquals(List.of("optimizer.learning_rate", "task.steps", "rule"), s.fields());
    Sweep.Member first = s.members().get(0);
    assertTrue(first.name().matches("lr0\\.01-T8-bptt-[0-9a-f]{8}"), first.name());
    assertEquals(8, first.config().createTask().steps());
    Sweep.Member last = s.members().get(7);
    assertTrue(last.name().startsWith("lr0.001-T12-eprop-"), last.name());
    assertEquals("eprop", last.config().rule().name());
    assertEquals(0.001, last.config().optimizer().learningRate());
    assertEquals(12, last.config().createTask().steps());
    for (Sweep.Member m : s.members()) {
      assertTrue(RunConfig.NAME.matcher(m.name()).matches(), m.name());
    }
    // the same sweep read again names its runs the same
    Sweep again = sweep(GRID_AND_LIST);
    assertEquals(s.members().stream().map(Sweep.Member::name).toList(),
        again.members().stream().map(Sweep.Member::name).toList());
    assertEquals(List.of("run", "optimizer.learning_rate", "task.steps", "rule", "config"),
        s.planHeader());
    assertEquals(List.of(first.name(), "0.01", "8", "bptt", "configs/" + first.name() + ".json"),
        s.planRow(first));
  }

  @Test
  void seedsShorthandIsAGridAxis() throws Exception {
    String base = BASE.replace("\"seed\": 1, ", "");
    Sweep s = Sweep.fromJson(Json.mapper().readTree("{" + base
        + ", \"seeds\": [1, 2, 3], \"grid\": {\"rule\": [\"bptt\", \"eprop\"]}}"), "s");
    assertEquals(6, s.members().size());
    assertTrue(s.members().get(0).name().startsWith("bptt-s1-"), s.members().get(0).name());
    assertEquals(3, s.members().get(5).config().seed());
    assertEquals(List.of("rule", "seed"), s.fields());
  }

  @Test
  void theHashChangesWithAnyFieldOfTheConfig() throws Exception {
    String name = sweep("").members().get(0).name();
    assertTrue(name.matches("run-[0-9a-f]{8}"), name);
    for (String changed : List.of("\"seed\": 2", "\"iterations\": 21", "\"batch_size\": 5")) {
      ObjectNode n = (ObjectNode) Json.mapper().readTree("{" + BASE + "}");
      JsonNode c = Json.mapper().readTree("{" + changed + "}");
      n.setAll((ObjectNode) c);
      String other = Sweep.fromJson(n, "s").members().get(0).name();
      assertNotEquals(name, other, changed);
    }
    assertNotEquals(name, sweep(", \"checkpoint_every\": 7").members().get(0).name());
    assertNotEquals(name, sweep(", \"frozen\": [\"b\"]").members().get(0).name());
    assertFalse(sweep(", \"name\": \"other\"").members().get(0).name().isEmpty());
    assertEquals(name, sweep(", \"name\": \"other\"").members().get(0).name(),
        "the sweep's name is not part of a run's config");
  }

  static Stream<Arguments> refused() {
    return Stream.of(
        Arguments.of(", \"grid\": {\"bogus\": [1]}", "grid has path 'bogus'"),
        Arguments.of(", \"grid\": {\"seed.x\": [1]}", "grid has path 'seed.x'"),
        Arguments.of(", \"grid\": {\"seed\": 3}", "grid.seed must be a non-empty array"),
        Arguments.of(", \"grid\": {\"seed\": []}", "grid.seed must be a non-empty array"),
        Arguments.of(", \"list\": []", "list must be a non-empty array"),
        Arguments.of(", \"list\": [3]", "list[0] must be a non-empty object"),
        Arguments.of(", \"grid\": {\"rule\": [\"bptt\"]}, \"list\": [{\"rule\": \"eprop\"}]",
            "list[0].rule is in the grid too"),
        Arguments.of(", \"seeds\": [1, 2]", "seeds and seed exclude each other"),
        Arguments.of(", \"bogus\": 1", "unknown field bogus"),
        Arguments.of(", \"name\": \".x\"", "name must be a folder name"),
        Arguments.of(", \"grid\": {\"network.hidden\": [4, -3]}",
            "member {network.hidden=-3}: network.hidden"),
        Arguments.of(", \"grid\": {\"rule\": [\"bptt\", \"nope\"]}", "member {rule=nope}: "),
        Arguments.of(", \"grid\": {\"network.cell\": [\"lif\"], \"rule\": [\"rflo\"]}",
            "member {network.cell=lif, rule=rflo}: "),
        Arguments.of(", \"grid\": {\"task.steps\": [8, 8]}", "are the same run"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void invalidSweepsAreRefusedInOneLineNamingTheField(String extra, String expected) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sweep(extra));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }
}
