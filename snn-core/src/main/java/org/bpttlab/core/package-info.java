/**
 * The network core: specifications (records), the {@link org.bpttlab.core.Cell} abstraction, parameters,
 * batches, recorded trajectories and seeds. Implementations live in the sub-packages: {@code cell}
 * (rate, LIF, ALIF), {@code readout}, {@code loss}, {@code init} and the dense kernels in {@code linalg}.
 */
package org.bpttlab.core;
