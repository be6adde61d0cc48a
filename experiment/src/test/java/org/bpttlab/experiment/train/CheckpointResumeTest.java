package org.bpttlab.experiment.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.DoubleStream;
import java.util.stream.Stream;
import org.bpttlab.core.NetworkSpec;
import org.bpttlab.core.RateCellSpec;
import org.bpttlab.core.SpikingCellSpec;
import org.bpttlab.rules.LearningRule;
import org.bpttlab.rules.RuleSpec;
import org.bpttlab.rules.Rules;
import org.bpttlab.rules.optim.OptimizerSpec;
import org.bpttlab.tasks.Task;
import org.bpttlab.tasks.Tasks;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A training stopped after a checkpoint and continued from it in a fresh {@link RuleTraining}
 * gives the same numbers, bit for bit, as one that ran straight through: metrics, alignment rows,
 * parameters, optimizer state, the session's carried state, and the held-out score. For every rule
 * in the registry (a rule added later is tested by being registered) and the variants that carry
 * state between sequences or update online.
 */
class CheckpointResumeTest {
  static Stream<String> rules() {
    List<String> all = new ArrayList<>(Rules.names());
    all.addAll(List.of("rtrl:online=3", "tbptt:k1=2,k2=4,online=true", "artbp:c=0.3,online=true",
        "eprop:feedback=random", "eprop:feedback=adaptive", "eprop:feedback=adaptive,online=4",
        "eprop-reward:modulator=td", "node-perturbation:modulator=baseline",
        "fbptt:horizon=3,online=2", "dni:online=3",
        "kernl:lr=0.05,online=3"));
    return all.stream();
  }

  private static RuleTraining training(Task task, TrainingSpec spec, String rule) {
    LearningRule r = Rules.create(RuleSpec.parse(rule));
    try {
      return new RuleTraining(task, spec, rule, r);
    } catch (IllegalArgumentException e) {
      // a rule for spiking networks only
      NetworkSpec lif = NetworkSpec.of(task.inputs(), SpikingCellSpec.lif(5), task.outputs(),
          task.loss());
      return new RuleTraining(task, new TrainingSpec(lif, spec.optimizer(), spec.seed(),
          spec.iterations(), spec.batchSize(), spec.evalEvery(), spec.evalBatches(),
          spec.alignEvery()), rule, r);
    }
  }

  /** Everything in a step but the seconds. */
  private static double[] numbers(List<RuleTraining.Step> steps) {
    return steps.stream().flatMapToDouble(s -> {
      DoubleStream m = s.metrics() == null ? DoubleStream.of(s.iteration(), s.loss())
          : DoubleStream.of(s.iteration(), s.loss(), s.metrics().metric(), s.metrics().gradNorm(),
              s.metrics().cost().peakStoredDoubles(), s.metrics().cost().flopsPerStep());
      DoubleStream a = s.alignment().stream().flatMapToDouble(r -> DoubleStream.of(
          r.alignment().cosine(), r.alignment().normRatio(), r.alignment().signAgreement(),
          r.alignment().estimateNorm(), r.alignment().exactNorm()));
      return DoubleStream.concat(m, a);
    }).toArray();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  void resumingFromACheckpointIsBitIdentical(String rule) {
    Task task = Tasks.create("online-add:steps=9");
    NetworkSpec net = NetworkSpec.of(task.inputs(), new RateCellSpec(5, 0.7, false),
        task.outputs(), task.loss());
    TrainingSpec spec = new TrainingSpec(net, OptimizerSpec.adam(0.05).withClipNorm(1), 11, 7, 3,
        2, 1, 3);

    RuleTraining straight = training(task, spec, rule);
    List<RuleTraining.Step> all = new ArrayList<>();
    while (!straight.done()) {
      all.add(straight.next());
    }

    RuleTraining first = training(task, spec, rule);
    for (int i = 0; i < 4; i++) {
      first.next();
    }
    Checkpoint c = first.checkpoint();
    first.next(); // the killed process went on a little past its checkpoint
    RuleTraining resumed = training(task, spec, rule);
    resumed.restore(c);
    assertEquals(4, resumed.iteration());
    List<RuleTraining.Step> rest = new ArrayList<>();
    while (!resumed.done()) {
      rest.add(resumed.next());
    }

    assertArrayEquals(numbers(all.subList(4, 7)), numbers(rest));
    Checkpoint end = straight.checkpoint();
    Checkpoint endResumed = resumed.checkpoint();
    assertArrayEquals(end.parameters().flatten(), endResumed.parameters().flatten());
    assertEquals(end.optimizer(), endResumed.optimizer());
    assertArrayEquals(end.carriedState(), endResumed.carriedState());
    assertEquals(straight.evaluate(), resumed.evaluate());
  }

  @org.junit.jupiter.api.Test
  void aCheckpointOfAnotherRuleOrSeedIsRefused() {
    Task task = Tasks.create("online-add:steps=6");
    NetworkSpec net = NetworkSpec.of(task.inputs(), RateCellSpec.vanilla(4), task.outputs(),
        task.loss());
    TrainingSpec spec = new TrainingSpec(net, OptimizerSpec.adam(0.05), 1, 3, 2, 1, 0);
    Checkpoint c = training(task, spec, "bptt").checkpoint();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> training(task, spec, "rtrl").restore(c));
    assertEquals("checkpoint is of rule bptt, this training's rule is rtrl", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> training(task, spec.withSeed(2), "bptt").restore(c));
    assertEquals("checkpoint is of seed 1, this training's seed is 2", e.getMessage());
  }
}
