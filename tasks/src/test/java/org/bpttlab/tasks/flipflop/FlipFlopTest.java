package org.bpttlab.tasks.flipflop;

import static org.bpttlab.tasks.testing.TaskChecks.assertRejected;
import static org.bpttlab.tasks.testing.TaskChecks.assertSameBatch;
import static org.bpttlab.tasks.testing.TaskChecks.fiveSigma;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bpttlab.core.Batch;
import org.bpttlab.core.LossKind;
import org.bpttlab.core.Seeds;
import org.bpttlab.tasks.Tasks;
import org.bpttlab.tasks.testing.TaskChecks;
import org.junit.jupiter.api.Test;

class FlipFlopTest {
  /** The last nonzero of x[0..n] (one channel's inputs, steps 1..n+1), 0 if none: equation (1). */
  private static double lastPulse(double[] x, int n) {
    for (int m = n; m >= 0; m--) {
      if (x[m] != 0) {
        return x[m];
      }
    }
    return 0;
  }

  @Test
  void theDefaultsAreTheReferencesThreeBitsAtFivePercent() {
    FlipFlop task = (FlipFlop) Tasks.create("flip-flop");
    assertEquals(3, task.inputs());
    assertEquals(3, task.outputs());
    assertEquals(100, task.steps());
    assertEquals(LossKind.MSE, task.loss());
    assertEquals("mse", task.metricName());
    assertEquals("flip-flop:steps=100,bits=3,pulse=0.05,encoding=rate", task.spec().toString());
    assertEquals(0.01, task.successThreshold());
    FlipFlop spiking = (FlipFlop) Tasks.create("flip-flop:steps=5,bits=2,encoding=spiking");
    assertEquals(40, spiking.inputs(), "2 channels × ON and OFF populations of 10");
    assertEquals(2, spiking.outputs());
    assertEquals(100, spiking.steps());
    assertEquals(50, Tasks.create("flip-flop", 50).steps());
  }

  /**
   * Over 200 sequences × 50 steps × 4 channels at p = 0.1, every input is −1, 0 or +1, each
   * target is the channel's last pulse up to and including its step (found here by scanning back),
   * or 0 before its first, and every mask is 1. The pulses: 40 000 draws, each sign with
   * probability 0.05 (five standard deviations 218).
   */
  @Test
  void eachOutputHoldsTheSignOfItsChannelsLastPulse() {
    FlipFlop task = (FlipFlop) Tasks.create("flip-flop:steps=50,bits=4,pulse=0.1");
    Batch batch = task.sample(200, new Seeds(1).derive("task", 0));
    int up = 0;
    int down = 0;
    int zeroTargets = 0;
    for (int b = 0; b < 200; b++) {
      for (int k = 0; k < 4; k++) {
        double[] x = new double[50];
        for (int t = 1; t <= 50; t++) {
          x[t - 1] = batch.input(t)[4 * b + k];
          assertTrue(x[t - 1] == -1 || x[t - 1] == 0 || x[t - 1] == 1, "x = " + x[t - 1]);
          up += x[t - 1] == 1 ? 1 : 0;
          down += x[t - 1] == -1 ? 1 : 0;
          double expected = lastPulse(x, t - 1);
          zeroTargets += expected == 0 ? 1 : 0;
          assertEquals(expected, batch.targetAt(t)[4 * b + k], "b " + b + " k " + k + " t " + t);
          assertEquals(1.0, batch.maskAt(t)[b]);
        }
      }
    }
    assertEquals(2000, up, fiveSigma(40_000, 0.05));
    assertEquals(2000, down, fiveSigma(40_000, 0.05));
    assertTrue(zeroTargets > 0, "some channels wait for their first pulse");
  }

  /** The reference's own check: with p = 1 every step is a pulse, and the target is the input. */
  @Test
  void withAPulseAtEveryStepTheTargetIsTheInput() {
    FlipFlop task = (FlipFlop) Tasks.create("flip-flop:steps=40,pulse=1");
    Batch batch = task.sample(5, new Seeds(2));
    for (int t = 1; t <= 40; t++) {
      for (int i = 0; i < 15; i++) {
        assertEquals(1.0, Math.abs(batch.input(t)[i]));
        assertEquals(batch.input(t)[i], batch.targetAt(t)[i]);
      }
    }
    assertEquals(0.0, task.baseline());
  }

  /**
   * Chunks of 5 steps at p = 0.15 (a channel is silent for a whole chunk with probability 0.44):
   * the inputs of chunks 0..7 laid end to end are one stream, and every target of every chunk is
   * equation (1) over that whole stream, including channels whose last pulse lies two or more
   * chunks back and channels with no pulse yet after chunk 0 (both occur with this seed).
   */
  @Test
  void consecutiveChunksContinueOneStream() {
    FlipFlop task = (FlipFlop) Tasks.create("flip-flop:steps=5,bits=2,pulse=0.15");
    Seeds stream = new Seeds(3).derive("stream");
    int size = 4;
    int chunks = 8;
    double[][] x = new double[size * 2][5 * chunks];
    Batch[] batch = new Batch[chunks];
    for (int c = 0; c < chunks; c++) {
      batch[c] = task.chunk(size, stream, c);
      for (int t = 1; t <= 5; t++) {
        for (int i = 0; i < size * 2; i++) {
          x[i][5 * c + t - 1] = batch[c].input(t)[i];
        }
      }
    }
    int farBack = 0;
    int stillZero = 0;
    for (int n = 0; n < 5 * chunks; n++) {
      int c = n / 5;
      for (int i = 0; i < size * 2; i++) {
        double expected = lastPulse(x[i], n);
        assertEquals(expected, batch[c].targetAt(n % 5 + 1)[i], "step " + (n + 1) + " i " + i);
        if (n % 5 == 0 && c >= 1 && x[i][n] == 0) {
          stillZero += expected == 0 ? 1 : 0;
          farBack += expected != 0 && allZero(x[i], 5 * c - 5, 5 * c - 1) ? 1 : 0;
        }
      }
    }
    assertTrue(farBack > 0, "a last pulse two or more chunks back");
    assertTrue(stillZero > 0, "a channel without a pulse after chunk 0");
    assertSameBatch(batch[0], task.sample(size, stream));
    assertSameBatch(batch[5], task.chunk(size, stream, 5));
    assertTrue(TaskChecks.differ(batch[5], batch[6]));
    assertTrue(TaskChecks.differ(batch[5], task.chunk(size, new Seeds(4).derive("stream"), 5)),
        "another seed, other bits");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> task.chunk(size, stream, -1));
    assertTrue(e.getMessage().contains("start at chunk 0"), e.getMessage());
  }

  private static boolean allZero(double[] x, int from, int to) {
    for (int m = from; m <= to; m++) {
      if (x[m] != 0) {
        return false;
      }
    }
    return true;
  }

  @Test
  void theSameSeedsGiveTheSameBatchAndAnotherIndexAnother() {
    TaskChecks.assertDeterministic(Tasks.create("flip-flop"), 4);
    TaskChecks.assertDeterministic(Tasks.create("flip-flop:steps=10,encoding=spiking"), 2);
  }

  /**
   * Equation (2) against the sum over steps of (1 − p)(1 − (1 − p)^{n−1}), and its values at the
   * defaults (p = 0.05, T = 100): 0.7611 over chunk 0, 0.9489 over chunk 1, 1 − p in the limit.
   */
  @Test
  void theMemorylessBaselineIsTheSumOverStepsOfItsError() {
    for (double p : new double[] {0.05, 0.3}) {
      for (int steps : new int[] {8, 100}) {
        for (long index = 0; index <= 3; index++) {
          double sum = 0;
          for (long n = index * steps + 1; n <= (index + 1) * steps; n++) {
            sum += (1 - p) * (1 - Math.pow(1 - p, n - 1));
          }
          assertEquals(sum / steps, FlipFlop.memorylessMse(p, steps, index), 1e-14,
              "p " + p + " T " + steps + " chunk " + index);
        }
      }
    }
    FlipFlop task = (FlipFlop) Tasks.create("flip-flop");
    assertEquals(0.7611, task.baseline(), 5e-5);
    assertEquals(FlipFlop.memorylessMse(0.05, 100, 0), task.baseline());
    assertEquals(0.9489, FlipFlop.memorylessMse(0.05, 100, 1), 5e-5);
    assertEquals(0.95, FlipFlop.memorylessMse(0.05, 100, 1000), 1e-15);
  }

  /**
   * The best predictor without memory, y = x_n, scores equation (2): at the defaults over chunk 0
   * (20 batches of 1000 sequences) and over chunk 2 of the stream (20 batches of 500), and at
   * p = 0.3, T = 8 over chunk 0 (20 batches of 1000). Each channel of each sequence contributes
   * a mean of per-step errors in [0, 1], independent of the others, whose variance is at most 1/4;
   * so with N = 60 000 (30 000) of them five standard deviations of the mean are at most
   * 5 · 0.5/√N = 0.0103 (0.0145). A perfect predictor scores 0; one a step late scores about 2p.
   */
  @Test
  void predictingTheCurrentInputScoresTheBaseline() {
    checkMemoryless("flip-flop", 0, 1000, 0.0103);
    checkMemoryless("flip-flop", 2, 500, 0.0145);
    checkMemoryless("flip-flop:steps=8,pulse=0.3", 0, 1000, 0.0103);
    FlipFlop task = (FlipFlop) Tasks.create("flip-flop");
    Batch batch = task.chunk(500, new Seeds(9), 2);
    assertEquals(0, task.metric(TaskChecks.perfect(task, batch)));
    double late = task.metric(TaskChecks.predict(task, batch, (t, b, x, y, o) -> {
      for (int k = 0; k < 3; k++) {
        y[o + k] = t == 1 ? 0 : x.targetAt(t - 1)[o + k];
      }
    }));
    assertTrue(late > 0.05 && late < 0.15, "a step late: " + late);
  }

  private static void checkMemoryless(String spec, long index, int size, double tolerance) {
    FlipFlop task = (FlipFlop) Tasks.create(spec);
    double sum = 0;
    for (int i = 0; i < 20; i++) {
      Batch batch = task.chunk(size, new Seeds(7).derive("stream", i), index);
      sum += task.metric(TaskChecks.predict(task, batch, (t, b, x, y, o) -> {
        for (int k = 0; k < task.outputs(); k++) {
          y[o + k] = x.input(t)[o + k];
        }
      }));
    }
    double expected = FlipFlop.memorylessMse(task.config().pulse(), task.config().steps(), index);
    assertEquals(expected, sum / 20, tolerance, spec + ", chunk " + index);
  }

  /**
   * Spiking: each step lasts 20 ms; a pulse of +1 fires only the ON population, −1 only the OFF
   * one, silence neither; targets are held over the step and masks spread as 1/20.
   */
  @Test
  void spikingChunksHoldThePulsesOfTheRateForm() {
    FlipFlop rate = (FlipFlop) Tasks.create("flip-flop:steps=5,bits=2,pulse=0.3");
    FlipFlop spiking =
        (FlipFlop) Tasks.create("flip-flop:steps=5,bits=2,pulse=0.3,encoding=spiking");
    Seeds stream = new Seeds(5);
    Batch values = rate.chunk(4, stream, 2);
    Batch spikes = spiking.chunk(4, stream, 2);
    assertEquals(100, spikes.steps());
    for (int t = 1; t <= 100; t++) {
      int s = (t - 1) / 20 + 1;
      for (int b = 0; b < 4; b++) {
        for (int k = 0; k < 2; k++) {
          double v = values.input(s)[2 * b + k];
          for (int i = 0; i < 20; i++) {
            boolean on = i < 10;
            if (on ? v <= 0 : v >= 0) {
              assertEquals(0.0, spikes.input(t)[40 * b + 20 * k + i], "silent population");
            }
          }
          assertEquals(values.targetAt(s)[2 * b + k], spikes.targetAt(t)[2 * b + k]);
        }
        assertEquals(1.0 / 20, spikes.maskAt(t)[b], 1e-15);
      }
    }
    assertSameBatch(spikes, spiking.chunk(4, stream, 2));
    assertEquals(0, spiking.metric(TaskChecks.perfect(spiking, spikes)));
  }

  @Test
  void badOptionsAreRejectedNamingTheOptionAndWhatItAllows() {
    assertRejected("flip-flop:steps=0", "task flip-flop: steps must be >= 1, was 0");
    assertRejected("flip-flop:bits=0", "task flip-flop: bits must be >= 1, was 0");
    assertRejected("flip-flop:pulse=0", "task flip-flop: pulse must be in (0, 1], was 0.0");
    assertRejected("flip-flop:pulse=1.5", "pulse must be in (0, 1], was 1.5");
    assertRejected("flip-flop:pulse=often", "option pulse must be a number, was 'often'");
    assertRejected("flip-flop:flips=3", "task flip-flop has no option flips",
        "allowed: steps, bits, pulse, encoding, rate, population, stepms");
    assertRejected("flip-flop:encoding=analog", "option encoding must be one of rate, spiking");
  }
}
