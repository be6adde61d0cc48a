package org.bpttlab.tasks;

import java.util.List;
import java.util.function.Function;
import org.bpttlab.tasks.adding.AddingProblem;
import org.bpttlab.tasks.adding.AddingProblem1997;
import org.bpttlab.tasks.copy.CopyTask;
import org.bpttlab.tasks.evidence.EvidenceAccumulation;
import org.bpttlab.tasks.flipflop.FlipFlop;
import org.bpttlab.tasks.influence.InfluenceBalancing;
import org.bpttlab.tasks.nonmatch.DelayedNonMatch;
import org.bpttlab.tasks.onlineadd.OnlineAdd;
import org.bpttlab.tasks.pattern.PatternGeneration;
import org.bpttlab.tasks.periodic.PeriodicTarget;
import org.bpttlab.tasks.recall.DelayedRecall;

/**
 * The registry of tasks: names, descriptions, options, and construction from a {@link TaskSpec}
 * ({@code copy:delay=20,encoding=spiking}) or from a name and a sequence length.
 */
public final class Tasks {
  /**
   * One task the registry knows.
   *
   * @param name its name
   * @param description one line for {@code ./bpttlab list}
   * @param options the option keys it accepts
   * @param lengthOption the option that {@link Tasks#create(String, int)}'s length sets
   * @param factory builds the task from its (key-checked) options, validating their values
   */
  public record Entry(String name, String description, List<String> options, String lengthOption,
      Function<TaskOptions, Task> factory) {}

  private static final List<Entry> ENTRIES =
      List.of(
          new Entry("adding",
              "adding problem, modern form: sum of two marked U[0,1] values (MSE; baseline 1/6)",
              AddingProblem.OPTIONS, "steps", AddingProblem::create),
          new Entry("adding-1997",
              "adding problem of Hochreiter & Schmidhuber 1997: lengths T..1.1T, values U[-1,1],"
                  + " target 0.5+(X1+X2)/4, correct if |error| < 0.04 (baseline 85% wrong)",
              AddingProblem1997.OPTIONS, "length", AddingProblem1997::create),
          new Entry("copy",
              "copy task of Arjovsky et al. 2016: 10 symbols of 8 back after a delay T (CE per"
                  + " step; baseline 10 ln 8/(T+20))",
              CopyTask.OPTIONS, "delay", CopyTask::create),
          new Entry("recall",
              "delayed recall: report at a recall cue the value stored at a store cue a random"
                  + " delay earlier (one-hot or bits; baseline: the prior)",
              DelayedRecall.OPTIONS, "steps", DelayedRecall::create),
          new Entry("evidence",
              "evidence accumulation of Bellec et al. 2020 Fig. 3: 7 Poisson cues, left or right"
                  + " majority after a delay, 2250 ms (baseline 50% error)",
              EvidenceAccumulation.OPTIONS, "steps", EvidenceAccumulation::create),
          new Entry("pattern",
              "pattern generation of Bellec et al. 2020 Fig. S7: sum of 4 sines from 100 frozen"
                  + " 50 Hz Poisson inputs, 1000 ms (normalised MSE; baseline 1)",
              PatternGeneration.OPTIONS, "steps", PatternGeneration::create),
          new Entry("online-add",
              "add task of Marschall et al. 2020: y = 0.5+0.5x(t-6)-0.25x(t-10) on a Bernoulli"
                  + " stream, 2-way CE (baselines 0.66/0.52/0.45)",
              OnlineAdd.OPTIONS, "steps", OnlineAdd::create),
          new Entry("periodic",
              "periodic target of Murray 2019 (RFLO): sin(2pi t/100) + 0.5 sin(4pi t/100) + 0.25"
                  + " sin(8pi t/100) without input, 100 steps (1/2 mean err^2; baseline 0.328)",
              PeriodicTarget.OPTIONS, "steps", PeriodicTarget::create),
          new Entry("flip-flop",
              "K-bit flip-flop of Sussillo & Barak 2013 (vanilla-rtrl form): each output holds"
                  + " the sign of its channel's last +-1 pulse, a stream (MSE; baseline 0.76, no"
                  + " memory)",
              FlipFlop.OPTIONS, "steps", FlipFlop::create),
          new Entry("delayed-non-match",
              "delayed non-match of vanilla-rtrl: do stimuli A/B a delay apart differ? report"
                  + " (1,0) match, (0,1) non-match (MSE; error over the report, baseline 0.5)",
              DelayedNonMatch.OPTIONS, "delay", DelayedNonMatch::create),
          new Entry("influence-balancing",
              "influence balancing of Tallec & Ollivier 2018 (UORO): constant input 1, target 1"
                  + " at every step of a stream (MSE; baseline 0.5, output 0); its model is the"
                  + " reproduction's",
              InfluenceBalancing.OPTIONS, "steps", InfluenceBalancing::create));

  private Tasks() {}

  public static List<Entry> entries() {
    return ENTRIES;
  }

  /** Task names, in registry order. */
  public static List<String> names() {
    return ENTRIES.stream().map(Entry::name).toList();
  }

  /** The entry of that name; throws naming the allowed names. */
  public static Entry entry(String name) {
    for (Entry e : ENTRIES) {
      if (e.name().equals(name)) {
        return e;
      }
    }
    throw new IllegalArgumentException(
        "unknown task '" + name + "'; allowed: " + String.join(", ", names()));
  }

  /**
   * The task a spec describes; throws one IllegalArgumentException naming the task, the option and
   * its allowed values for an unknown task, an unknown option or a bad value.
   */
  public static Task create(TaskSpec spec) {
    Entry e = entry(spec.name());
    TaskOptions options = new TaskOptions(spec, e.options());
    try {
      return e.factory().apply(options);
    } catch (IllegalArgumentException ex) {
      throw new IllegalArgumentException("task " + e.name() + ": " + ex.getMessage(), ex);
    }
  }

  /** The task a spec string describes ({@code name[:key=value,...]}). */
  public static Task create(String spec) {
    return create(TaskSpec.parse(spec));
  }

  /**
   * The task {@code spec} (a name, or a spec string) with its length option set to {@code steps}:
   * T for most tasks, the delay T for {@code copy} (T + 20 steps), the shortest length T for
   * {@code adding-1997} (up to 1.1·T steps), the delay D for {@code delayed-non-match} (2D + 10
   * steps at its other defaults); see {@link Entry#lengthOption}.
   */
  public static Task create(String spec, int steps) {
    TaskSpec s = TaskSpec.parse(spec);
    String key = entry(s.name()).lengthOption();
    if (s.options().containsKey(key)) {
      throw new IllegalArgumentException("task " + s.name() + ": option " + key
          + " is given by the sequence length " + steps + "; do not give it in the spec too");
    }
    return create(s.with(key, steps));
  }
}
