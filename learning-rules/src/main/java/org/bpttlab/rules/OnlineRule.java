package org.bpttlab.rules;

/**
 * A rule whose one option is {@code online=k}: a gradient every k steps ({@link OnlineSession}),
 * or once per sequence for k = 0; its name is {@code rule} or {@code rule:online=k}.
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

  @Override
  public final boolean updatesOnline() {
    return online > 0;
  }

  @Override
  public final String name() {
    return online == 0 ? rule : rule + ":online=" + online;
  }
}
