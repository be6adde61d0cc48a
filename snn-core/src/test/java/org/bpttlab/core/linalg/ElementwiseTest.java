package org.bpttlab.core.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ElementwiseTest {
  @Test
  void tanhIsWithinFourUlpOfMathTanhForEveryLengthAndRange() {
    Random random = new Random(3);
    for (int length : new int[] {0, 1, 3, 7, 8, 9, 31, 64, 1000}) {
      for (double scale : new double[] {1e-8, 0.5, 3, 40}) {
        double[] x = new double[length];
        for (int i = 0; i < length; i++) {
          x[i] = random.nextGaussian() * scale;
        }
        double[] out = new double[length];
        Elementwise.tanh(length, x, out);
        for (int i = 0; i < length; i++) {
          double expected = Math.tanh(x[i]);
          assertEquals(expected, out[i], 4 * Math.ulp(expected), "tanh(" + x[i] + ")");
        }
      }
    }
  }

  @Test
  void tanhWorksInPlaceAndSaturates() {
    double[] x = {-1000, -20, 0, 20, 1000, -0.0, 1e-300, 0.25, 0.5};
    double[] copy = x.clone();
    Elementwise.tanh(x.length, x, x);
    assertEquals(-1.0, x[0]);
    assertEquals(1.0, x[4]);
    assertEquals(0.0, x[2]);
    assertTrue(Math.abs(x[7] - Math.tanh(copy[7])) <= 4 * Math.ulp(x[7]));
  }
}
