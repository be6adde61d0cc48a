package org.bpttlab.experiment.align;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.bpttlab.core.ParameterShape;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.Seeds;
import org.junit.jupiter.api.Test;

class AlignmentTest {
  private static double[] random(UniformRandomProvider rng, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = rng.nextDouble() * 2 - 1;
    }
    return v;
  }

  @Test
  void knownValues() {
    Alignment a = Alignment.of(new double[] {-1, 2, 0}, new double[] {1, 2, 3});
    assertEquals(3 / Math.sqrt(70), a.cosine(), 1e-15);
    assertEquals(Math.sqrt(5.0 / 14), a.normRatio(), 1e-15);
    assertEquals(1.0 / 3, a.signAgreement(), 1e-15);
    assertEquals(Math.sqrt(5), a.estimateNorm(), 1e-15);
    assertEquals(Math.sqrt(14), a.exactNorm(), 1e-15);
    assertEquals(-1.0, Alignment.of(new double[] {1, -2}, new double[] {-3, 6}).cosine(), 1e-15);
  }

  /** A vector against itself: exactly 1, for any scale from 1e-150 to 1e150 (fixed seed). */
  @Test
  void aVectorWithItselfIsExactlyOne() {
    UniformRandomProvider rng = new Seeds(3).rng();
    for (double scale : new double[] {1, 1e-150, 1e150, 3.7e-9}) {
      for (int k = 0; k < 50; k++) {
        double[] g = random(rng, 1 + k * 7);
        for (int i = 0; i < g.length; i++) {
          g[i] *= scale;
        }
        Alignment a = Alignment.of(g, g.clone());
        assertEquals(1.0, a.cosine(), "scale " + scale + ", length " + g.length);
        assertEquals(1.0, a.normRatio());
        assertEquals(1.0, a.signAgreement());
      }
    }
  }

  /**
   * Scaling both gradients by c > 0 (as scaling the loss does) leaves every measure unchanged:
   * exactly for a power of two, within 1e-15 relative otherwise (fixed seed).
   */
  @Test
  void invariantToAScaleOfBoth() {
    UniformRandomProvider rng = new Seeds(4).rng();
    for (int k = 0; k < 20; k++) {
      double[] e = random(rng, 40);
      double[] g = random(rng, 40);
      Alignment base = Alignment.of(e, g);
      for (double c : new double[] {4, 0.125, 3, 1e-3, 7e5}) {
        double[] ce = e.clone();
        double[] cg = g.clone();
        for (int i = 0; i < 40; i++) {
          ce[i] *= c;
          cg[i] *= c;
        }
        Alignment s = Alignment.of(ce, cg);
        if (c == 4 || c == 0.125) {
          assertEquals(base.cosine(), s.cosine());
          assertEquals(base.normRatio(), s.normRatio());
        } else {
          assertEquals(base.cosine(), s.cosine(), 1e-15);
          assertEquals(base.normRatio(), s.normRatio(), 1e-15 * base.normRatio());
        }
        assertEquals(base.signAgreement(), s.signAgreement());
      }
    }
  }

  /** The definitions where a norm is 0 (documented in the class and docs/outputs.md). */
  @Test
  void zeroGradientsByDefinition() {
    Alignment none = Alignment.of(new double[] {0, 0, 0, 0}, new double[] {1, -2, 0, 3});
    assertEquals(0.0, none.cosine());
    assertEquals(0.0, none.normRatio());
    assertEquals(0.25, none.signAgreement(), "the exact gradient's one 0 entry agrees");
    Alignment noExact = Alignment.of(new double[] {1, 0}, new double[] {0, 0});
    assertEquals(0.0, noExact.cosine());
    assertEquals(Double.POSITIVE_INFINITY, noExact.normRatio());
    Alignment neither = Alignment.of(new double[] {0, 0}, new double[] {0, 0});
    assertTrue(Double.isNaN(neither.cosine()) && Double.isNaN(neither.normRatio()));
    assertEquals(1.0, neither.signAgreement());
    Alignment nan = Alignment.of(new double[] {Double.NaN, 1}, new double[] {1, 1});
    assertTrue(Double.isNaN(nan.cosine()) && Double.isNaN(nan.normRatio()));
    assertEquals(0.5, nan.signAgreement());
  }

  @Test
  void allParametersFirstThenEachGroupInOrder() {
    List<ParameterShape> shapes = List.of(new ParameterShape("W_in", 2, 1),
        new ParameterShape("W_out", 1, 2));
    Parameters e = new Parameters(shapes);
    Parameters g = new Parameters(shapes);
    e.get(0)[0] = 1;
    g.get(0)[0] = 1;
    g.get(1)[1] = 1;
    List<Alignment.OfGroup> by = Alignment.byGroup(e, g);
    assertEquals(List.of("all", "W_in", "W_out"), by.stream().map(Alignment.OfGroup::group).toList());
    assertEquals(1 / Math.sqrt(2), by.get(0).alignment().cosine(), 1e-15);
    assertEquals(1.0, by.get(1).alignment().cosine());
    assertEquals(0.0, by.get(2).alignment().cosine());
    assertEquals(0.75, by.get(0).alignment().signAgreement());
  }
}
