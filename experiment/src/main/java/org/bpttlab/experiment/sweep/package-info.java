/**
 * Sweeps: a base run config with a grid and a list of values over its fields, expanded to run
 * configs with stable names (docs/sweeps.md).
 */
package org.bpttlab.experiment.sweep;
