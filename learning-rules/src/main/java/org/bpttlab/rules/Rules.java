package org.bpttlab.rules;

import java.util.List;
import java.util.function.Function;
import org.bpttlab.rules.bptt.Bptt;
import org.bpttlab.rules.checkpoint.CheckpointedBptt;
import org.bpttlab.rules.dni.Dni;
import org.bpttlab.rules.eprop.EProp;
import org.bpttlab.rules.fbptt.FutureBptt;
import org.bpttlab.rules.kernl.Kernl;
import org.bpttlab.rules.eprop.Feedback;
import org.bpttlab.rules.readout.ReadoutOnly;
import org.bpttlab.rules.rtrl.FactoredRule;
import org.bpttlab.rules.rtrl.KfRtrl;
import org.bpttlab.rules.rtrl.ReverseKfRtrl;
import org.bpttlab.rules.rtrl.Rtrl;
import org.bpttlab.rules.rtrl.Snap;
import org.bpttlab.rules.rtrl.Uoro;
import org.bpttlab.rules.tbptt.TruncatedBptt;
import org.bpttlab.rules.threefactor.NodePerturbation;
import org.bpttlab.rules.threefactor.RewardModulatedEProp;

/** The registry of learning rules: names, descriptions, options, and construction from a spec. */
public final class Rules {
  /**
   * One rule the registry knows.
   *
   * @param kind its kind
   * @param description one line for {@code ./bpttlab list}
   * @param options the option keys it accepts (empty: none)
   * @param factory builds the rule from a validated spec
   */
  public record Entry(
      RuleKind kind, String description, List<String> options,
      Function<RuleSpec, LearningRule> factory) {
    /** The kind's name. */
    public String name() {
      return kind.label();
    }
  }

  private static final List<Entry> ENTRIES =
      List.of(
          new Entry(RuleKind.BPTT, "exact backpropagation through time (reference gradient)", List.of(),
              s -> new Bptt()),
          new Entry(RuleKind.READOUT_ONLY, "exact gradient of W_out and b_out only; other groups fixed;"
                  + " online=k: update every k steps",
              List.of("online"), s -> new ReadoutOnly(s.intOption("online", 0, 0))),
          new Entry(RuleKind.RTRL,
              "real-time recurrent learning, exact, memory independent of T, O(n^4) per step;"
                  + " online=k: update every k steps",
              List.of("online"), s -> new Rtrl(s.intOption("online", 0, 0))),
          new Entry(RuleKind.TBPTT,
              "truncated BPTT (Williams & Peng): every k1 steps backpropagate k2 steps;"
                  + " online=true: update every k1 steps",
              List.of("k1", "k2", "online"), Rules::truncated),
          new Entry(RuleKind.ARTBP,
              "randomized truncation, unbiased (Tallec & Ollivier): cut each step with"
                  + " probability c, reweight by 1/(1-c)",
              List.of("c", "seed", "online"),
              s -> TruncatedBptt.randomized(s.doubleOption("c", 0.1, 0, 1),
                  s.longOption("seed", 1), s.booleanOption("online", false))),
          new Entry(RuleKind.CHECKPOINTED,
              "BPTT's exact gradient holding at most budget step records (Gruslys et al. 2016),"
                  + " recomputing the rest",
              List.of("budget"), s -> new CheckpointedBptt(s.intOption("budget", 32, 0))),
          new Entry(RuleKind.EPROP,
              "e-prop (Bellec et al. 2020): eligibility traces x learning signal B (y - y*);"
                  + " feedback=symmetric|random|adaptive; gain=g: a random or adaptive B's"
                  + " entries start N(0, g^2/n) (1); online=k: update every k steps;"
                  + " deferred=true: the same gradient computed backward at the sequence's end"
                  + " (faster, memory of BPTT)",
              List.of("feedback", "seed", "gain", "online", "decay", "deferred"), Rules::eprop),
          new Entry(RuleKind.RFLO,
              "random feedback local online learning (Murray 2019): e-prop's form for the rate"
                  + " cell; feedback=random|symmetric (random; symmetric is vanilla-rtrl's"
                  + " default, B = W_out^T); gain=g: a random B's entries N(0, g^2/n) (1);"
                  + " online=k: update every k steps; deferred=true as for eprop",
              List.of("feedback", "seed", "gain", "online", "deferred"), Rules::rflo),
          new Entry(RuleKind.EPROP_REWARD,
              "reward-modulated e-prop: actions drawn from the readout, e-prop traces x the"
                  + " action's feedback, times (reward - running baseline) per trial;"
                  + " feedback=symmetric|random, modulator=baseline|constant|td (a critic's TD"
                  + " error per step)",
              List.of("feedback", "seed", "sigma", "modulator", "beta", "value", "gamma"),
              Rules::rewardEProp),
          new Entry(RuleKind.NODE_PERTURBATION,
              "node perturbation (Fiete & Seung 2006): N(0, sigma^2) noise into every neuron and"
                  + " output, trace = noise x presynaptic activity, times -(loss - baseline);"
                  + " modulator=clean (the noise-free trial)|baseline (running mean)|constant",
              List.of("sigma", "seed", "modulator", "beta", "value"), Rules::nodePerturbation),
          new Entry(RuleKind.SNAP,
              "SnAp-n (Menick et al. 2021): RTRL's influence kept only where n steps of the"
                  + " network's connections reach; n=1 (default) keeps each synapse's own neuron,"
                  + " O(n^2) per step; n at least the graph's diameter is RTRL; online=k",
              List.of("n", "online"), s -> new Snap(s.intOption("n", 1, 1),
                  s.intOption("online", 0, 0))),
          new Entry(RuleKind.UORO,
              "unbiased online recurrent optimization (Tallec & Ollivier 2018): the influence as"
                  + " one random outer product, O(n^2) per step; noise=signs|gaussian; online=k",
              List.of("seed", "noise", "online"), s -> new Uoro(s.intOption("online", 0, 0),
                  s.longOption("seed", 1), noise(s))),
          new Entry(RuleKind.KF_RTRL,
              "Kronecker-factored RTRL (Mujika et al. 2018): influence ~ presynaptic vector x"
                  + " postsynaptic matrix, unbiased, O(n^3) per step; noise=signs|gaussian;"
                  + " online=k",
              List.of("seed", "noise", "online"), s -> new KfRtrl(s.intOption("online", 0, 0),
                  s.longOption("seed", 1), noise(s))),
          new Entry(RuleKind.REVERSE_KF_RTRL,
              "reverse KF-RTRL (Marschall et al. 2020): influence ~ postsynaptic vector x"
                  + " presynaptic matrix, unbiased, O(n^3) per step; noise=signs|gaussian;"
                  + " online=k",
              List.of("seed", "noise", "online"), s -> new ReverseKfRtrl(
                  s.intOption("online", 0, 0), s.longOption("seed", 1), noise(s))),
          new Entry(RuleKind.FBPTT,
              "future-facing BPTT (Marschall et al. 2020): each step's credit collects the"
                  + " losses of the next horizon=h steps (default 10), then hands out its"
                  + " gradient; h >= T is BPTT; online=k: update every k steps",
              List.of("horizon", "online"),
              s -> new FutureBptt(s.intOption("horizon", 10, 1), s.intOption("online", 0, 0))),
          new Entry(RuleKind.DNI,
              "decoupled neural interfaces (Marschall et al. 2020's form): immediate credit plus"
                  + " a learned linear synthetic gradient A [s; y*; 1] of the next step; lr, decay:"
                  + " A's SGD; refresh=k: the target's copy of A every k updates; gain=g: A starts"
                  + " N(0, g^2/m) (0: A = 0); online=k: update every k steps",
              List.of("lr", "decay", "refresh", "gain", "seed", "online"), Rules::dni),
          new Entry(RuleKind.KERNL,
              "kernel RNN learning (Roth et al. 2019), rate cell: traces with learned decays x a"
                  + " learned sensitivity beta, both fitted to the effect of N(0, sigma^2)"
                  + " perturbations; lr: their SGD; decay=d: where the decays start (the cell's"
                  + " leak); online=k: update every k steps",
              List.of("lr", "sigma", "decay", "seed", "online"),
              s -> new Kernl(s.nonNegativeOption("lr", 0.001),
                  s.doubleOption("sigma", 1e-5, 0, Double.POSITIVE_INFINITY),
                  s.options().containsKey("decay") ? s.fractionOption("decay", 0) : Double.NaN,
                  s.longOption("seed", 1), s.intOption("online", 0, 0))));

  private Rules() {}

  /** Option noise of a factored estimator. */
  private static FactoredRule.Noise noise(RuleSpec s) {
    try {
      return FactoredRule.Noise.fromLabel(s.options().getOrDefault("noise", "signs"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("rule " + s.name() + " option " + e.getMessage(), e);
    }
  }

  private static LearningRule truncated(RuleSpec s) {
    int k1 = s.intOption("k1", 10, 1);
    int k2 = s.intOption("k2", k1, 1);
    if (k2 < k1) {
      throw new IllegalArgumentException(
          "rule tbptt option k2 must be >= k1 (" + k1 + "), was " + k2);
    }
    return TruncatedBptt.fixed(k1, k2, s.booleanOption("online", false));
  }

  private static LearningRule eprop(RuleSpec s) {
    Feedback.Kind kind;
    try {
      kind = Feedback.Kind.fromLabel(s.options().getOrDefault("feedback", "symmetric"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("rule eprop option " + e.getMessage(), e);
    }
    if (kind != Feedback.Kind.ADAPTIVE) {
      if (s.options().containsKey("decay")) {
        throw new IllegalArgumentException(
            "rule eprop option decay applies to feedback=adaptive only");
      }
    }
    if (kind == Feedback.Kind.SYMMETRIC && s.options().containsKey("seed")) {
      throw new IllegalArgumentException(
          "rule eprop option seed applies to feedback=random or adaptive only");
    }
    return deferred(s, EProp.of(kind, s.longOption("seed", 1), s.intOption("online", 0, 0),
        s.nonNegativeOption("decay", 0.01), gain(s, kind)));
  }

  private static LearningRule rflo(RuleSpec s) {
    String label = s.options().getOrDefault("feedback", "random");
    if (!label.equals("random") && !label.equals("symmetric")) {
      throw new IllegalArgumentException(
          "rule rflo option feedback must be one of random, symmetric, was '" + label + "'");
    }
    Feedback.Kind kind = Feedback.Kind.fromLabel(label);
    if (kind == Feedback.Kind.SYMMETRIC && s.options().containsKey("seed")) {
      throw new IllegalArgumentException("rule rflo option seed applies to feedback=random only");
    }
    return deferred(s, EProp.rflo(kind, s.longOption("seed", 1), s.intOption("online", 0, 0),
        gain(s, kind)));
  }

  /** Option gain of a random or adaptive B (refused with symmetric feedback). */
  private static double gain(RuleSpec s, Feedback.Kind kind) {
    if (kind == Feedback.Kind.SYMMETRIC && s.options().containsKey("gain")) {
      throw new IllegalArgumentException("rule " + s.name()
          + " option gain applies to feedback=random or adaptive only");
    }
    return s.doubleOption("gain", 1, 0, Double.POSITIVE_INFINITY);
  }

  /** The rule with option {@code deferred} applied; online=k with deferred=true is refused. */
  private static EProp deferred(RuleSpec s, EProp rule) {
    boolean on = s.booleanOption("deferred", false);
    if (on && s.intOption("online", 0, 0) > 0) {
      throw new IllegalArgumentException("rule " + s.name() + " option deferred=true computes the"
          + " gradient at the end of the sequence and cannot be combined with online="
          + s.options().get("online"));
    }
    return rule.deferred(on);
  }

  private static LearningRule dni(RuleSpec s) {
    double gain = s.nonNegativeOption("gain", 1);
    if (gain == 0 && s.options().containsKey("seed")) {
      throw new IllegalArgumentException("rule dni option seed applies to gain > 0 only");
    }
    return new Dni(s.nonNegativeOption("lr", 0.01), s.nonNegativeOption("decay", 0),
        s.intOption("refresh", 5, 1), gain, s.longOption("seed", 1), s.intOption("online", 0, 0));
  }

  private static LearningRule rewardEProp(RuleSpec s) {
    Feedback.Kind kind;
    try {
      kind = Feedback.Kind.fromLabel(s.options().getOrDefault("feedback", "symmetric"));
      if (kind == Feedback.Kind.ADAPTIVE) {
        throw new IllegalArgumentException(
            "feedback must be one of symmetric, random, was 'adaptive'");
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("rule eprop-reward option " + e.getMessage(), e);
    }
    String modulator = modulator(s, "baseline");
    if (modulator.equals("clean")) {
      throw new IllegalArgumentException("rule eprop-reward option modulator must be one of"
          + " baseline, constant, td, was 'clean'");
    }
    if (!modulator.equals("td") && s.options().containsKey("gamma")) {
      throw new IllegalArgumentException(
          "rule eprop-reward option gamma applies to modulator=td only");
    }
    double gamma = s.fractionOption("gamma", 0.9);
    return new RewardModulatedEProp(kind, s.longOption("seed", 1),
        s.doubleOption("sigma", 0.1, 0, Double.POSITIVE_INFINITY), modulator,
        s.doubleOption("beta", 0.1, 0, 1), s.doubleOption("value", 1,
            Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY), gamma);
  }

  private static LearningRule nodePerturbation(RuleSpec s) {
    String modulator = modulator(s, "clean");
    return new NodePerturbation(s.doubleOption("sigma", 0.1, 0, Double.POSITIVE_INFINITY),
        s.longOption("seed", 1), modulator, s.doubleOption("beta", 0.1, 0, 1),
        s.doubleOption("value", 1, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY));
  }

  /** A three-factor rule's modulator option; value only with constant, beta only with baseline. */
  private static String modulator(RuleSpec s, String fallback) {
    String m = s.options().getOrDefault("modulator", fallback);
    boolean reward = s.kind() == RuleKind.EPROP_REWARD;
    List<String> allowed = reward
        ? List.of("baseline", "constant", "td") : List.of("clean", "baseline", "constant");
    if (!allowed.contains(m) && !m.equals("clean")) {
      throw new IllegalArgumentException("rule " + s.name()
          + " option modulator must be one of " + String.join(", ", allowed) + ", was '" + m
          + "'");
    }
    if (m.equals("td") && !reward) {
      throw new IllegalArgumentException("rule " + s.name()
          + " option modulator must be one of " + String.join(", ", allowed) + ", was 'td'");
    }
    if (!m.equals("constant") && s.options().containsKey("value")) {
      throw new IllegalArgumentException(
          "rule " + s.name() + " option value applies to modulator=constant only");
    }
    if (!m.equals("baseline") && s.options().containsKey("beta")) {
      throw new IllegalArgumentException(
          "rule " + s.name() + " option beta applies to modulator=baseline only");
    }
    return m;
  }

  public static List<Entry> entries() {
    return ENTRIES;
  }

  /** The names of all rules, in registry order. */
  public static List<String> names() {
    return RuleKind.labels();
  }

  /** Builds the rule a spec names; throws naming the allowed names or options. */
  public static LearningRule create(RuleSpec spec) {
    RuleKind kind = spec.kind();
    Entry e = ENTRIES.stream().filter(x -> x.kind() == kind).findFirst().orElseThrow();
    for (String key : spec.options().keySet()) {
      if (!e.options().contains(key)) {
        throw new IllegalArgumentException(
            "rule " + e.name() + " has no option " + key
                + (e.options().isEmpty() ? " (it takes none)" : "; allowed: " + e.options()));
      }
    }
    return e.factory().apply(spec);
  }
}
