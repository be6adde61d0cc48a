package org.bpttlab.rules.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.bpttlab.core.ParameterShape;
import org.bpttlab.core.Parameters;
import org.junit.jupiter.api.Test;

class OptimizerTest {
  private static Parameters vector(double... values) {
    Parameters p = new Parameters(List.of(new ParameterShape("w", values.length, 1)));
    System.arraycopy(values, 0, p.get(0), 0, values.length);
    return p;
  }

  @Test
  void sgdStepsAgainstTheGradient() {
    Parameters p = vector(1.0, -2.0);
    OptimizerSpec.sgd(0.1).create(p).update(p, vector(0.5, -1.0));
    assertEquals(0.95, p.get(0)[0], 1e-15);
    assertEquals(-1.9, p.get(0)[1], 1e-15);
  }

  @Test
  void adamFollowsKingmaAndBaAlgorithmOne() {
    // Two updates by hand, β1 = 0.9, β2 = 0.999, ε = 1e-8, η = 0.01, gradients 0.2 then -0.4.
    Parameters p = vector(1.0);
    Optimizer adam = OptimizerSpec.adam(0.01).create(p);
    adam.update(p, vector(0.2));
    double m = 0.1 * 0.2;
    double v = 0.001 * 0.04;
    double expected = 1.0 - 0.01 * (m / 0.1) / (Math.sqrt(v / 0.001) + 1e-8);
    assertEquals(expected, p.get(0)[0], 1e-15);
    adam.update(p, vector(-0.4));
    m = 0.9 * m + 0.1 * -0.4;
    v = 0.999 * v + 0.001 * 0.16;
    expected -= 0.01 * (m / (1 - 0.81)) / (Math.sqrt(v / (1 - 0.999 * 0.999)) + 1e-8);
    assertEquals(expected, p.get(0)[0], 1e-15);
  }

  @Test
  void clippingByGlobalNormRescalesOnlyAboveTheThreshold() {
    Parameters g = vector(3.0, 4.0);
    assertEquals(5.0, Clipping.byGlobalNorm(g, 10.0), 0.0);
    assertEquals(3.0, g.get(0)[0], 0.0);
    assertEquals(5.0, Clipping.byGlobalNorm(g, 1.0), 0.0);
    assertEquals(0.6, g.get(0)[0], 1e-15);
    assertEquals(0.8, g.get(0)[1], 1e-15);
    assertEquals(1.0, g.norm(), 1e-15);
  }

  @Test
  void clippedSgdMovesAtMostTheClipNormTimesTheRate() {
    Parameters p = vector(0.0, 0.0);
    OptimizerSpec.sgd(0.5).withClipNorm(1.0).create(p).update(p, vector(30.0, 40.0));
    assertEquals(0.5, p.norm(), 1e-15);
  }

  @Test
  void invalidSpecsNameTheField() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> OptimizerSpec.adam(-1));
    assertTrue(e.getMessage().startsWith("learningRate"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new OptimizerSpec("rmsprop", 0.1, 0.9, 0.999, 1e-8, 0));
    assertTrue(e.getMessage().contains("sgd, adam"), e.getMessage());
  }
}
