package org.bpttlab.experiment.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.bpttlab.core.NetworkSpec;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.RateCellSpec;
import org.bpttlab.core.Seeds;
import org.bpttlab.core.net.Network;
import org.bpttlab.rules.RuleSpec;
import org.bpttlab.rules.Rules;
import org.bpttlab.rules.optim.OptimizerSpec;
import org.bpttlab.tasks.Task;
import org.bpttlab.tasks.Tasks;
import org.junit.jupiter.api.Test;

/** A training draws every batch into the arrays of its first ({@code BatchBuffers}). */
class RuleTrainingBatchesTest {
  /**
   * Iteration i trains on the batch task.sample gives in new arrays, and each evaluation scores
   * the held-out batches it gives, although the training reuses its arrays for both (a spiking
   * copy task: the values and their spike encoding are both drawn into kept arrays): the loss of
   * iteration i is the forward pass at the parameters before it on a fresh batch, bit for bit, and
   * the held-out loss after it that of fresh held-out batches.
   */
  @Test
  void everyBatchHasTheBitsOfAFreshOneThoughItsArraysAreReused() {
    Task task = Tasks.create("copy:delay=3,encoding=spiking,stepms=2");
    NetworkSpec net = NetworkSpec.of(task.inputs(), RateCellSpec.vanilla(6), task.outputs(),
        task.loss());
    int batch = 4;
    int heldOut = 2;
    TrainingSpec spec = new TrainingSpec(net, OptimizerSpec.adam(0.05), 3, 4, batch, 1, heldOut, 0);
    Network network = new Network(net);
    Seeds seeds = new Seeds(spec.seed());
    try (RuleTraining training =
        new RuleTraining(task, spec, "bptt", Rules.create(RuleSpec.parse("bptt")))) {
      for (int i = 1; i <= spec.iterations(); i++) {
        Parameters before = training.parameters().copy();
        double loss = training.next().loss();
        assertEquals(network.forward(before,
            network.newTrajectory(task.sample(batch, seeds.derive("task", i)))), loss, "i " + i);
        double expected = 0;
        for (int b = 0; b < heldOut; b++) {
          expected += network.forward(training.parameters(),
              network.newTrajectory(task.sample(batch, seeds.derive("eval", b))));
        }
        assertEquals(expected / heldOut, training.evaluate().loss(), "held out after " + i);
      }
    }
  }

  /**
   * The test batches are another stream than the validation batches, of the same task at the same
   * parameters: seeds.derive("test", k) in place of ("eval", k).
   */
  @Test
  void testBatchesAreTheirOwnStream() {
    Task task = Tasks.create("adding:steps=6");
    NetworkSpec net = NetworkSpec.of(task.inputs(), RateCellSpec.vanilla(5), task.outputs(),
        task.loss());
    TrainingSpec validation = new TrainingSpec(net, OptimizerSpec.adam(0.05), 3, 2, 4, 1, 2, 0);
    TrainingSpec test = validation.withHeldOut(HeldOut.TEST);
    Network network = new Network(net);
    Seeds seeds = new Seeds(3);
    double[] scores = new double[2];
    int k = 0;
    for (TrainingSpec spec : new TrainingSpec[] {validation, test}) {
      try (RuleTraining training =
          new RuleTraining(task, spec, "bptt", Rules.create(RuleSpec.parse("bptt")))) {
        training.next();
        training.next();
        double expected = 0;
        for (int b = 0; b < 2; b++) {
          expected += network.forward(training.parameters(), network.newTrajectory(
              task.sample(4, seeds.derive(spec.heldOut().stream(), b))));
        }
        scores[k] = training.evaluate().loss();
        assertEquals(expected / 2, scores[k++], spec.heldOut().label());
      }
    }
    assertNotEquals(scores[0], scores[1]);
  }
}
