/** Seeded, documented parameter initialisation (Gaussian / √fan-in, orthogonal). */
package org.bpttlab.core.init;
