/** Murray's periodic target (Murray 2019, RFLO): a sum of three sines generated without input. */
package org.bpttlab.tasks.periodic;
