package org.bpttlab.tasks;

import java.util.List;
import org.bpttlab.tasks.adding.AddingProblem;

/** The registry of tasks. */
public final class Tasks {
  private Tasks() {}

  /** Task names, in registry order. */
  public static List<String> names() {
    return List.of("adding");
  }

  /** One-line descriptions, parallel to {@link #names()}. */
  public static List<String> descriptions() {
    return List.of(
        "adding problem, modern form: sum of two marked U[0,1] values (MSE; baseline 1/6)");
  }

  /** The task of that name with sequence length {@code steps}; throws naming the allowed names. */
  public static Task create(String name, int steps) {
    if ("adding".equals(name)) {
      return new AddingProblem(steps);
    }
    throw new IllegalArgumentException(
        "unknown task '" + name + "'; allowed: " + String.join(", ", names()));
  }
}
