/** The readout y_t = κ y_{t-1} + W_out o_t + b_out (linear for κ = 0, leaky for spiking networks). */
package org.bpttlab.core.readout;
