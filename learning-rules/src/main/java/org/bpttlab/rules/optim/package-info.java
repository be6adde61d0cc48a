/** Optimizers (SGD, Adam) and gradient clipping by global norm. */
package org.bpttlab.rules.optim;
