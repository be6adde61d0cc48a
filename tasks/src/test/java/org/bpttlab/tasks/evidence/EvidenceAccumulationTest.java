package org.bpttlab.tasks.evidence;

import static org.bpttlab.tasks.testing.TaskChecks.assertSameBatch;
import static org.bpttlab.tasks.testing.TaskChecks.fiveSigma;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bpttlab.core.Batch;
import org.bpttlab.core.Seeds;
import org.bpttlab.tasks.Tasks;
import org.bpttlab.tasks.testing.TaskChecks;
import org.junit.jupiter.api.Test;

class EvidenceAccumulationTest {
  private static final EvidenceAccumulation RATE =
      (EvidenceAccumulation) Tasks.create("evidence:encoding=rate");
  private static final EvidenceAccumulation SPIKING = (EvidenceAccumulation) Tasks.create("evidence");

  /** The side (0 left, 1 right) of cue i of sequence b in a rate-coded batch. */
  private static int side(Batch batch, int b, int i) {
    double left = batch.input(EvidenceAccumulation.cueStart(i))[40 * b];
    double right = batch.input(EvidenceAccumulation.cueStart(i))[40 * b + 10];
    assertTrue(left + right == 0.04 && left * right == 0, "one side per cue at 40 Hz");
    return right > 0 ? 1 : 0;
  }

  /**
   * The intensities of the reference code: 7 cues of 100 ms starting 150 ms apart after 50 ms of
   * silence, on the left or right group at 40 Hz; the recall group at 40 Hz in the last 150 ms; noise
   * at 10 Hz throughout; the label is the side with more cues, scored on the recall window with mask
   * 1/150 per step.
   */
  @Test
  void theSetupOfBellecEtAl() {
    assertEquals(2250, RATE.steps());
    assertEquals(40, RATE.inputs());
    assertEquals(2101, RATE.recallStart());
    Batch batch = RATE.sample(20, new Seeds(1).derive("task", 0));
    for (int b = 0; b < 20; b++) {
      int right = 0;
      for (int i = 0; i < 7; i++) {
        right += side(batch, b, i);
      }
      int label = 2 * right > 7 ? 1 : 0;
      double mask = 0;
      for (int t = 1; t <= 2250; t++) {
        int since = t - 51;
        boolean cue = since >= 0 && since / 150 < 7 && since % 150 < 100;
        boolean recall = t > 2100;
        for (int j = 0; j < 10; j++) {
          double left = batch.input(t)[40 * b + j];
          double rightCue = batch.input(t)[40 * b + 10 + j];
          assertEquals(cue ? 0.04 : 0.0, left + rightCue, 1e-15, "cue at step " + t);
          assertEquals(recall ? 0.04 : 0.0, batch.input(t)[40 * b + 20 + j], "recall cue");
          assertEquals(0.01, batch.input(t)[40 * b + 30 + j], "noise");
        }
        mask += batch.maskAt(t)[b];
        assertEquals(recall ? 1.0 / 150 : 0.0, batch.maskAt(t)[b], 1e-15);
        if (recall) {
          assertEquals(1.0, batch.targetAt(t)[2 * b + label]);
          assertEquals(0.0, batch.targetAt(t)[2 * b + 1 - label]);
        }
      }
      assertEquals(1.0, mask, 1e-12, "the loss is the mean over the recall window");
    }
  }

  /**
   * Each trial favours a side (½ each) and draws each cue from it with probability 0.7 (the
   * reference's p_group = 0.3): the number of right cues is ½Bin(7, 0.3) + ½Bin(7, 0.7), so 3 or 4
   * right cues occur with probability 0.3241 (a fair coin per cue would give 0.5469), and the labels
   * are balanced. 2000 trials; five standard deviations 0.052 and 0.056.
   */
  @Test
  void cuesComeFromTheFavouredSideWithProbabilitySevenTenths() {
    EvidenceAccumulation short7 = (EvidenceAccumulation) Tasks.create(
        "evidence:steps=1200,encoding=rate");
    int close = 0;
    int rightLabels = 0;
    double constantError = 0;
    for (int k = 0; k < 20; k++) {
      Batch batch = short7.sample(100, new Seeds(2).derive("task", k));
      for (int b = 0; b < 100; b++) {
        int right = 0;
        for (int i = 0; i < 7; i++) {
          right += side(batch, b, i);
        }
        close += right == 3 || right == 4 ? 1 : 0;
        rightLabels += right > 3 ? 1 : 0;
      }
      constantError += short7.metric(TaskChecks.constant(short7, batch, 0, 0)) / 20;
    }
    // P(3 or 4 right) = ½[B_0.3(3) + B_0.3(4)] + ½[B_0.7(3) + B_0.7(4)] = B_0.3(3) + B_0.3(4)
    double p34 = 35 * Math.pow(0.3, 3) * Math.pow(0.7, 4) + 35 * Math.pow(0.3, 4) * Math.pow(0.7, 3);
    assertEquals(0.3241, p34, 1e-4);
    assertEquals(p34, close / 2000.0, fiveSigma(2000, p34) / 2000);
    assertEquals(0.5, rightLabels / 2000.0, fiveSigma(2000, 0.5) / 2000);
    assertEquals(rightLabels / 2000.0, constantError, 1e-12,
        "a constant output (left) is wrong exactly on the right labels");
    assertEquals(0.5, short7.baseline());
  }

  /**
   * The spikes are Bernoulli draws of the rate form of the same seeds: none where the intensity is
   * 0, and counts at 40 Hz in the cues (20 trials × 7 cues × 100 ms × 10 neurons = 140 000 draws at
   * 0.04), 40 Hz in the recall window (30 000 draws) and 10 Hz noise (450 000 draws at 0.01), each
   * within five binomial standard deviations.
   */
  @Test
  void spikesFireAtFortyAndTenHertzWhereTheRateFormSaysAndNowhereElse() {
    Seeds seeds = new Seeds(3).derive("task", 0);
    Batch rates = RATE.sample(20, seeds);
    Batch spikes = SPIKING.sample(20, seeds);
    double cue = 0;
    double recall = 0;
    double noise = 0;
    for (int t = 1; t <= 2250; t++) {
      for (int i = 0; i < 800; i++) {
        double z = spikes.input(t)[i];
        assertTrue(z == 0 || z == 1);
        if (rates.input(t)[i] == 0) {
          assertEquals(0.0, z);
        }
        int group = i % 40 / 10;
        cue += group < 2 ? z : 0;
        recall += group == 2 ? z : 0;
        noise += group == 3 ? z : 0;
      }
      TaskChecks.assertSameBatch(slice(rates, t), slice(spikes, t));
    }
    assertEquals(5600, cue, fiveSigma(140_000, 0.04));
    assertEquals(1200, recall, fiveSigma(30_000, 0.04));
    assertEquals(4500, noise, fiveSigma(450_000, 0.01));
  }

  /** The targets and mask of step t alone (the inputs left out). */
  private static Batch slice(Batch batch, int t) {
    return new Batch(batch.size(), 1, 1, 2, new double[][] {new double[batch.size()]},
        new double[][] {batch.targetAt(t)}, new double[][] {batch.maskAt(t)});
  }

  @Test
  void aQuickVariantHasThreeCuesAndA150MsDelay() {
    EvidenceAccumulation quick = (EvidenceAccumulation) Tasks.create("evidence:cues=3,steps=750");
    assertEquals(601, quick.recallStart());
    assertEquals(201, EvidenceAccumulation.cueStart(1));
    Batch batch = quick.sample(8, new Seeds(4).derive("task", 0));
    assertEquals(0, quick.metric(TaskChecks.perfect(quick, batch)));
    assertEquals(EvidenceAccumulation.Config.of(7), SPIKING.config());
  }

}
