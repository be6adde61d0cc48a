/**
 * {@code bpttlab collect DIR}: gathers the run folders of a sweep (or any folder of runs) into one
 * tidy CSV, a summary across seeds and figures against the swept variables (docs/sweeps.md).
 */
package org.bpttlab.results.collect;
