package org.bpttlab.tasks.copy;

import static org.bpttlab.tasks.testing.TaskChecks.fiveSigma;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bpttlab.core.Batch;
import org.bpttlab.core.Seeds;
import org.bpttlab.tasks.Scoring;
import org.bpttlab.tasks.Tasks;
import org.bpttlab.tasks.testing.TaskChecks;
import org.junit.jupiter.api.Test;

class CopyTaskTest {
  /** The one-hot input class of sequence b at step t. */
  private static int symbol(Batch batch, int t, int b) {
    return Scoring.argmax(batch.input(t), b * batch.inputs(), batch.inputs());
  }

  @Test
  void tenSymbolsThenBlanksThenTheDelimiterThenTheSymbolsAsTargets() {
    for (int delay : new int[] {1, 5, 30}) {
      CopyTask task = new CopyTask(CopyTask.Config.of(delay));
      int steps = delay + 20;
      assertEquals(steps, task.steps());
      assertEquals(10, task.inputs());
      assertEquals(9, task.outputs(), "blank and 8 symbols; the delimiter is never a target");
      Batch batch = task.sample(300, new Seeds(1).derive("task", delay));
      for (int b = 0; b < batch.size(); b++) {
        for (int t = 1; t <= steps; t++) {
          assertEquals(1.0, sum(batch.input(t), b * 10, 10), "one-hot input");
          assertEquals(1.0, sum(batch.targetAt(t), b * 9, 9), "one-hot target");
          int in = symbol(batch, t, b);
          int target = Scoring.argmax(batch.targetAt(t), b * 9, 9);
          if (t <= 10) {
            assertTrue(in >= 1 && in <= 8, "a symbol a_1..a_8");
          } else if (t == 10 + delay) {
            assertEquals(9, in, "the delimiter a_9 after T - 1 blanks");
          } else {
            assertEquals(0, in, "blank");
          }
          boolean recall = t > steps - 10;
          assertEquals(recall ? symbol(batch, t - 10 - delay, b) : 0, target);
          assertEquals(recall ? 1.0 / steps : 0.0, batch.maskAt(t)[b], 1e-15,
              "the recall steps are scored, 1/(T+20) each");
        }
      }
      CopyTask all = new CopyTask(new CopyTask.Config(delay, 8, 10, true,
          task.config().encoding()));
      Batch every = all.sample(3, new Seeds(1).derive("task", delay));
      for (int t = 1; t <= steps; t++) {
        assertEquals(1.0 / steps, every.maskAt(t)[2], 1e-15, "score=all weighs every step");
      }
    }
  }

  /** 20 000 symbols: each of the 8 about 2500 times (five binomial standard deviations: 234). */
  @Test
  void symbolsAreUniformOverTheAlphabet() {
    Batch batch = new CopyTask(CopyTask.Config.of(1)).sample(2000, new Seeds(2).derive("task", 0));
    double[] count = new double[10];
    for (int b = 0; b < 2000; b++) {
      for (int t = 1; t <= 10; t++) {
        count[symbol(batch, t, b)]++;
      }
    }
    for (int s = 1; s <= 8; s++) {
      assertEquals(2500, count[s], fiveSigma(20_000, 1.0 / 8), "symbol " + s);
    }
  }

  /**
   * The paper's memoryless strategy (certain blanks for T + 10 steps, then uniform over the 8
   * symbols) scores 10 ln 8 / (T + 20) per step, exactly; with score=recall only its recall part is
   * scored and gives the same; a perfect copy scores 0.
   */
  @Test
  void theMemorylessStrategyScoresTenLnEightOverTPlusTwenty() {
    int delay = 30;
    double expected = 10 * Math.log(8) / 50;
    for (boolean scoreAll : new boolean[] {false, true}) {
      CopyTask task = new CopyTask(new CopyTask.Config(delay, 8, 10, scoreAll,
          CopyTask.Config.of(delay).encoding()));
      assertEquals(expected, task.baseline(), 1e-15);
      Batch batch = task.sample(50, new Seeds(3).derive("task", 0));
      var tr = TaskChecks.predict(task, batch, (t, b, x, y, o) -> {
        for (int k = 0; k < 9; k++) {
          y[o + k] = t <= delay + 10 ? (k == 0 ? 0 : -800) : (k == 0 ? -800 : 0);
        }
      });
      assertEquals(expected, task.metric(tr), 1e-12);
      assertEquals(0, task.metric(TaskChecks.perfect(task, batch)), 1e-12);
    }
  }

  /** The spiking batch is the rate batch of the same seeds, coded by populations over 20 ms. */
  @Test
  void spikingPresentsTheSameSymbolsAsPopulationsAndKeepsTheMetric() {
    CopyTask rate = (CopyTask) Tasks.create("copy:delay=3");
    CopyTask spiking = (CopyTask) Tasks.create("copy:delay=3,encoding=spiking");
    Seeds seeds = new Seeds(4).derive("task", 2);
    Batch values = rate.sample(40, seeds);
    Batch spikes = spiking.sample(40, seeds);
    assertEquals(23 * 20, spikes.steps());
    assertEquals(100, spikes.inputs());
    double active = 0;
    for (int t = 1; t <= spikes.steps(); t++) {
      int s = (t - 1) / 20 + 1;
      for (int b = 0; b < 40; b++) {
        int symbol = symbol(values, s, b);
        for (int i = 0; i < 100; i++) {
          double x = spikes.input(t)[b * 100 + i];
          if (i / 10 == symbol) {
            active += x;
          } else {
            assertEquals(0.0, x, "only the presented symbol's population fires");
          }
        }
        assertEquals(values.maskAt(s)[b] / 20, spikes.maskAt(t)[b], 1e-15);
        assertEquals(Scoring.argmax(values.targetAt(s), b * 9, 9),
            Scoring.argmax(spikes.targetAt(t), b * 9, 9));
      }
    }
    // 40 sequences × 460 ms × 10 neurons of the active population at p = 0.1
    assertEquals(18_400, active, fiveSigma(184_000, 0.1));
    var memoryless = TaskChecks.constant(spiking, spikes, -800, 0, 0, 0, 0, 0, 0, 0, 0);
    assertEquals(spiking.baseline(), spiking.metric(memoryless), 1e-12);
  }


  private static double sum(double[] a, int from, int n) {
    double s = 0;
    for (int i = from; i < from + n; i++) {
      s += a[i];
    }
    return s;
  }
}
