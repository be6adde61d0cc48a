package org.bpttlab.rules.bptt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.bpttlab.kernels.testing.InterpreterCheck;
import org.junit.jupiter.api.Test;

/**
 * Same inputs, same bits, whatever the JIT did: the matrix kernels, the cells and BPTT give
 * bit-identical results in a child JVM that only interprets and in this JVM after their code has
 * been compiled by C1 and C2 (3000 calls: with the SVML tanh swapped in, the test failed at call
 * 486), for the double and the single-precision products. The Vector API leaves the order of
 * {@code reduceLanes(ADD)} unspecified; this test is what tells us if a JDK or a CPU makes the
 * compiled order differ from the interpreted one (run with {@code -XX:UseAVX=2} in
 * {@code surefire.jvm.args} it checks the 4-lane code of an AVX2 processor: the child JVM gets the
 * same option).
 */
class JitIndependenceTest {
  @Test
  void kernelsAndGradientsAreBitIdenticalInterpretedAndCompiled() throws Exception {
    double[] interpreted = InterpreterCheck.runInterpreted(GradientInInterpreter.class);
    for (int call = 0; call < 3000; call++) {
      double[] compiled = GradientInInterpreter.compute();
      assertEquals(interpreted.length, compiled.length);
      for (int i = 0; i < compiled.length; i++) {
        if (Double.doubleToRawLongBits(interpreted[i]) != Double.doubleToRawLongBits(compiled[i])) {
          assertEquals(interpreted[i], compiled[i], 0.0, "call " + call + ", value " + i);
        }
      }
    }
  }
}
