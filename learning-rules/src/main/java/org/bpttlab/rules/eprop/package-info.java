/**
 * e-prop and its relatives: eligibility traces from each neuron's own dynamics
 * ({@link org.bpttlab.rules.eprop.EligibilityTraces}), the learning signal's feedback (symmetric,
 * random, adaptive), e-prop itself, RFLO, and the factorisation check of Bellec et al.'s eq. 1.
 */
package org.bpttlab.rules.eprop;
