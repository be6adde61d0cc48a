package org.bpttlab.experiment.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.bpttlab.rules.RuleKind;
import org.bpttlab.rules.RuleSpec;
import org.bpttlab.rules.Rules;
import org.bpttlab.tasks.Task;
import org.bpttlab.tasks.Tasks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Rules and tasks are text in a config: the text read back is the spec, written as given. */
class RuleAndTaskCodecTest {
  /** Every rule, and every option of every rule at least once (the option order as given). */
  static List<String> rules() {
    return List.of("bptt", "readout-only:online=3", "rtrl:online=2", "tbptt:k2=10,k1=5",
        "tbptt:k1=4,online=true", "artbp:c=0.2,seed=3,online=false", "checkpointed:budget=8",
        "eprop:feedback=adaptive,seed=2,gain=0.5,decay=0.1", "eprop:online=5",
        "eprop:deferred=true", "rflo:feedback=symmetric,online=1", "rflo:seed=4,gain=2,deferred=true",
        "eprop-reward:feedback=random,seed=2,sigma=0.2,modulator=baseline,beta=0.3",
        "eprop-reward:modulator=constant,value=0.5", "eprop-reward:modulator=td,gamma=0.8",
        "node-perturbation:sigma=0.05,seed=9,modulator=baseline,beta=0.2",
        "node-perturbation:modulator=constant,value=2", "snap", "snap:n=2,online=3",
        "uoro:seed=3,noise=gaussian,online=2", "kf-rtrl:seed=2,noise=signs,online=1",
        "reverse-kf-rtrl:seed=4,noise=gaussian,online=5",
        "fbptt:horizon=4,online=3",
        "dni:lr=0.02,decay=0.001,refresh=3,gain=0.5,seed=4,online=2",
        "kernl:lr=0.01,sigma=0.0001,decay=0.5,seed=2,online=3");
  }

  @ParameterizedTest
  @MethodSource("rules")
  void aRuleReadsBackToItsSpecAndWritesItsLabelAsGiven(String text) {
    RuleSpec spec = RuleCodec.read(text);
    assertEquals(RuleSpec.parse(text), spec);
    assertEquals(text, RuleCodec.write(spec), "the label in every CSV");
    assertEquals(spec, RuleCodec.read(RuleCodec.write(spec)));
  }

  @Test
  void theRulesCoverEveryKindAndEveryOption() {
    Set<String> seen = new TreeSet<>();
    Set<String> kinds = new TreeSet<>();
    for (String text : rules()) {
      RuleSpec s = RuleSpec.parse(text);
      kinds.add(s.kind().label());
      s.options().keySet().forEach(k -> seen.add(s.name() + "." + k));
    }
    assertEquals(new TreeSet<>(RuleKind.labels()), kinds);
    Set<String> all = new TreeSet<>();
    Rules.entries().forEach(e -> e.options().forEach(k -> all.add(e.name() + "." + k)));
    assertEquals(all, seen);
  }

  @Test
  void aBadRuleNamesTheFieldAndWhatIsAllowed() {
    String m = assertThrows(IllegalArgumentException.class, () -> RuleCodec.read("eprob"))
        .getMessage();
    assertTrue(m.startsWith("rule: unknown rule 'eprob'; allowed: bptt, readout-only"), m);
    m = assertThrows(IllegalArgumentException.class, () -> RuleCodec.read("tbptt:k3=1"))
        .getMessage();
    assertEquals("rule: rule tbptt has no option k3; allowed: [k1, k2, online]", m);
  }

  @ParameterizedTest
  @MethodSource("org.bpttlab.tasks.Tasks#names")
  void aTaskReadsBackToItsSpecWithEveryOptionWrittenOut(String name) {
    Task task = TaskCodec.read(name);
    String text = TaskCodec.write(task.spec());
    Task back = TaskCodec.read(text);
    assertEquals(task.spec(), back.spec());
    assertEquals(text, TaskCodec.write(back.spec()));
    assertEquals(Tasks.create(name).spec(), back.spec());
  }
}
