/** The copy task of Arjovsky, Shah &amp; Bengio 2016: remember 10 symbols over a delay. */
package org.bpttlab.tasks.copy;
