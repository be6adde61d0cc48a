/** Delayed recall (store-recall): report at a recall cue the value stored at an earlier cue. */
package org.bpttlab.tasks.recall;
