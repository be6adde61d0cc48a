package org.bpttlab.experiment.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import org.bpttlab.core.NetworkSpec;
import org.bpttlab.core.SpikingCellSpec;
import org.bpttlab.experiment.io.Json;
import org.bpttlab.rules.RuleSpec;
import org.bpttlab.rules.optim.OptimizerSpec;
import org.bpttlab.tasks.Task;
import org.bpttlab.tasks.Tasks;
import org.junit.jupiter.api.Test;

class CompareConfigTest {
  private static final Task COPY = Tasks.create("copy:delay=4");

  private static RunConfig base(RuleSpec rule, long seed) {
    NetworkSpec net = NetworkSpec.of(COPY.inputs(), SpikingCellSpec.alif(6).withAdaptiveNeurons(2),
        COPY.outputs(), COPY.loss());
    return new RunConfig("cmp", COPY.spec(), net, rule, OptimizerSpec.rprop(0.01), seed, 12, 3,
        4, 9, 2, RunConfig.DEFAULT_CHECKPOINT_EVERY, List.of("b_out"));
  }

  @Test
  void aComparisonRoundTripsThroughItsConfigJson() throws IOException {
    List<RuleSpec> rules = List.of(RuleSpec.parse("eprop:feedback=random,seed=3"),
        RuleSpec.of("bptt"), RuleSpec.parse("tbptt:k1=2,k2=4"));
    CompareConfig c = new CompareConfig(base(rules.get(0), 5), rules, List.of(5L, 6L));
    String text = Json.toText(c.written());
    JsonNode node = Json.mapper().readTree(text);
    CompareConfig back = CompareConfig.fromJson(node, "unused");
    assertEquals(c, back);
    assertEquals(c.toJson(), back.toJson());
    assertEquals(base(rules.get(2), 6), back.run(rules.get(2), 6));
  }

  @Test
  void aComparisonOfOneRuleAndOneSeedIsARunBesideIt() throws IOException {
    RuleSpec rule = RuleSpec.parse("tbptt:k1=2");
    CompareConfig c = new CompareConfig(base(rule, 5), List.of(rule), List.of(5L));
    RunConfig run = RunConfig.fromJson(Json.mapper().readTree(Json.toText(c.written())), "x");
    assertEquals(base(rule, 5).member("cmp-tbptt", rule, 5), run);
    assertEquals(c.base().training(), run.training());
  }

  @Test
  void rulesAndSeedsMustBeginWithTheBase() {
    RuleSpec bptt = RuleSpec.of("bptt");
    assertThrows(IllegalArgumentException.class,
        () -> new CompareConfig(base(bptt, 5), List.of(RuleSpec.of("rtrl")), List.of(5L)));
    assertThrows(IllegalArgumentException.class,
        () -> new CompareConfig(base(bptt, 5), List.of(bptt), List.of(6L)));
  }
}
