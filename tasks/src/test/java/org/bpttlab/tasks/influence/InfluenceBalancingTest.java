package org.bpttlab.tasks.influence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.bpttlab.core.Batch;
import org.bpttlab.core.LossKind;
import org.bpttlab.core.Seeds;
import org.bpttlab.tasks.Tasks;
import org.bpttlab.tasks.testing.TaskChecks;
import org.junit.jupiter.api.Test;

class InfluenceBalancingTest {
  @Test
  void itIsBuiltFromItsSpecAndWritesItBack() {
    InfluenceBalancing task = (InfluenceBalancing) Tasks.create("influence-balancing");
    assertEquals("influence-balancing:steps=100", task.spec().toString());
    assertEquals(1, task.inputs());
    assertEquals(1, task.outputs());
    assertEquals(LossKind.MSE, task.loss());
    assertEquals(30, Tasks.create("influence-balancing", 30).steps());
    TaskChecks.assertRejected("influence-balancing:steps=0", "influence-balancing",
        "steps must be >= 1, was 0");
  }

  @Test
  void everyStepHasInputOneTargetOneAndMaskOne() {
    InfluenceBalancing task = new InfluenceBalancing(7);
    Batch chunk = task.chunk(3, new Seeds(5), 4);
    for (int t = 1; t <= 7; t++) {
      for (int b = 0; b < 3; b++) {
        assertEquals(1.0, chunk.input(t)[b]);
        assertEquals(1.0, chunk.targetAt(t)[b]);
        assertEquals(1.0, chunk.maskAt(t)[b]);
      }
    }
    TaskChecks.assertSameBatch(chunk, task.sample(3, new Seeds(9)));
  }

  @Test
  void theMetricIsHalfTheMeanSquaredErrorAndTheOutputZeroScoresTheBaseline() {
    InfluenceBalancing task = new InfluenceBalancing(5);
    Batch batch = task.sample(2, new Seeds(1));
    assertEquals(task.baseline(), task.metric(TaskChecks.constant(task, batch, 0.0)), 1e-15);
    assertEquals(0.5 * 0.09, task.metric(TaskChecks.constant(task, batch, 1.3)), 1e-15);
    assertEquals(0.0, task.metric(TaskChecks.perfect(task, batch)));
  }
}
