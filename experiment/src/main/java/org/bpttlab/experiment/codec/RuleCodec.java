package org.bpttlab.experiment.codec;

import org.bpttlab.rules.RuleSpec;
import org.bpttlab.rules.Rules;

/**
 * The JSON form of a rule: its spec as text, {@code name[:key=value,...]}, exactly as written
 * (the label in every CSV), checked against the registry when read.
 */
public final class RuleCodec {
  private RuleCodec() {}

  /** The rule a spec's text names; throws naming the field ({@code rule: unknown rule ...}). */
  public static RuleSpec read(String text) {
    try {
      RuleSpec rule = RuleSpec.parse(text);
      Rules.create(rule);
      return rule;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("rule: " + e.getMessage(), e);
    }
  }

  /** The spec's text, which {@link #read} reads back. */
  public static String write(RuleSpec rule) {
    return rule.toString();
  }
}
