/** The readout-only baseline: trains W_out and b_out alone (a reservoir / echo-state readout). */
package org.bpttlab.rules.readout;
