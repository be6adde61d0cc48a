package org.bpttlab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SpecsTest {
  private static void rejects(String field, Runnable construct) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, construct::run);
    assertTrue(e.getMessage().startsWith(field), e.getMessage());
  }

  @Test
  void specsNameTheFieldTheyReject() {
    rejects("hidden", () -> RateCellSpec.vanilla(0));
    rejects("alpha", () -> new RateCellSpec(4, 1.5, false));
    rejects("tauMemMs", () -> SpikingCellSpec.lif(4).withTimeConstants(-3, 10));
    rejects("threshold", () -> SpikingCellSpec.lif(4).withThreshold(Double.NaN));
    rejects("adaptiveNeurons", () -> SpikingCellSpec.lif(4).withAdaptiveNeurons(5));
    rejects("refractorySteps", () -> SpikingCellSpec.lif(4).withRefractorySteps(-1));
    rejects("tauOutMs", () -> ReadoutSpec.leaky(-1));
    rejects("inputs", () -> NetworkSpec.of(0, RateCellSpec.vanilla(3), 1, LossKind.MSE));
    rejects("regularizer", () -> NetworkSpec.of(1, RateCellSpec.vanilla(3), 1, LossKind.MSE)
        .withRegularizer(new RateRegularizerSpec(1, 10)));
    rejects("surrogate", () -> Surrogate.fromLabel("arctan"));
    rejects("loss", () -> LossKind.fromLabel("l1"));
  }

  @Test
  void spikingCellKindsAndDecays() {
    SpikingCellSpec lif = SpikingCellSpec.lif(10);
    assertEquals("lif", lif.kind());
    assertEquals("alif", SpikingCellSpec.alif(10).kind());
    SpikingCellSpec mixed = lif.withAdaptiveNeurons(4);
    assertEquals(0.0, mixed.betaOf(5));
    assertEquals(mixed.beta(), mixed.betaOf(6));
    assertEquals(Math.exp(-1.0 / 20), lif.alpha(), 0.0);
    assertEquals(0.0, ReadoutSpec.linear().kappa());
    assertEquals(Math.exp(-1.0 / 20), ReadoutSpec.leaky(20).kappa(), 0.0);
  }

  @Test
  void surrogatesHaveTheDocumentedShapes() {
    Surrogate pl = Surrogate.PIECEWISE_LINEAR;
    assertEquals(0.3 / 0.6, pl.derivative(0, 0.6, 0.3), 1e-15);
    assertEquals(0.3 / 0.6 * 0.5, pl.derivative(0.5, 0.6, 0.3), 1e-15);
    assertEquals(0.0, pl.derivative(-1.2, 0.6, 0.3));
    assertEquals(0.3 / 0.6 / 4, Surrogate.FAST_SIGMOID.derivative(1, 0.6, 0.3), 1e-15);
    assertEquals(1.0, pl.spike(0));
    assertEquals(0.0, pl.spike(-1e-12));
    // smooth test activation: ψ is the true derivative of z with respect to v (u = (v - A)/v_th)
    Surrogate s = Surrogate.SMOOTH_TEST;
    double h = 1e-6;
    double numeric = (s.spike(0.3 + h / 0.6) - s.spike(0.3 - h / 0.6)) / (2 * h);
    assertEquals(numeric, s.derivative(0.3, 0.6, 0.3), 1e-8);
  }
}
