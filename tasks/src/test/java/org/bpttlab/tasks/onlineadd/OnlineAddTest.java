package org.bpttlab.tasks.onlineadd;

import static org.bpttlab.tasks.testing.TaskChecks.assertSameBatch;
import static org.bpttlab.tasks.testing.TaskChecks.fiveSigma;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bpttlab.core.Batch;
import org.bpttlab.core.Seeds;
import org.bpttlab.tasks.Tasks;
import org.bpttlab.tasks.testing.TaskChecks;
import org.junit.jupiter.api.Test;

class OnlineAddTest {
  private static double entropy(double p) {
    return p == 0 || p == 1 ? 0 : -p * Math.log(p) - (1 - p) * Math.log(1 - p);
  }

  /**
   * y ∈ {0.5, 0.25, 1, 0.75} for (x6, x10) = (0,0), (0,1), (1,0), (1,1). No memory: H(0.625);
   * the first lag: (H(0.375) + H(0.875))/2; both: (H(0.5) + H(0.25) + H(1) + H(0.75))/4 — the
   * paper's 0.66 / 0.52 / 0.45 to its two digits.
   */
  @Test
  void theBaselinesAreThePapersAnalytically() {
    double none = entropy(0.625);
    double first = (entropy(0.375) + entropy(0.875)) / 2;
    double both = (entropy(0.5) + entropy(0.25) + entropy(1) + entropy(0.75)) / 4;
    assertEquals(0.66, none, 0.005);
    assertEquals(0.52, first, 0.005);
    assertEquals(0.45, both, 0.005);
    assertEquals(none, OnlineAdd.noMemoryBaseline(), 1e-15);
    assertEquals(first, OnlineAdd.firstLagBaseline(), 1e-15);
    assertEquals(both, OnlineAdd.bothLagsBaseline(), 1e-15);
    OnlineAdd task = (OnlineAdd) Tasks.create("online-add");
    assertEquals(none, task.baseline());
    assertEquals(first, task.successThreshold());
  }

  /**
   * Over 64 streams × 2000 steps the three predictors score their baselines (the per-step
   * cross-entropy has a standard deviation below 0.4, so the standard error of the mean over
   * 128 000 steps is about 0.001; tolerance 0.005). A predictor that knows a lag reads its bit off
   * the target, which determines both bits. The inputs are Bernoulli(0.5): 128 000 draws, five
   * standard deviations 894.
   */
  @Test
  void predictorsWithNoneOneOrBothLagsScoreTheirBaselines() {
    OnlineAdd task = (OnlineAdd) Tasks.create("online-add:steps=2000");
    Batch batch = task.sample(64, new Seeds(1).derive("task", 0));
    double ones = 0;
    for (int t = 1; t <= 2000; t++) {
      for (int b = 0; b < 64; b++) {
        ones += batch.input(t)[2 * b];
        assertEquals(1.0, batch.input(t)[2 * b] + batch.input(t)[2 * b + 1], "complement");
      }
    }
    assertEquals(64_000, ones, fiveSigma(128_000, 0.5));
    double[] expected = {OnlineAdd.noMemoryBaseline(), OnlineAdd.firstLagBaseline(),
        OnlineAdd.bothLagsBaseline()};
    for (int known = 0; known <= 2; known++) {
      int lags = known;
      var tr = TaskChecks.predict(task, batch, (t, b, x, y, o) -> {
        double target = x.targetAt(t)[o];
        double p = switch (lags) {
          case 0 -> 0.625;
          case 1 -> target >= 0.75 ? 0.875 : 0.375;
          default -> target;
        };
        y[o] = Math.log(Math.max(p, 1e-300));
        y[o + 1] = Math.log(Math.max(1 - p, 1e-300));
      });
      assertEquals(expected[known], task.metric(tr), 0.005, known + " lags known");
    }
  }

  /**
   * Chunks of 7 steps (shorter than the lag 10) of one stream: the inputs of chunks −2..3 laid end
   * to end are one stream, and every target, the first steps of each chunk included, is
   * 0.5 + 0.5·x_{n−6} − 0.25·x_{n−10} of that stream.
   */
  @Test
  void consecutiveChunksContinueOneStream() {
    OnlineAdd task = (OnlineAdd) Tasks.create("online-add:steps=7");
    Seeds stream = new Seeds(2).derive("stream");
    int size = 3;
    double[][] x = new double[42][size];
    Batch[] chunks = new Batch[6];
    for (int c = -2; c <= 3; c++) {
      chunks[c + 2] = task.chunk(size, stream, c);
      for (int t = 1; t <= 7; t++) {
        for (int b = 0; b < size; b++) {
          x[(c + 2) * 7 + t - 1][b] = chunks[c + 2].input(t)[2 * b];
        }
      }
    }
    for (int n = 10; n < 42; n++) {
      Batch chunk = chunks[n / 7];
      for (int b = 0; b < size; b++) {
        double y = 0.5 + 0.5 * x[n - 6][b] - 0.25 * x[n - 10][b];
        assertEquals(y, chunk.targetAt(n % 7 + 1)[2 * b], "step " + n);
        assertEquals(1 - y, chunk.targetAt(n % 7 + 1)[2 * b + 1]);
        assertEquals(1.0, chunk.maskAt(n % 7 + 1)[b]);
      }
    }
    assertSameBatch(chunks[2], task.sample(size, stream));
    assertSameBatch(chunks[3], task.chunk(size, stream, 1));
    assertTrue(TaskChecks.differ(chunks[3], chunks[4]));
  }

  /** Spiking: each bit lasts 20 ms; the spikes of a chunk are its own and fixed by the stream. */
  @Test
  void spikingChunksHoldTheSameBitsAsTheRateForm() {
    OnlineAdd rate = (OnlineAdd) Tasks.create("online-add:steps=5");
    OnlineAdd spiking = (OnlineAdd) Tasks.create("online-add:steps=5,encoding=spiking");
    Seeds stream = new Seeds(3);
    Batch bits = rate.chunk(4, stream, 2);
    Batch spikes = spiking.chunk(4, stream, 2);
    assertEquals(100, spikes.steps());
    assertEquals(20, spikes.inputs());
    for (int t = 1; t <= 100; t++) {
      for (int b = 0; b < 4; b++) {
        double x = bits.input((t - 1) / 20 + 1)[2 * b];
        for (int i = 0; i < 20; i++) {
          if ((i < 10 ? x : 1 - x) == 0) {
            assertEquals(0.0, spikes.input(t)[20 * b + i], "silent population");
          }
        }
        assertEquals(bits.targetAt((t - 1) / 20 + 1)[2 * b], spikes.targetAt(t)[2 * b]);
      }
    }
    assertSameBatch(spikes, spiking.chunk(4, stream, 2));
    double expected = 0;
    for (int t = 1; t <= 5; t++) {
      for (int b = 0; b < 4; b++) {
        double y = bits.targetAt(t)[2 * b];
        expected -= (y * Math.log(0.625) + (1 - y) * Math.log(0.375)) / 20;
      }
    }
    assertEquals(expected, spiking.metric(
        TaskChecks.constant(spiking, spikes, Math.log(0.625), Math.log(0.375))), 1e-12,
        "the mean cross-entropy per bit, its 20 ms averaged");
  }
}
