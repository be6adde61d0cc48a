/** The adding problem (Hochreiter &amp; Schmidhuber 1997; modern form of Le et al. 2015). */
package org.bpttlab.tasks.adding;
