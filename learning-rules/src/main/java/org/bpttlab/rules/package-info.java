/**
 * Learning rules: the {@link org.bpttlab.rules.LearningRule} interface (a factory of sessions that
 * observe the steps of a trajectory), the {@link org.bpttlab.rules.SequenceRunner} loop that drives
 * every rule, rule specs and the registry. Implementations: {@code bptt}, {@code readout}; optimizers
 * in {@code optim}.
 */
package org.bpttlab.rules;
