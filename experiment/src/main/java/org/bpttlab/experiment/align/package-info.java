/**
 * Gradient alignment with exact BPTT (DESIGN §6): the measures ({@link
 * org.bpttlab.experiment.align.Alignment}: cosine, norm ratio, sign agreement, for all parameters and
 * per group), the passive BPTT that computes the exact gradient on the very trajectory a rule trains
 * on ({@link org.bpttlab.experiment.align.AlignmentHarness}), and statistics across seeds ({@link
 * org.bpttlab.experiment.align.SeedStatistics}: means, 95% confidence intervals, paired tests).
 */
package org.bpttlab.experiment.align;
