package org.bpttlab.tasks.adding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bpttlab.core.Batch;
import org.bpttlab.core.NetworkSpec;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.RateCellSpec;
import org.bpttlab.core.Seeds;
import org.bpttlab.core.Trajectory;
import org.bpttlab.core.net.Network;
import org.bpttlab.tasks.encoding.InputEncoding;
import org.junit.jupiter.api.Test;

class AddingProblemTest {
  @Test
  void everySequenceHasExactlyTwoMarkersOneInEachHalfAndTheirSumAsTarget() {
    for (int steps : new int[] {2, 3, 20, 101}) {
      AddingProblem task = new AddingProblem(steps);
      Batch batch = task.sample(500, new Seeds(1).derive("task", steps));
      int half = steps / 2;
      for (int b = 0; b < batch.size(); b++) {
        int firstHalf = 0;
        int secondHalf = 0;
        double sum = 0;
        for (int t = 1; t <= steps; t++) {
          double value = batch.input(t)[2 * b];
          double marker = batch.input(t)[2 * b + 1];
          assertTrue(value >= 0 && value < 1, "value in [0, 1)");
          assertTrue(marker == 0 || marker == 1, "marker is 0 or 1");
          if (marker == 1) {
            sum += value;
            if (t <= half) {
              firstHalf++;
            } else {
              secondHalf++;
            }
          }
          double mask = batch.maskAt(t)[b];
          assertEquals(t == steps ? 1.0 : 0.0, mask, "scored at the last step only");
          if (t < steps) {
            assertEquals(0.0, batch.targetAt(t)[b]);
          }
        }
        assertEquals(1, firstHalf, "one marker in the first half");
        assertEquals(1, secondHalf, "one marker in the second half");
        assertEquals(sum, batch.targetAt(steps)[b], 0.0);
      }
    }
  }

  @Test
  void theConstantPredictionOneScoresTheBaselineOneSixth() {
    AddingProblem task = new AddingProblem(20);
    Batch batch = task.sample(200_000, new Seeds(7).derive("task", 0));
    // a network whose readout is the constant 1: W_out = 0, b_out = 1
    Network net = new Network(NetworkSpec.of(2, RateCellSpec.vanilla(4), 1, task.loss()));
    Parameters p = net.initialize(new Seeds(7));
    java.util.Arrays.fill(p.get(Parameters.OUTPUT_WEIGHTS), 0.0);
    p.get(Parameters.OUTPUT_BIAS)[0] = 1.0;
    Trajectory tr = net.newTrajectory(batch);
    double loss = net.forward(p, tr);
    double mse = task.metric(tr);
    // Var(U1 + U2) = 1/6; the standard error at 200 000 sequences is about 0.0005
    assertEquals(1.0 / 6.0, mse, 0.01);
    assertEquals(task.baseline(), mse, 0.01);
    assertEquals(mse / 2, loss, 1e-12, "the training loss is half the MSE");
  }

  @Test
  void theSameSeedGivesTheSameBatchAndAnotherSeedAnother() {
    AddingProblem task = new AddingProblem(10);
    Batch a = task.sample(4, new Seeds(3).derive("task", 5));
    Batch b = task.sample(4, new Seeds(3).derive("task", 5));
    Batch c = task.sample(4, new Seeds(3).derive("task", 6));
    for (int t = 1; t <= 10; t++) {
      assertArrayEquals(a.input(t), b.input(t));
    }
    assertTrue(a.input(1)[0] != c.input(1)[0]);
  }

  /** Spiking: the marker population fires only during the two marked steps' 20 ms. */
  @Test
  void spikingShowsTheSameMarkersAsPopulationsAndScoresTheLastStep() {
    Seeds seeds = new Seeds(8).derive("task", 1);
    Batch values = new AddingProblem(6).sample(5, seeds);
    AddingProblem spiking = new AddingProblem(6, InputEncoding.spikingDefaults());
    assertEquals(20, spiking.inputs());
    Batch spikes = spiking.sample(5, seeds);
    assertEquals(120, spikes.steps());
    for (int t = 1; t <= 120; t++) {
      int s = (t - 1) / 20 + 1;
      for (int b = 0; b < 5; b++) {
        for (int i = 10; i < 20; i++) {
          if (values.input(s)[2 * b + 1] == 0) {
            assertEquals(0.0, spikes.input(t)[20 * b + i], "marker population silent");
          }
        }
        assertEquals(s == 6 ? 1.0 / 20 : 0.0, spikes.maskAt(t)[b], 1e-15);
        assertEquals(values.targetAt(s)[b], spikes.targetAt(t)[b]);
      }
    }
  }

  @Test
  void rejectsSequencesTooShortForTwoHalves() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new AddingProblem(1));
    assertTrue(e.getMessage().contains("steps"));
  }
}
