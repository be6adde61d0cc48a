/** Checkpointed BPTT: the exact gradient within a budget of stored steps (Gruslys et al. 2016). */
package org.bpttlab.rules.checkpoint;
