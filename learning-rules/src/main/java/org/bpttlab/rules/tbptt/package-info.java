/** Truncated backpropagation through time, fixed (Williams &amp; Peng) and randomized (ARTBP). */
package org.bpttlab.rules.tbptt;
