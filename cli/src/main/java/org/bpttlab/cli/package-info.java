/**
 * The {@code bpttlab} command line (picocli): {@code list}, {@code compare} (several rules on one
 * task, side by side) and {@code gradients} (NumPy export). Bad input exits with code 2 and one line
 * naming the option and the allowed values; outputs are staged and renamed into place, so a failed
 * command writes nothing.
 */
package org.bpttlab.cli;
