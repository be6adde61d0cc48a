package org.bpttlab.rules;

/**
 * A rule with the option {@code online=k}: a gradient every k steps ({@link OnlineSession}), or
 * once per sequence for k = 0. Its name is {@code rule}, {@code rule:online=k}, or with the rule's
 * other options first ({@link #options()}), {@code rule:key=value,...,online=k}.
 */
public abstract class OnlineRule implements LearningRule {
  private final String rule;
  /** The option's k, ≥ 0. */
  protected final int online;

  /** @throws IllegalArgumentException if {@code online} &lt; 0 */
  protected OnlineRule(String rule, int online) {
    this.rule = rule;
    this.online = Session.onlineEvery(online);
  }

  /** The rule's name without options ({@code rtrl}). */
  protected final String label() {
    return rule;
  }

  /** The rule's other options as its name writes them, {@code key=value,...}; "" for none. */
  protected String options() {
    return "";
  }

  @Override
  public final boolean updatesOnline() {
    return online > 0;
  }

  @Override
  public final String name() {
    String all = options() + (online == 0 ? "" : (options().isEmpty() ? "" : ",") + "online="
        + online);
    return all.isEmpty() ? rule : rule + ":" + all;
  }
}
