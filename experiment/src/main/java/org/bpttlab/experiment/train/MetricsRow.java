package org.bpttlab.experiment.train;

import org.bpttlab.rules.RuleCost;

/**
 * One line of {@code metrics.csv}: the state of a rule's training at an iteration, measured on that
 * iteration's training batch before its update.
 *
 * @param iteration the iteration, 1-based
 * @param rule the rule, as its spec is written
 * @param loss the batch's total loss (masked task loss summed over steps, batch mean, plus the
 *     regulariser); for a rule that perturbs the network it trains (node perturbation), the clean
 *     network's
 * @param metric the task's metric on the batch (likewise)
 * @param gradNorm the Euclidean norm of the rule's gradient over all groups, before clipping
 * @param seconds wall-clock seconds of this rule's training so far (the alignment's passive BPTT
 *     not counted)
 * @param cost the rule's memory and work on this iteration's sequence
 */
public record MetricsRow(
    int iteration, String rule, double loss, double metric, double gradNorm, double seconds,
    RuleCost cost) {}
