package org.bpttlab.rules;

import org.bpttlab.core.Parameters;
import org.bpttlab.core.net.Network;
import org.bpttlab.rules.optim.OptimizerSpec;

/**
 * A learning rule: a factory of {@link Session}s. A rule holds only its options; everything that
 * changes while it runs (traces, buffers) lives in a session, so one rule can serve many seeds at
 * once (DESIGN §4, STYLE "a rule is a factory of sessions").
 */
public interface LearningRule {
  /** The rule's name as {@code ./bpttlab list} shows it, with its options ({@code bptt}). */
  String name();

  /**
   * True if its sessions hand out gradients within a sequence ({@link Session#onlineGradient}):
   * the trainer then updates the weights in the middle of a sequence, and the alignment measures
   * each update (issue 29). False (the default) for a rule that updates once per sequence.
   */
  default boolean updatesOnline() {
    return false;
  }

  /**
   * A fresh session for {@code network} with the live {@code params} (read, never written, by the
   * session) and batches of {@code batchSize} sequences. Sessions allocate their buffers here.
   */
  Session begin(Network network, Parameters params, int batchSize);

  /**
   * As {@link #begin(Network, Parameters, int)}, for a training run whose parameters the given
   * optimizer updates: a rule that learns weights of its own (adaptive e-prop's feedback) updates
   * them with an optimizer of the same spec. Rules without such weights ignore it (the default).
   */
  default Session begin(Network network, Parameters params, int batchSize,
      OptimizerSpec optimizer) {
    return begin(network, params, batchSize);
  }
}
