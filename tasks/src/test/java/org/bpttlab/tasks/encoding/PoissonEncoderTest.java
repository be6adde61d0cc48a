package org.bpttlab.tasks.encoding;

import static org.bpttlab.tasks.testing.TaskChecks.fiveSigma;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.bpttlab.core.Batch;
import org.bpttlab.core.Seeds;
import org.junit.jupiter.api.Test;

class PoissonEncoderTest {
  @Test
  void aRateGivesThatSpikeProbabilityPerMillisecond() {
    assertEquals(0.04, PoissonEncoder.probability(40), 1e-15);
    double[] p = new double[1_000_000];
    Arrays.fill(p, 0.04);
    double[] spikes = new double[p.length];
    PoissonEncoder.sample(p, new Seeds(1).rng(), spikes);
    double count = Arrays.stream(spikes).sum();
    assertTrue(Arrays.stream(spikes).allMatch(s -> s == 0 || s == 1));
    // 10^6 draws at p = 0.04: mean 40 000, five standard deviations 980
    assertEquals(40_000, count, fiveSigma(1e6, 0.04));
  }

  /**
   * One task step of values (1, 0.5, 0) on 3 channels of 2 sequences becomes 50 ms of spikes from
   * populations of 100 neurons: counts 0.1·5000, 0.05·5000 and exactly 0 per population.
   */
  @Test
  void valuesBecomePopulationRatesHeldForTheStepWithTheMaskSpread() {
    Batch values = Batch.zeros(2, 2, 3, 1);
    for (int b = 0; b < 2; b++) {
      values.input(1)[3 * b] = 1;
      values.input(1)[3 * b + 1] = 0.5;
      values.input(2)[3 * b + 2] = 1;
      values.targetAt(2)[b] = 7;
      values.maskAt(2)[b] = 1;
    }
    InputEncoding enc = InputEncoding.spiking(100, 100, 50);
    Batch spikes = PoissonEncoder.encode(values, enc, false, new Seeds(2).rng());
    assertEquals(100, spikes.steps());
    assertEquals(300, spikes.inputs());
    for (int b = 0; b < 2; b++) {
      double[] count = new double[3];
      for (int t = 1; t <= 50; t++) {
        for (int c = 0; c < 3; c++) {
          for (int i = 0; i < 100; i++) {
            count[c] += spikes.input(t)[b * 300 + c * 100 + i];
          }
        }
        assertEquals(0.0, spikes.maskAt(t)[b]);
      }
      assertEquals(500, count[0], fiveSigma(5000, 0.1));
      assertEquals(250, count[1], fiveSigma(5000, 0.05));
      assertEquals(0, count[2]);
      for (int t = 51; t <= 100; t++) {
        assertEquals(7.0, spikes.targetAt(t)[b], "target held");
        assertEquals(1.0 / 50, spikes.maskAt(t)[b], 1e-15, "mask spread over the ms");
      }
    }
    assertSame(values, PoissonEncoder.encode(values, InputEncoding.rate(), false, null));
  }

  /** A signed value v fires the ON population at v·rate if v &gt; 0, the OFF one at −v·rate if not. */
  @Test
  void signedValuesHaveOnAndOffPopulations() {
    Batch values = Batch.zeros(1, 1, 2, 1);
    values.input(1)[0] = -0.8;
    values.input(1)[1] = 0.4;
    Batch spikes = PoissonEncoder.encode(values, InputEncoding.spiking(250, 200, 100), true,
        new Seeds(3).rng());
    assertEquals(800, spikes.inputs());
    double[] count = new double[4];
    for (int t = 1; t <= 100; t++) {
      for (int i = 0; i < 800; i++) {
        count[i / 200] += spikes.input(t)[i];
      }
    }
    // 20 000 draws per population at p = 0.25·|v|
    assertEquals(0, count[0], "ON of a negative value is silent");
    assertEquals(20_000 * 0.2, count[1], fiveSigma(20_000, 0.2));
    assertEquals(20_000 * 0.1, count[2], fiveSigma(20_000, 0.1));
    assertEquals(0, count[3], "OFF of a positive value is silent");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PoissonEncoder.encode(values, InputEncoding.spikingDefaults(), false,
            new Seeds(3).rng()));
    assertTrue(e.getMessage().contains("allowed: [0, 1]"), e.getMessage());
  }
}
