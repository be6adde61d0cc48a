/** The trained network's dynamics: fixed and slow points of a rate network (issue 30). */
package org.bpttlab.experiment.dynamics;
