/**
 * Training: the loop that trains a network on a task with a learning rule and an optimizer and
 * records metrics ({@link org.bpttlab.experiment.train.Trainer}), the same initial network and the same
 * batches for every rule, so that rules can be compared side by side and a run is reproducible bit for
 * bit.
 */
package org.bpttlab.experiment.train;
