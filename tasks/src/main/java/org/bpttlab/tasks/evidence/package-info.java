/** Evidence accumulation (Bellec et al. 2020, Fig. 3): count left and right cues, report later. */
package org.bpttlab.tasks.evidence;
