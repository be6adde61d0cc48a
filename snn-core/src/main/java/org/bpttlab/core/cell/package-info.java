/**
 * The recurrent cells: {@link org.bpttlab.core.cell.RateCell} (Elman / leaky tanh) and
 * {@link org.bpttlab.core.cell.SpikingCell} (LIF, ALIF and mixed populations), each with its step, its
 * vector-Jacobian product and, written independently, its dense Jacobians.
 */
package org.bpttlab.core.cell;
