package org.bpttlab.results.export;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bpttlab.core.NetworkSpec;
import org.bpttlab.rules.RuleSpec;

/**
 * What {@code ./bpttlab gradients} exports: a network drawn from a seed, a random batch, and the
 * gradients of the listed rules.
 *
 * @param network the network
 * @param batchSize B, &gt; 0
 * @param steps T, &gt; 0
 * @param seed the seed: parameters {@code network.initialize(new Seeds(seed))}, batch from
 *     {@code new Seeds(seed).derive("gradients-batch")}
 * @param rules the rules whose gradients are exported, at least one, none twice
 */
public record GradientExportSpec(
    NetworkSpec network, int batchSize, int steps, long seed, List<RuleSpec> rules) {
  public GradientExportSpec {
    if (network == null) {
      throw new IllegalArgumentException("network must be given");
    }
    if (batchSize <= 0) {
      throw new IllegalArgumentException("batchSize must be > 0, was " + batchSize);
    }
    if (steps <= 0) {
      throw new IllegalArgumentException("steps must be > 0, was " + steps);
    }
    if (rules == null || rules.isEmpty()) {
      throw new IllegalArgumentException("at least one rule must be given");
    }
    rules = List.copyOf(rules);
    Set<String> seen = new HashSet<>();
    for (RuleSpec r : rules) {
      if (!seen.add(r.toString())) {
        throw new IllegalArgumentException("rule " + r + " is listed twice");
      }
    }
  }
}
