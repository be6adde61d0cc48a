/** Kernel RNN learning (KeRNL, Roth, Kanitscheider &amp; Fiete 2019): learned sensitivities. */
package org.bpttlab.rules.kernl;
