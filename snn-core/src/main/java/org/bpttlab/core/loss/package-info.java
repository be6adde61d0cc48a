/** The per-step losses (mean squared error, softmax cross-entropy) and the firing-rate regulariser. */
package org.bpttlab.core.loss;
