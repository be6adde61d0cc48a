/** Pattern generation (Bellec et al. 2020, Fig. S7): a sum of sines from frozen Poisson input. */
package org.bpttlab.tasks.pattern;
