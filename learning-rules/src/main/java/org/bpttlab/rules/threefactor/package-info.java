/**
 * Eligibility-trace three-factor rules: a synapse's change is its eligibility trace (a tag built
 * over a trial) times one global scalar modulator — reward-modulated e-prop and node perturbation
 * (Fiete &amp; Seung 2006).
 */
package org.bpttlab.rules.threefactor;
