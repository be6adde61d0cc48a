package org.bpttlab.experiment.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bpttlab.core.RateCellSpec;
import org.bpttlab.experiment.io.Json;
import org.bpttlab.experiment.run.RunConfig;
import org.junit.jupiter.api.Test;

/**
 * The shipped suites: each parses and expands to the runs it states, tuning included; an unknown
 * name is refused; the quick forms stay small.
 */
class SuitesTest {
  /** Groups (points of the grid and list but the learning rate and the seed) of each suite. */
  private static final Map<String, Integer> GROUPS =
      Map.of("memory", 57, "memory-quick", 6, "spiking", 32, "spiking-quick", 4);

  private static ObjectNode json(Suites.Suite s) {
    try {
      return (ObjectNode) Json.mapper().readTree(s.text());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new AssertionError(s.name() + ": " + e.getMessage(), e);
    }
  }

  private static Sweep sweep(Suites.Suite s) {
    return Sweep.fromText(s.text(), s.name());
  }

  @Test
  void everySuiteExpandsToTheRunsItStates() {
    assertEquals(List.of("memory", "memory-quick", "spiking", "spiking-quick"), Suites.names());
    for (Suites.Suite s : Suites.all()) {
      ObjectNode n = json(s);
      assertEquals(s.name(), n.get("name").asText());
      JsonNode tune = n.get("tune");
      assertEquals("[\"optimizer.learning_rate\"]", tune.get("select").toString(), s.name());
      assertEquals("loss", tune.get("by").asText(), s.name());
      assertEquals("[101,102]", tune.get("seeds").toString(), s.name());
      Set<Long> seeds = new HashSet<>();
      n.get("seeds").forEach(v -> seeds.add(v.asLong()));
      assertEquals(Set.of(1L, 2L, 3L), seeds, s.name());

      Sweep sweep = sweep(s);
      assertEquals(s.name(), sweep.name());
      int rates = n.get("grid").get("optimizer.learning_rate").size();
      int groups = GROUPS.get(s.name());
      // every rate on the 2 tune seeds, then the chosen one on the 3 report seeds
      assertEquals(groups * rates * 2, sweep.members().size(), s.name());
      assertEquals(groups * 3, sweep.reportRuns(), s.name());
      assertEquals(groups * rates * 3, sweep.tuning().report().size(), s.name());
      assertEquals(sweep.members().size() + sweep.reportRuns(), s.runs(), s.name());
      assertFalse(s.description().contains("\n"), s.name());
    }
    assertEquals(741, Suites.get("memory").runs());
    assertEquals(42, Suites.get("memory-quick").runs());
    assertEquals(288, Suites.get("spiking").runs());
    assertEquals(28, Suites.get("spiking-quick").runs());
  }

  @Test
  void memoryRunsRtrlAtTheShortestDelaysOnly() {
    List<String> rtrlTasks = new ArrayList<>();
    for (Sweep.Member m : sweep(Suites.get("memory")).tuning().report()) {
      assertTrue(m.config().network().cell() instanceof RateCellSpec, m.name());
      assertEquals(16, m.config().network().hidden(), m.name());
      assertTrue(m.config().alignEvery() > 0, m.name());
      if (m.config().rule().name().equals("rtrl")) {
        String task = m.config().task().toString();
        if (!rtrlTasks.contains(task)) {
          rtrlTasks.add(task);
        }
      }
    }
    assertEquals(List.of("copy:delay=5,alphabet=4,length=5,score=recall,encoding=rate",
        "adding:steps=10,encoding=rate",
        "recall:steps=10,delay=5-9,code=onehot,k=2,distractors=true,encoding=rate"), rtrlTasks);
  }

  @Test
  void theQuickSuitesAreSmall() {
    for (String name : List.of("memory-quick", "spiking-quick")) {
      Suites.Suite s = Suites.get(name);
      assertTrue(s.runs() <= 42, name + ": " + s.runs());
      for (Sweep.Member m : sweep(s).members()) {
        RunConfig c = m.config();
        assertTrue(c.iterations() <= 400, m.name() + ": " + c.iterations());
        assertTrue(c.batchSize() <= 32, m.name() + ": " + c.batchSize());
        assertTrue(c.network().hidden() <= 40, m.name() + ": " + c.network().hidden());
        assertTrue(c.createTask().steps() <= 160, m.name() + ": " + c.createTask().steps());
        assertTrue(c.alignEvery() > 0, m.name());
      }
    }
  }

  @Test
  void anUnknownNameIsRefusedNamingTheSuites() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Suites.get("memroy"));
    assertEquals("there is no file memroy and no built-in suite of that name; suites: memory,"
        + " memory-quick, spiking, spiking-quick", e.getMessage());
    assertFalse(Suites.exists("memroy"));
    assertTrue(Suites.exists("spiking-quick"));
  }
}
