package org.bpttlab.core.linalg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Elementwise kernels with the Vector API. The lanewise transcendental functions are compiled to
 * Intel SVML routines on x86 (JDK 17+): tanh runs at about 2.3 ns per element against 30 ns for
 * {@link Math#tanh}, within 2 ulp of it (measured on this project's machine, docs/performance.md). Results
 * depend only on the inputs and the array length, so they are bit-identical from run to run on one
 * machine and JVM.
 */
public final class Elementwise {
  private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;

  private Elementwise() {}

  /**
   * {@code out[i] = tanh(x[i])} for i &lt; length.
   *
   * @param x Not modified (may be {@code out})
   * @param out Modified
   */
  public static void tanh(int length, double[] x, double[] out) {
    int i = 0;
    int bound = SPECIES.loopBound(length);
    for (; i < bound; i += SPECIES.length()) {
      DoubleVector.fromArray(SPECIES, x, i).lanewise(VectorOperators.TANH).intoArray(out, i);
    }
    for (; i < length; i++) {
      out[i] = Math.tanh(x[i]);
    }
  }
}
