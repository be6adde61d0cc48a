package org.bpttlab.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RulesTest {
  @Test
  void parsesNamesWithOptionsAndWritesThemBack() {
    RuleSpec spec = RuleSpec.parse("tbptt:k1=5,k2=10");
    assertEquals("tbptt", spec.name());
    assertEquals(Map.of("k1", "5", "k2", "10"), spec.options());
    assertEquals("tbptt:k1=5,k2=10", spec.toString());
    assertEquals("bptt", RuleSpec.parse(" bptt ").toString());
  }

  @Test
  void malformedOptionsAreRejectedWithTheOffendingText() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> RuleSpec.parse("tbptt:k1"));
    assertTrue(e.getMessage().contains("key=value"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> RuleSpec.parse("tbptt:k1=1,k1=2"));
    assertTrue(e.getMessage().contains("twice"), e.getMessage());
  }

  @Test
  void theRegistryBuildsEveryRuleByNameAndNamesTheAllowedOnes() {
    for (String name : Rules.names()) {
      assertEquals(name, Rules.create(RuleSpec.of(name)).name());
    }
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Rules.create(RuleSpec.of("bptx")));
    assertTrue(e.getMessage().contains("bptt, readout-only"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Rules.create(RuleSpec.parse("bptt:k=1")));
    assertTrue(e.getMessage().contains("no option k"), e.getMessage());
  }
}
