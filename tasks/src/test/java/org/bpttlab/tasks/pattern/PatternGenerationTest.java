package org.bpttlab.tasks.pattern;

import static org.bpttlab.tasks.testing.TaskChecks.assertSameBatch;
import static org.bpttlab.tasks.testing.TaskChecks.fiveSigma;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bpttlab.core.Batch;
import org.bpttlab.core.LossKind;
import org.bpttlab.core.Seeds;
import org.bpttlab.tasks.Scoring;
import org.bpttlab.tasks.Tasks;
import org.bpttlab.tasks.testing.TaskChecks;
import org.junit.jupiter.api.Test;

class PatternGenerationTest {
  private static final PatternGeneration TASK = (PatternGeneration) Tasks.create("pattern");

  /** The input and target are frozen: the same for any batch seeds, another for another seed. */
  @Test
  void theInputIsFrozenByTheTaskSeed() {
    assertEquals(PatternGeneration.Config.of(1), TASK.config());
    Batch a = TASK.sample(2, new Seeds(1).derive("task", 1));
    Batch b = TASK.sample(2, new Seeds(9).derive("task", 7));
    assertSameBatch(a, b);
    for (int t = 1; t <= 1000; t++) {
      for (int i = 0; i < 100; i++) {
        assertEquals(a.input(t)[i], a.input(t)[100 + i], "both copies alike");
      }
      assertEquals(1.0, a.maskAt(t)[0]);
    }
    Batch other = Tasks.create("pattern:seed=2").sample(2, new Seeds(1).derive("task", 1));
    assertTrue(TaskChecks.differ(a, other));
  }

  /** 100 inputs × 1000 ms at 50 Hz: 5000 spikes expected, five standard deviations 345. */
  @Test
  void theFrozenInputsFireAtFiftyHertz() {
    Batch batch = TASK.sample(1, new Seeds(1));
    double count = 0;
    for (int t = 1; t <= 1000; t++) {
      for (double z : batch.input(t)) {
        assertTrue(z == 0 || z == 1);
        count += z;
      }
    }
    assertEquals(5000, count, fiveSigma(100_000, 0.05));
  }

  /**
   * The target is a sum of sines with 1, 2, 3 and 5 whole cycles over the T − 1 sample intervals
   * (periods 1000/500/333/200 ms at T = 1000): its discrete Fourier transform over t = 0..T−2 has
   * those bins and the mean and nothing else (to 1e-9 of the largest); amplitudes in [0.5, 2] (in
   * ratio at most 4); it starts at 0 and its largest magnitude is 1.
   */
  @Test
  void theTargetIsAScaledSumOfFourSines() {
    Batch batch = TASK.sample(1, new Seeds(1));
    int n = 999;
    double[] g = new double[1000];
    for (int t = 1; t <= 1000; t++) {
      g[t - 1] = batch.targetAt(t)[0];
    }
    assertEquals(0.0, g[0], 1e-15);
    double max = 0;
    for (double v : g) {
      max = Math.max(max, Math.abs(v));
    }
    assertEquals(1.0, max, 1e-15);
    double[] magnitude = new double[n / 2 + 1];
    for (int k = 0; k <= n / 2; k++) {
      double re = 0;
      double im = 0;
      for (int t = 0; t < n; t++) {
        re += g[t] * Math.cos(2 * Math.PI * k * t / n);
        im -= g[t] * Math.sin(2 * Math.PI * k * t / n);
      }
      magnitude[k] = Math.hypot(re, im);
    }
    double largest = Math.max(Math.max(magnitude[1], magnitude[2]),
        Math.max(magnitude[3], magnitude[5]));
    double smallest = Math.min(Math.min(magnitude[1], magnitude[2]),
        Math.min(magnitude[3], magnitude[5]));
    assertTrue(largest / smallest <= 4 + 1e-9, "amplitudes in [0.5, 2]");
    for (int k = 4; k <= n / 2; k++) {
      if (k != 5) {
        assertEquals(0, magnitude[k] / largest, 1e-9, "no power at bin " + k);
      }
    }
  }

  /** Predicting the target's mean scores normalised MSE 1, the target itself 0. */
  @Test
  void predictingTheMeanScoresOne() {
    assertEquals(LossKind.MSE, TASK.loss());
    Batch batch = TASK.sample(2, new Seeds(1));
    double mean = 0;
    for (int t = 1; t <= 1000; t++) {
      mean += batch.targetAt(t)[0] / 1000;
    }
    assertEquals(1.0, TASK.metric(TaskChecks.constant(TASK, batch, mean)), 1e-12);
    assertEquals(0.0, TASK.metric(TaskChecks.perfect(TASK, batch)), 1e-15);
    assertEquals(1.0, TASK.baseline());
    assertTrue(Scoring.targetVariance(batch) > 0.05);
  }

  /** The rate form is the spikes' trace x̄_t = κ x̄_{t−1} + z_t, κ = exp(−1/30), same spikes. */
  @Test
  void theRateFormIsTheTraceOfTheSameSpikes() {
    Batch spikes = TASK.sample(1, new Seeds(1));
    Batch trace = Tasks.create("pattern:encoding=rate").sample(1, new Seeds(1));
    double kappa = Math.exp(-1.0 / 30);
    for (int t = 1; t <= 1000; t++) {
      for (int i = 0; i < 100; i++) {
        double previous = t == 1 ? 0 : trace.input(t - 1)[i];
        assertEquals(spikes.input(t)[i], trace.input(t)[i] - kappa * previous, 1e-12);
      }
      assertEquals(spikes.targetAt(t)[0], trace.targetAt(t)[0]);
    }
  }
}
