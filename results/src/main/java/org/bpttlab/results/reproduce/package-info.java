/**
 * The published results bpttlab reproduces (docs/reproductions.md): each
 * entry runs its setup, writes its CSVs, and sets our numbers beside the paper's.
 */
package org.bpttlab.results.reproduce;
