package org.bpttlab.experiment.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bpttlab.experiment.io.Json;
import org.bpttlab.experiment.run.RunConfig;
import org.bpttlab.experiment.train.HeldOut;
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

  static final String TUNED = ", \"seeds\": [1, 2, 3], \"grid\": {\"rule\": [\"bptt\","
      + " \"eprop:feedback=random\"], \"optimizer.learning_rate\": [0.1, 0.01, 0.001]},"
      + " \"tune\": {\"select\": \"optimizer.learning_rate\", \"seeds\": [101, 102]}";

  static Sweep tuned(String extra) throws Exception {
    return Sweep.fromJson(Json.mapper().readTree("{" + BASE.replace("\"seed\": 1, ", "")
        + TUNED + extra + "}"), "s");
  }

  @Test
  void tuningTrainsTheCandidatesOnTuneSeedsAndValidationBatches() throws Exception {
    Sweep s = tuned("");
    // 2 rules x 3 learning rates x 2 tune seeds
    assertEquals(12, s.members().size());
    for (Sweep.Member m : s.members()) {
      assertTrue(m.config().seed() == 101 || m.config().seed() == 102, m.name());
      assertEquals(HeldOut.VALIDATION, m.config().heldOut(), m.name());
    }
    // the report's candidates: 2 rules x 3 learning rates x 3 report seeds, on test batches
    assertEquals(18, s.tuning().report().size());
    for (Sweep.Member m : s.tuning().report()) {
      assertTrue(m.config().seed() >= 1 && m.config().seed() <= 3, m.name());
      assertEquals(HeldOut.TEST, m.config().heldOut(), m.name());
    }
    assertEquals(List.of("optimizer.learning_rate"), s.tuning().select());
    assertEquals("loss", s.tuning().by());
    assertEquals("[\"optimizer.learning_rate\"]", s.normalised().at("/tune/select").toString());
  }

  @Test
  void selectionPicksPerGroupTheLowestMeanAmongTheLeastDiverged() throws Exception {
    Sweep s = tuned("");
    // bptt: lr 0.1 diverges on one seed (its other seed scores best of all), 0.01 scores 0.2 and
    // 0.4 (mean 0.3), 0.001 scores 0.5 and 0.5; eprop: 0.1 scores 0.2 and 0.2, 0.01 scores 0.2 and
    // 0.2 (a tie: the first in plan order wins), 0.001 diverges on both
    Map<String, double[]> scores = Map.of(
        "bptt 0.1", new double[] {0.01, Double.NaN}, "bptt 0.01", new double[] {0.2, 0.4},
        "bptt 0.001", new double[] {0.5, 0.5}, "eprop 0.1", new double[] {0.2, 0.2},
        "eprop 0.01", new double[] {0.2, 0.2},
        "eprop 0.001", new double[] {Double.NaN, Double.POSITIVE_INFINITY});
    Sweep.Selection sel = s.select(m -> scores.get(m.config().rule().name() + " "
        + m.config().optimizer().learningRate())[(int) m.config().seed() - 101]);
    assertEquals(6, sel.candidates().size());
    List<String> chosen = sel.candidates().stream().filter(Sweep.Candidate::chosen)
        .map(c -> c.group().get("rule").asText() + " " + c.setting()
            .get("optimizer.learning_rate").asDouble()).toList();
    assertEquals(List.of("bptt 0.01", "eprop:feedback=random 0.1"), chosen);
    Sweep.Candidate first = sel.candidates().get(0);
    assertEquals(1, first.diverged());
    assertEquals(0.01, first.mean());
    assertEquals(0.3, sel.candidates().get(1).mean(), 1e-15);
    Sweep.Candidate last = sel.candidates().get(5);
    assertEquals(2, last.diverged());
    assertTrue(Double.isNaN(last.mean()));
    // the report: the chosen settings on the report seeds, 2 groups x 3 seeds, on test batches
    assertEquals(6, sel.report().members().size());
    for (Sweep.Member m : sel.report().members()) {
      double lr = m.config().optimizer().learningRate();
      assertEquals(m.config().rule().name().equals("bptt") ? 0.01 : 0.1, lr, m.name());
      assertEquals(HeldOut.TEST, m.config().heldOut());
    }
    assertEquals(List.of("rule", "optimizer.learning_rate", "seeds", "diverged",
        "validation_loss", "chosen"), s.selectionHeader());
    assertEquals(List.of("bptt", "0.01", "2", "0", "0.30000000000000004", "true"),
        s.selectionRow(sel.candidates().get(1)));
    // no candidate shares a run with the report
    List<String> candidates = s.members().stream().map(Sweep.Member::name).toList();
    sel.report().members().forEach(m -> assertFalse(candidates.contains(m.name()), m.name()));
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

  static Stream<Arguments> refusedTunings() {
    return Stream.of(
        Arguments.of("\"select\": \"rule.feedback\", \"seeds\": [7]",
            "tune.select names rule.feedback, which is not in the grid"),
        Arguments.of("\"select\": \"seed\", \"seeds\": [7]", "tune.select names seed"),
        Arguments.of("\"select\": [], \"seeds\": [7]", "tune.select must be a grid path"),
        Arguments.of("\"select\": \"optimizer.learning_rate\", \"seeds\": [2, 7]",
            "seed 2 is both a tune seed and a report seed"),
        Arguments.of("\"select\": \"optimizer.learning_rate\"", "tune.seeds must be given"),
        Arguments.of("\"select\": \"optimizer.learning_rate\", \"seeds\": [1.5]",
            "tune.seeds must hold integers"),
        Arguments.of("\"select\": \"optimizer.learning_rate\", \"seeds\": [7], \"by\": \"acc\"",
            "tune.by must be \"loss\" or \"metric\""),
        Arguments.of("\"select\": \"optimizer.learning_rate\", \"seeds\": [7], \"x\": 1",
            "tune has unknown field x"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedTunings")
  void invalidTuningsAreRefusedInOneLineNamingTheField(String tune, String expected) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Sweep.fromJson(Json.mapper().readTree("{" + BASE.replace("\"seed\": 1, ", "")
            + ", \"seeds\": [1, 2], \"grid\": {\"optimizer.learning_rate\": [0.1, 0.01]},"
            + " \"tune\": {" + tune + "}}"), "s"));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    IllegalArgumentException noSeeds = assertThrows(IllegalArgumentException.class,
        () -> sweep(", \"grid\": {\"optimizer.learning_rate\": [0.1, 0.01]}, \"tune\":"
            + " {\"select\": \"optimizer.learning_rate\", \"seeds\": [7]}"));
    assertTrue(noSeeds.getMessage().contains("tune needs the report's seeds"),
        noSeeds.getMessage());
    IllegalArgumentException heldOut = assertThrows(IllegalArgumentException.class,
        () -> tuned(", \"held_out\": \"test\""));
    assertTrue(heldOut.getMessage().contains("held_out is set by tune"), heldOut.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void invalidSweepsAreRefusedInOneLineNamingTheField(String extra, String expected) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sweep(extra));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }
}
