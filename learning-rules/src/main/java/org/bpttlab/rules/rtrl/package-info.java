/** Real-time recurrent learning: forward-mode gradients through the influence matrix. */
package org.bpttlab.rules.rtrl;
