package org.bpttlab.rules;

import java.util.List;
import java.util.function.Function;
import org.bpttlab.rules.bptt.Bptt;
import org.bpttlab.rules.readout.ReadoutOnly;

/** The registry of learning rules: names, descriptions, options, and construction from a spec. */
public final class Rules {
  /**
   * One rule the registry knows.
   *
   * @param name its name
   * @param description one line for {@code ./bpttlab list}
   * @param options the option keys it accepts (empty: none)
   * @param factory builds the rule from a validated spec
   */
  public record Entry(
      String name, String description, List<String> options,
      Function<RuleSpec, LearningRule> factory) {}

  private static final List<Entry> ENTRIES =
      List.of(
          new Entry("bptt", "exact backpropagation through time (reference gradient)", List.of(),
              s -> new Bptt()),
          new Entry("readout-only", "exact gradient of W_out and b_out only; other groups fixed",
              List.of(), s -> new ReadoutOnly()));

  private Rules() {}

  public static List<Entry> entries() {
    return ENTRIES;
  }

  /** The names of all rules, in registry order. */
  public static List<String> names() {
    return ENTRIES.stream().map(Entry::name).toList();
  }

  /** Builds the rule a spec names; throws naming the allowed names or options. */
  public static LearningRule create(RuleSpec spec) {
    for (Entry e : ENTRIES) {
      if (e.name().equals(spec.name())) {
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
    throw new IllegalArgumentException(
        "unknown rule '" + spec.name() + "'; allowed: " + String.join(", ", names()));
  }
}
