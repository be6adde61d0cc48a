package org.bpttlab.tasks.recall;

import static org.bpttlab.tasks.testing.TaskChecks.fiveSigma;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.bpttlab.core.Batch;
import org.bpttlab.core.LossKind;
import org.bpttlab.core.Seeds;
import org.bpttlab.tasks.Tasks;
import org.bpttlab.tasks.testing.TaskChecks;
import org.junit.jupiter.api.Test;

class DelayedRecallTest {
  /**
   * One store cue, one recall cue 5..8 steps later (each delay about 1000 times in 4000 sequences,
   * five standard deviations 137), a fresh one-hot value at every step, the stored value as the
   * target at the recall step only.
   */
  @Test
  void theValueAtTheStoreCueIsTheTargetAtTheRecallCue() {
    DelayedRecall task = (DelayedRecall) Tasks.create("recall:steps=20,delay=5-8,k=3");
    assertEquals(5, task.inputs());
    assertEquals(3, task.outputs());
    assertEquals(LossKind.CROSS_ENTROPY, task.loss());
    Batch batch = task.sample(4000, new Seeds(1).derive("task", 0));
    double[] delays = new double[9];
    for (int b = 0; b < 4000; b++) {
      int store = 0;
      int recall = 0;
      for (int t = 1; t <= 20; t++) {
        double[] x = Arrays.copyOfRange(batch.input(t), 5 * b, 5 * b + 5);
        assertEquals(1.0, x[0] + x[1] + x[2], "a distractor or the value at every step");
        if (x[3] == 1) {
          assertEquals(0, store, "one store cue");
          store = t;
        }
        if (x[4] == 1) {
          assertEquals(0, recall, "one recall cue");
          recall = t;
        }
      }
      assertTrue(store >= 1 && recall > store);
      delays[recall - store]++;
      for (int t = 1; t <= 20; t++) {
        assertEquals(t == recall ? 1.0 : 0.0, batch.maskAt(t)[b]);
      }
      assertArrayEquals(Arrays.copyOfRange(batch.input(store), 5 * b, 5 * b + 3),
          Arrays.copyOfRange(batch.targetAt(recall), 3 * b, 3 * b + 3));
    }
    for (int d = 5; d <= 8; d++) {
      assertEquals(1000, delays[d], fiveSigma(4000, 0.25), "delay " + d);
    }
  }

  @Test
  void theDefaultDelaysRunFromHalfTheSequenceToItsEnd() {
    DelayedRecall.Config c = ((DelayedRecall) Tasks.create("recall:steps=9")).config();
    assertEquals(5, c.minDelay());
    assertEquals(8, c.maxDelay());
    assertEquals("recall:steps=9,delay=5-8,code=onehot,k=2,distractors=true,encoding=rate",
        Tasks.create("recall", 9).spec().toString());
  }

  /** Without distractors the value channels carry the stored bits at the store cue only. */
  @Test
  void bitsWithoutDistractorsAreShownOnceAndRecalledWithMse() {
    DelayedRecall task =
        (DelayedRecall) Tasks.create("recall:steps=12,code=bits,bits=4,distractors=false");
    assertEquals(LossKind.MSE, task.loss());
    assertEquals(4, task.outputs());
    Batch batch = task.sample(200, new Seeds(2).derive("task", 0));
    for (int b = 0; b < 200; b++) {
      int store = 0;
      int recall = 0;
      for (int t = 1; t <= 12; t++) {
        store = batch.input(t)[6 * b + 4] == 1 ? t : store;
        recall = batch.input(t)[6 * b + 5] == 1 ? t : recall;
      }
      for (int t = 1; t <= 12; t++) {
        for (int i = 0; i < 4; i++) {
          double bit = batch.input(t)[6 * b + i];
          assertTrue(t == store ? bit == 0 || bit == 1 : bit == 0);
        }
      }
      assertArrayEquals(Arrays.copyOfRange(batch.input(store), 6 * b, 6 * b + 4),
          Arrays.copyOfRange(batch.targetAt(recall), 4 * b, 4 * b + 4));
    }
  }

  /**
   * Always predicting the prior: uniform logits choose class 0 and are wrong on (k − 1)/k = 2/3 of
   * 30 000 recalls (five standard deviations 0.014); 0.5 per bit puts every bit at 0, wrong on half
   * of 40 000 bits (0.0125).
   */
  @Test
  void predictingThePriorScoresTheBaseline() {
    DelayedRecall onehot = (DelayedRecall) Tasks.create("recall:steps=10,k=3");
    assertEquals(2.0 / 3, onehot.baseline(), 1e-15);
    Batch a = onehot.sample(30_000, new Seeds(3).derive("task", 0));
    assertEquals(2.0 / 3, onehot.metric(TaskChecks.constant(onehot, a, 0, 0, 0)),
        fiveSigma(30_000, 2.0 / 3) / 30_000);
    assertEquals(0, onehot.metric(TaskChecks.perfect(onehot, a)));
    DelayedRecall bits = (DelayedRecall) Tasks.create("recall:steps=10,code=bits,bits=4");
    assertEquals(0.5, bits.baseline());
    Batch c = bits.sample(10_000, new Seeds(3).derive("task", 1));
    assertEquals(0.5, bits.metric(TaskChecks.constant(bits, c, 0.5, 0.5, 0.5, 0.5)),
        fiveSigma(40_000, 0.5) / 40_000);
    assertEquals(0, bits.metric(TaskChecks.perfect(bits, c)));
  }

  /** Spiking: the recall is scored over its 20 ms; only presented channels fire. */
  @Test
  void spikingKeepsTheSequencesOfTheRateForm() {
    Seeds seeds = new Seeds(4).derive("task", 3);
    Batch values = Tasks.create("recall:steps=8,k=2").sample(10, seeds);
    DelayedRecall spiking = (DelayedRecall) Tasks.create("recall:steps=8,k=2,encoding=spiking");
    Batch spikes = spiking.sample(10, seeds);
    assertEquals(160, spikes.steps());
    assertEquals(40, spikes.inputs());
    for (int t = 1; t <= 160; t++) {
      for (int b = 0; b < 10; b++) {
        for (int i = 0; i < 40; i++) {
          if (values.input((t - 1) / 20 + 1)[4 * b + i / 10] == 0) {
            assertEquals(0.0, spikes.input(t)[40 * b + i]);
          }
        }
        assertEquals(values.maskAt((t - 1) / 20 + 1)[b] / 20, spikes.maskAt(t)[b], 1e-15);
      }
    }
    assertEquals(0, spiking.metric(TaskChecks.perfect(spiking, spikes)));
  }

}
