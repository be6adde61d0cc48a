/**
 * Dense kernels on flat row-major {@code double[]} with output arguments last, in the style of EJML's
 * {@code CommonOps_DDRM}: nothing is allocated. {@link org.bpttlab.kernels.Kernels} is the one the
 * network uses (the incubating Vector API, chosen by the JMH measurement in docs/performance.md);
 * {@link org.bpttlab.kernels.PlainKernels} is the plain-loop reference it is tested against.
 */
package org.bpttlab.kernels;
