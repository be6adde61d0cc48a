/**
 * Optimizers (SGD, momentum, Adam, Rprop) made from one {@link
 * org.bpttlab.rules.optim.OptimizerSpec}, gradient clipping by global norm and by value, and the
 * optimizers' exportable state for checkpoints.
 */
package org.bpttlab.rules.optim;
