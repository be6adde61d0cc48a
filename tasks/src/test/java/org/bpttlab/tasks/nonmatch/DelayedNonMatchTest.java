package org.bpttlab.tasks.nonmatch;

import static org.bpttlab.tasks.testing.TaskChecks.assertRejected;
import static org.bpttlab.tasks.testing.TaskChecks.assertSameBatch;
import static org.bpttlab.tasks.testing.TaskChecks.fiveSigma;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bpttlab.core.Batch;
import org.bpttlab.core.LossKind;
import org.bpttlab.core.Seeds;
import org.bpttlab.tasks.Tasks;
import org.bpttlab.tasks.testing.TaskChecks;
import org.junit.jupiter.api.Test;

class DelayedNonMatchTest {
  @Test
  void theDefaultsAreTheReferencesThirtyStepTrial() {
    DelayedNonMatch task = (DelayedNonMatch) Tasks.create("delayed-non-match");
    assertEquals(2, task.inputs());
    assertEquals(2, task.outputs());
    assertEquals(30, task.steps(), "1 + 2·3 + 2·10 + 3");
    assertEquals(LossKind.MSE, task.loss());
    assertEquals("error", task.metricName());
    assertEquals(0.5, task.baseline());
    assertEquals(0.05, task.successThreshold());
    assertEquals("delayed-non-match:delay=10,onset=1,stimulus=3,report=3,offweight=0.1,"
        + "encoding=rate", task.spec().toString());
    assertEquals(50, Tasks.create("delayed-non-match", 20).steps(), "the length sets the delay");
    assertEquals(600, Tasks.create("delayed-non-match:encoding=spiking").steps());
    assertEquals(20, Tasks.create("delayed-non-match:encoding=spiking").inputs());
  }

  /**
   * The reference's layout at its defaults, one trial: stimulus 1 at steps 2..4, stimulus 2 at
   * 15..17, the report at 28..30 with mask 1, mask 0.1 elsewhere.
   */
  @Test
  void theDefaultTrialHasTheReferencesTiming() {
    Batch batch = Tasks.create("delayed-non-match").sample(50, new Seeds(1));
    checkTrials(batch, 30, 2, 15, 3, 28, 0.1);
  }

  /**
   * With onset 2, stimuli of 2, delays of 4, a report of 3 and off-report weight 0.25 (T = 17):
   * in every one of 4000 trials exactly one channel is on through steps 3..4 and one through 9..10,
   * nothing else; the target over steps 15..17 is (1, 0) when the two channels are the same and
   * (0, 1) when not, (0, 0) before; the mask is 1 over the report and 0.25 before. The four trial
   * types are equally likely: about 1000 each (five standard deviations 137).
   */
  @Test
  void theTargetSaysWhetherTheTwoStimuliDiffer() {
    DelayedNonMatch task = (DelayedNonMatch) Tasks.create(
        "delayed-non-match:onset=2,stimulus=2,delay=4,report=3,offweight=0.25");
    assertEquals(17, task.steps());
    int[] types = checkTrials(task.sample(4000, new Seeds(2).derive("task", 0)), 17, 3, 9, 2,
        15, 0.25);
    for (int type = 0; type < 4; type++) {
      assertEquals(1000, types[type], fiveSigma(4000, 0.25), "type " + type);
    }
  }

  /**
   * Checks every trial of a batch against the definition (written out here, not taken from the
   * task), and counts the trial types AA, AB, BA, BB.
   */
  private static int[] checkTrials(Batch batch, int steps, int first, int second, int length,
      int report, double offWeight) {
    assertEquals(steps, batch.steps());
    int[] types = new int[4];
    for (int b = 0; b < batch.size(); b++) {
      int[] stimulus = {-1, -1};
      for (int t = 1; t <= steps; t++) {
        double a = batch.input(t)[2 * b];
        double c = batch.input(t)[2 * b + 1];
        int window = t >= first && t < first + length ? 0
            : t >= second && t < second + length ? 1 : -1;
        if (window < 0) {
          assertEquals(0.0, a + c, "silent at step " + t);
        } else {
          assertEquals(1.0, a + c, "one channel at step " + t);
          int channel = a == 1 ? 0 : 1;
          if (stimulus[window] >= 0) {
            assertEquals(stimulus[window], channel, "one channel through the stimulus");
          }
          stimulus[window] = channel;
        }
      }
      boolean match = stimulus[0] == stimulus[1];
      types[2 * stimulus[0] + stimulus[1]]++;
      for (int t = 1; t <= steps; t++) {
        double[] y = {batch.targetAt(t)[2 * b], batch.targetAt(t)[2 * b + 1]};
        if (t < report) {
          assertEquals(0.0, y[0] + y[1], "no target before the report, step " + t);
          assertEquals(offWeight, batch.maskAt(t)[b]);
        } else {
          assertEquals(match ? 1.0 : 0.0, y[0], "match at step " + t);
          assertEquals(match ? 0.0 : 1.0, y[1], "non-match at step " + t);
          assertEquals(1.0, batch.maskAt(t)[b]);
        }
      }
    }
    return types;
  }

  /**
   * Over 40 000 trials (five standard deviations of an error rate near 0.5: 0.0125), a constant
   * decision, "match" or "non-match", and decisions from the first or the second stimulus alone
   * (which channel it was) are wrong half the time: the baseline. The readout off the report window
   * is not scored: a perfect report with nonsense elsewhere scores 0.
   */
  @Test
  void aPredictorWithoutMemoryOfBothStimuliScoresTheBaseline() {
    DelayedNonMatch task = (DelayedNonMatch) Tasks.create("delayed-non-match");
    Batch batch = task.sample(40_000, new Seeds(3).derive("task", 0));
    double tolerance = fiveSigma(40_000, 0.5) / 40_000;
    assertEquals(0.5, task.metric(TaskChecks.constant(task, batch, 1, 0)), tolerance);
    assertEquals(0.5, task.metric(TaskChecks.constant(task, batch, 0, 1)), tolerance);
    for (int seen : new int[] {2, 15}) {
      assertEquals(0.5, task.metric(TaskChecks.predict(task, batch, (t, b, x, y, o) -> {
        boolean a = x.input(seen)[o] == 1;
        y[o] = a ? 1 : 0;
        y[o + 1] = a ? 0 : 1;
      })), tolerance, "only the stimulus at step " + seen);
    }
    assertEquals(0, task.metric(TaskChecks.perfect(task, batch)));
    assertEquals(0, task.metric(TaskChecks.predict(task, batch, (t, b, x, y, o) -> {
      y[o] = t >= 28 ? x.targetAt(t)[o] : 5 - t;
      y[o + 1] = t >= 28 ? x.targetAt(t)[o + 1] : t;
    })));
  }

  /** Trial i of a stream is its own draw: the same seed gives it again, another trial differs. */
  @Test
  void aStreamIsTrialsEndToEnd() {
    DelayedNonMatch task = (DelayedNonMatch) Tasks.create("delayed-non-match:delay=2");
    Seeds stream = new Seeds(4).derive("stream");
    assertSameBatch(task.sample(8, stream), task.chunk(8, stream, 0));
    assertSameBatch(task.chunk(8, stream, 3), task.chunk(8, stream, 3));
    assertTrue(TaskChecks.differ(task.chunk(8, stream, 3), task.chunk(8, stream, 4)));
    assertTrue(TaskChecks.differ(task.chunk(8, stream, 3),
        task.chunk(8, new Seeds(5).derive("stream"), 3)), "another seed, other trials");
    TaskChecks.assertDeterministic(task, 8);
    TaskChecks.assertDeterministic(Tasks.create("delayed-non-match:encoding=spiking"), 4);
  }

  /**
   * Spiking: 20 ms a step; a channel's population fires only during its stimulus; the report is
   * scored on its 60 ms, and masks are spread as m/20.
   */
  @Test
  void spikingKeepsTheTrialsOfTheRateForm() {
    Seeds seeds = new Seeds(6).derive("task", 1);
    Batch values = Tasks.create("delayed-non-match:delay=3").sample(10, seeds);
    DelayedNonMatch spiking =
        (DelayedNonMatch) Tasks.create("delayed-non-match:delay=3,encoding=spiking");
    Batch spikes = spiking.sample(10, seeds);
    assertEquals(320, spikes.steps(), "16 steps of 20 ms");
    for (int t = 1; t <= 320; t++) {
      int s = (t - 1) / 20 + 1;
      for (int b = 0; b < 10; b++) {
        for (int i = 0; i < 20; i++) {
          if (values.input(s)[2 * b + i / 10] == 0) {
            assertEquals(0.0, spikes.input(t)[20 * b + i]);
          }
        }
        assertEquals(values.maskAt(s)[b] / 20, spikes.maskAt(t)[b], 1e-15);
      }
    }
    assertEquals(0, spiking.metric(TaskChecks.perfect(spiking, spikes)));
    int nonMatches = 0;
    for (int b = 0; b < 10; b++) {
      nonMatches += (int) values.targetAt(16)[2 * b + 1];
    }
    assertEquals(nonMatches / 10.0, spiking.metric(TaskChecks.constant(spiking, spikes, 1, 0)),
        1e-15, "a constant \"match\" is wrong on the non-matches");
  }

  @Test
  void badOptionsAreRejectedNamingTheOptionAndWhatItAllows() {
    assertRejected("delayed-non-match:delay=-1", "task delayed-non-match: delay must be >= 0");
    assertRejected("delayed-non-match:onset=-1", "onset must be >= 0, was -1");
    assertRejected("delayed-non-match:stimulus=0", "stimulus must be >= 1, was 0");
    assertRejected("delayed-non-match:report=0", "report must be >= 1, was 0");
    assertRejected("delayed-non-match:offweight=2", "offweight must be in [0, 1], was 2.0");
    assertRejected("delayed-non-match:offweight=x", "option offweight must be a number");
    assertRejected("delayed-non-match:steps=30", "task delayed-non-match has no option steps",
        "allowed: delay, onset, stimulus, report, offweight, encoding, rate, population, stepms");
    assertRejected("delayed-non-match:delay=2000000000", "too long");
  }
}
