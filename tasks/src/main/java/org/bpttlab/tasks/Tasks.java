package org.bpttlab.tasks;

import java.util.List;
import java.util.function.IntFunction;
import org.bpttlab.tasks.adding.AddingProblem;

/** The registry of tasks: names, descriptions and construction by sequence length. */
public final class Tasks {
  /**
   * One task the registry knows.
   *
   * @param name its name on the command line
   * @param description one line for {@code ./bpttlab list}
   * @param factory builds the task for a sequence length T (validating it)
   */
  public record Entry(String name, String description, IntFunction<Task> factory) {}

  private static final List<Entry> ENTRIES =
      List.of(
          new Entry("adding",
              "adding problem, modern form: sum of two marked U[0,1] values (MSE; baseline 1/6)",
              AddingProblem::new));

  private Tasks() {}

  public static List<Entry> entries() {
    return ENTRIES;
  }

  /** Task names, in registry order. */
  public static List<String> names() {
    return ENTRIES.stream().map(Entry::name).toList();
  }

  /** The task of that name with sequence length {@code steps}; throws naming the allowed names. */
  public static Task create(String name, int steps) {
    for (Entry e : ENTRIES) {
      if (e.name().equals(name)) {
        return e.factory().apply(steps);
      }
    }
    throw new IllegalArgumentException(
        "unknown task '" + name + "'; allowed: " + String.join(", ", names()));
  }
}
