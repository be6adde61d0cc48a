/**
 * What {@code bpttlab bench} and the JMH benchmarks of {@code results/bench} time: a
 * {@link org.bpttlab.results.perf.RulePass} (one rule's session run pass after pass on one
 * trajectory), and {@link org.bpttlab.results.perf.StepTimer}, its wall-clock time and bytes
 * allocated per time step; the published figures come from the JMH benchmarks
 * (docs/performance.md).
 */
package org.bpttlab.results.perf;
