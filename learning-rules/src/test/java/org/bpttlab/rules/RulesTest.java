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
      String built = Rules.create(RuleSpec.of(name)).name();
      assertTrue(built.equals(name) || built.startsWith(name + ":"), built);
    }
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Rules.create(RuleSpec.of("bptx")));
    assertTrue(e.getMessage().contains("bptt, readout-only"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Rules.create(RuleSpec.parse("bptt:k=1")));
    assertTrue(e.getMessage().contains("no option k"), e.getMessage());
  }

  @Test
  void optionValuesAreBuiltAndBadOnesNamed() {
    assertEquals("tbptt:k1=5,k2=10", Rules.create(RuleSpec.parse("tbptt:k1=5,k2=10")).name());
    assertEquals("tbptt:k1=4,k2=4,online=true",
        Rules.create(RuleSpec.parse("tbptt:k1=4,online=true")).name());
    assertEquals("checkpointed:budget=8",
        Rules.create(RuleSpec.parse("checkpointed:budget=8")).name());
    assertEquals("rtrl:online=1", Rules.create(RuleSpec.parse("rtrl:online=1")).name());
    assertEquals("artbp:c=0.2,seed=3", Rules.create(RuleSpec.parse("artbp:c=0.2,seed=3")).name());
    assertEquals("rule tbptt option k2 must be >= k1 (5), was 2",
        message("tbptt:k1=5,k2=2"));
    assertEquals("rule artbp option c must be a number in (0.0, 1.0), was '1.5'",
        message("artbp:c=1.5"));
    assertEquals("rule checkpointed option budget must be an integer >= 0, was '-1'",
        message("checkpointed:budget=-1"));
    assertEquals("rule tbptt option online must be true or false, was 'yes'",
        message("tbptt:online=yes"));
    assertEquals("rule rtrl option online must be an integer >= 0, was 'x'",
        message("rtrl:online=x"));
    assertEquals("eprop", Rules.create(RuleSpec.parse("eprop:feedback=symmetric")).name());
    assertEquals("eprop:feedback=random,seed=3,online=5",
        Rules.create(RuleSpec.parse("eprop:feedback=random,seed=3,online=5")).name());
    assertEquals("eprop:feedback=adaptive,seed=1,decay=0.0",
        Rules.create(RuleSpec.parse("eprop:feedback=adaptive,decay=0")).name());
    assertEquals("eprop:feedback=random,seed=3,deferred=true",
        Rules.create(RuleSpec.parse("eprop:feedback=random,seed=3,deferred=true")).name());
    assertEquals("eprop:deferred=true", Rules.create(RuleSpec.parse("eprop:deferred=true")).name());
    assertEquals("rflo:seed=1,deferred=true",
        Rules.create(RuleSpec.parse("rflo:deferred=true")).name());
    assertEquals("rule eprop option deferred=true computes the gradient at the end of the"
        + " sequence and cannot be combined with online=4", message("eprop:online=4,deferred=true"));
    assertEquals("rflo:seed=2", Rules.create(RuleSpec.parse("rflo:seed=2")).name());
    assertEquals("rflo:seed=1,gain=2.5,online=1",
        Rules.create(RuleSpec.parse("rflo:online=1,gain=2.5")).name());
    assertEquals("rule rflo option gain must be a number in (0.0, Infinity), was '0'",
        message("rflo:gain=0"));
    assertEquals("rflo:feedback=symmetric,online=1",
        Rules.create(RuleSpec.parse("rflo:feedback=symmetric,online=1")).name());
    assertEquals("rule rflo option feedback must be one of random, symmetric, was 'adaptive'",
        message("rflo:feedback=adaptive"));
    assertEquals("rule rflo option gain applies to feedback=random or adaptive only",
        message("rflo:feedback=symmetric,gain=2"));
    assertEquals("eprop:feedback=random,seed=1,gain=10.0",
        Rules.create(RuleSpec.parse("eprop:feedback=random,gain=10")).name());
    assertEquals("rule eprop option gain applies to feedback=random or adaptive only",
        message("eprop:gain=2"));
    assertEquals("readout-only:online=3",
        Rules.create(RuleSpec.parse("readout-only:online=3")).name());
    assertEquals("rule readout-only option online must be an integer >= 0, was '-1'",
        message("readout-only:online=-1"));
    assertEquals("rule eprop option feedback must be one of symmetric, random, adaptive, was 'fixed'",
        message("eprop:feedback=fixed"));
    assertEquals("rule eprop option decay applies to feedback=adaptive only",
        message("eprop:feedback=random,decay=0.1"));
    assertEquals("rule eprop option seed applies to feedback=random or adaptive only",
        message("eprop:seed=2"));
    assertEquals("rule eprop option decay must be a finite number >= 0, was '-1'",
        message("eprop:feedback=adaptive,decay=-1"));
    assertEquals("node-perturbation:sigma=0.1,seed=1,modulator=clean",
        Rules.create(RuleSpec.of("node-perturbation")).name());
    assertEquals("node-perturbation:sigma=0.05,seed=2,modulator=baseline,beta=0.2",
        Rules.create(RuleSpec.parse("node-perturbation:sigma=0.05,seed=2,modulator=baseline,"
            + "beta=0.2")).name());
    assertEquals("eprop-reward:feedback=random,seed=3,sigma=0.1,modulator=constant,value=2.0",
        Rules.create(RuleSpec.parse("eprop-reward:feedback=random,seed=3,modulator=constant,"
            + "value=2")).name());
    assertEquals("rule eprop-reward option modulator must be one of baseline, constant, td, was"
        + " 'clean'", message("eprop-reward:modulator=clean"));
    assertEquals("eprop-reward:feedback=symmetric,seed=1,sigma=0.1,modulator=td,gamma=1.0",
        Rules.create(RuleSpec.parse("eprop-reward:modulator=td,gamma=1")).name());
    assertEquals("rule eprop-reward option gamma applies to modulator=td only",
        message("eprop-reward:gamma=0.5"));
    assertEquals("rule node-perturbation option modulator must be one of clean, baseline,"
        + " constant, was 'td'", message("node-perturbation:modulator=td"));
    assertEquals("rule eprop-reward option feedback must be one of symmetric, random, was"
        + " 'adaptive'", message("eprop-reward:feedback=adaptive"));
    assertEquals("rule node-perturbation option value applies to modulator=constant only",
        message("node-perturbation:value=2"));
    assertEquals("rule node-perturbation option beta applies to modulator=baseline only",
        message("node-perturbation:beta=0.5"));
    assertEquals("rule node-perturbation option sigma must be a number in (0.0, Infinity), was"
        + " '0'", message("node-perturbation:sigma=0"));
  }

  private static String message(String spec) {
    return assertThrows(IllegalArgumentException.class, () -> Rules.create(RuleSpec.parse(spec)))
        .getMessage();
  }
}
