package org.bpttlab.tasks.adding;

import static org.bpttlab.tasks.testing.TaskChecks.fiveSigma;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bpttlab.core.Batch;
import org.bpttlab.core.Seeds;
import org.bpttlab.tasks.Tasks;
import org.bpttlab.tasks.encoding.InputEncoding;
import org.bpttlab.tasks.testing.TaskChecks;
import org.junit.jupiter.api.Test;

class AddingProblem1997Test {
  private static final AddingProblem1997 TASK = new AddingProblem1997(100, InputEncoding.rate());

  /**
   * Every sequence as in the paper: length L in 100..110 (its only mask at step L, zeros after),
   * values in [−1, 1], one marker 1 among the first 10 pairs and another among the first 50,
   * −1 at the first (unless marked) and last pair, target 0.5 + (X1 + X2)/4.
   */
  @Test
  void sequencesFollowThePaper() {
    Batch batch = TASK.sample(5500, new Seeds(1).derive("task", 0));
    assertEquals(110, batch.steps());
    double[] lengths = new double[111];
    int firstPairZeroed = 0;
    int secondBeyondTen = 0;
    for (int b = 0; b < batch.size(); b++) {
      int length = 0;
      for (int t = 1; t <= 110; t++) {
        if (batch.maskAt(t)[b] != 0) {
          assertEquals(0, length, "one scored step");
          assertEquals(1.0, batch.maskAt(t)[b]);
          length = t;
        }
      }
      assertTrue(length >= 100 && length <= 110, "L in T..T+T/10, was " + length);
      lengths[length]++;
      int[] marked = new int[2];
      int markers = 0;
      double sum = 0;
      for (int t = 1; t <= 110; t++) {
        double value = batch.input(t)[2 * b];
        double marker = batch.input(t)[2 * b + 1];
        if (t > length) {
          assertEquals(0.0, value, "padding");
          assertEquals(0.0, marker, "padding");
          continue;
        }
        assertTrue(value >= -1 && value <= 1);
        if (marker == 1) {
          marked[markers++] = t;
          sum += value;
        } else if (t == 1 || t == length) {
          assertEquals(-1.0, marker, "first and final pair marked -1");
        } else {
          assertEquals(0.0, marker);
        }
      }
      assertEquals(2, markers, "two marked pairs");
      assertTrue(marked[0] <= 10, "one among the first ten pairs");
      assertTrue(marked[1] <= 50, "the other among the first T/2 pairs");
      if (marked[1] > 10) {
        secondBeyondTen++;
      }
      if (marked[0] == 1 && batch.input(1)[2 * b] == 0) {
        firstPairZeroed++;
      }
      assertEquals(0.5 + sum / 4, batch.targetAt(length)[b], 1e-15);
    }
    for (int length = 100; length <= 110; length++) {
      // 5500 sequences over 11 lengths: 500 each
      assertEquals(500, lengths[length], fiveSigma(5500, 1.0 / 11), "length " + length);
    }
    // X1 sits on the first pair with probability 1/10, and is then 0
    assertEquals(550, firstPairZeroed, fiveSigma(5500, 0.1));
    // X2 lies beyond the first ten pairs with probability 40/49
    assertEquals(5500 * 40.0 / 49, secondBeyondTen, fiveSigma(5500, 40.0 / 49));
  }

  /**
   * The constant 0.5 is wrong on 1 − (0.9·0.1536 + 0.1·0.16) = 0.84576 of the sequences; over
   * 20 000 sequences five standard deviations are 0.013. The target itself is never wrong, and an
   * output 0.039 off is still right, 0.041 off wrong.
   */
  @Test
  void theConstantHalfIsWrongOn85PercentOfSequences() {
    AddingProblem1997 task = (AddingProblem1997) Tasks.create("adding-1997:length=20");
    assertEquals(0.84576, task.baseline(), 1e-12);
    Batch batch = task.sample(20_000, new Seeds(2).derive("task", 0));
    assertEquals(0.84576, task.metric(TaskChecks.constant(task, batch, 0.5)),
        fiveSigma(20_000, 0.84576) / 20_000);
    assertEquals(0, task.metric(TaskChecks.perfect(task, batch)));
    for (double offset : new double[] {0.039, 0.041}) {
      var tr = TaskChecks.predict(task, batch,
          (t, b, x, y, o) -> y[o] = x.targetAt(t)[b] + offset);
      assertEquals(offset < 0.04 ? 0.0 : 1.0, task.metric(tr));
    }
  }

  /** Spiking: signed channels, ON and OFF populations never both active within a pair. */
  @Test
  void spikingCodesSignedValuesAndMarkersAsOnAndOffPopulations() {
    AddingProblem1997 spiking =
        (AddingProblem1997) Tasks.create("adding-1997:length=20,encoding=spiking,stepms=10");
    Seeds seeds = new Seeds(3).derive("task", 1);
    Batch pairs = new AddingProblem1997(20, InputEncoding.rate()).sample(30, seeds);
    Batch spikes = spiking.sample(30, seeds);
    assertEquals(220, spikes.steps());
    assertEquals(40, spikes.inputs(), "2 channels × (ON, OFF) × 10 neurons");
    for (int b = 0; b < 30; b++) {
      for (int s = 1; s <= 22; s++) {
        for (int c = 0; c < 2; c++) {
          double on = 0;
          double off = 0;
          for (int t = (s - 1) * 10 + 1; t <= s * 10; t++) {
            for (int i = 0; i < 10; i++) {
              on += spikes.input(t)[b * 40 + 20 * c + i];
              off += spikes.input(t)[b * 40 + 20 * c + 10 + i];
            }
          }
          double v = pairs.input(s)[2 * b + c];
          assertTrue(v > 0 || on == 0, "ON silent unless positive");
          assertTrue(v < 0 || off == 0, "OFF silent unless negative");
        }
      }
    }
    assertEquals(0, spiking.metric(TaskChecks.perfect(spiking, spikes)));
  }

}
