package org.bpttlab.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.bpttlab.core.init.Initializer;
import org.bpttlab.core.net.Network;
import org.junit.jupiter.api.Test;

class SeedsAndInitTest {
  @Test
  void derivedStreamsAreReproducibleAndDistinct() {
    Seeds s = new Seeds(42);
    assertEquals(s.derive("init").seed(), new Seeds(42).derive("init").seed());
    assertEquals(s.rng().nextLong(), new Seeds(42).rng().nextLong());
    Set<Long> seen = new HashSet<>();
    seen.add(s.derive("init").seed());
    seen.add(s.derive("task").seed());
    for (int i = 0; i < 1000; i++) {
      seen.add(s.derive("task", i).seed());
    }
    seen.add(new Seeds(43).derive("init").seed());
    assertEquals(1003, seen.size());
  }

  @Test
  void orthogonalInitialisationIsOrthogonalTimesTheGain() {
    int n = 64;
    Network net = new Network(NetworkSpec.of(3, RateCellSpec.vanilla(n), 2, LossKind.MSE)
        .withInit(InitSpec.orthogonal().withRecurrentGain(1.5)));
    double[] w = net.initialize(new Seeds(1)).get(Parameters.RECURRENT_WEIGHTS);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double dot = 0;
        for (int k = 0; k < n; k++) {
          dot += w[i * n + k] * w[j * n + k];
        }
        assertEquals(i == j ? 2.25 : 0.0, dot, 1e-12);
      }
    }
  }

  @Test
  void gaussianGroupsHaveTheDocumentedScaleAndSpikingCellsNoSelfConnections() {
    int n = 200;
    int inputs = 50;
    Network net = new Network(NetworkSpec.of(inputs, SpikingCellSpec.lif(n), 2, LossKind.MSE));
    Parameters p = net.initialize(new Seeds(2));
    double[] wIn = p.get(Parameters.INPUT_WEIGHTS);
    // variance 1/n_in; 10 000 draws give a relative standard error of about 1.4%
    assertEquals(1.0 / inputs, variance(wIn), 0.05 / inputs);
    double[] wRec = p.get(Parameters.RECURRENT_WEIGHTS);
    for (int j = 0; j < n; j++) {
      assertEquals(0.0, wRec[j * n + j]);
    }
    assertEquals(1.0 / n, variance(wRec) * n / (n - 1), 0.05 / n);
    assertArrayEquals(new double[2], p.get(Parameters.OUTPUT_BIAS));
    assertArrayEquals(wIn, net.initialize(new Seeds(2)).get(Parameters.INPUT_WEIGHTS));
    assertNotEquals(wIn[0], net.initialize(new Seeds(3)).get(Parameters.INPUT_WEIGHTS)[0]);
  }

  @Test
  void gaussianSamplerHasUnitVariance() {
    double[] x = new double[100_000];
    Initializer.gaussian(x, 1.0, new Seeds(9).rng());
    assertEquals(1.0, variance(x), 0.02);
    assertTrue(Math.abs(mean(x)) < 0.01);
  }

  private static double mean(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v;
    }
    return s / x.length;
  }

  private static double variance(double[] x) {
    double m = mean(x);
    double s = 0;
    for (double v : x) {
      s += (v - m) * (v - m);
    }
    return s / x.length;
  }
}
