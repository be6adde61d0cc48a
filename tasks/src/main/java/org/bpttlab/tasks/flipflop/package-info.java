/** The K-bit flip-flop task (Sussillo &amp; Barak 2013), one stream for online learning. */
package org.bpttlab.tasks.flipflop;
