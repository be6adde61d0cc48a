/** Exact backpropagation through time over the recorded trajectory. */
package org.bpttlab.rules.bptt;
