package org.bpttlab.experiment.train;

import org.bpttlab.experiment.align.Alignment;

/**
 * One line of {@code alignment.csv}: a rule's gradient estimate against the exact BPTT gradient on
 * an iteration's batch, before the update (see {@link org.bpttlab.experiment.align.AlignmentHarness}).
 *
 * @param iteration the iteration, 1-based
 * @param rule the rule, as its spec is written
 * @param group {@link Alignment#ALL} or a parameter group (W_in, W_rec, b, W_out, b_out)
 * @param alignment the measures
 */
public record AlignmentRow(int iteration, String rule, String group, Alignment alignment) {}
