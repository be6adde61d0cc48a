/**
 * {@link org.bpttlab.results.perf.StepTimer}: wall-clock time and bytes allocated per time step of
 * a repeated pass (a {@link org.bpttlab.rules.RulePass}), for {@code bpttlab bench}; the published
 * figures come from the JMH benchmarks of {@code results/bench} (docs/performance.md).
 */
package org.bpttlab.results.perf;
