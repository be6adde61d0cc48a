/** Decoupled neural interfaces with Marschall et al.'s synthetic gradients for recurrent cells. */
package org.bpttlab.rules.dni;
