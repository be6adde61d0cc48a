/**
 * JMH benchmarks (built only with {@code -Pbench}): the dense kernels of {@code
 * org.bpttlab.kernels} against plain loops and EJML, and one BPTT pass of the rate cell. Commands
 * and results are in docs/performance.md.
 */
package org.bpttlab.results.bench;
