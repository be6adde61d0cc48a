package org.bpttlab.tasks.periodic;

import static org.bpttlab.tasks.testing.TaskChecks.assertRejected;
import static org.bpttlab.tasks.testing.TaskChecks.assertSameBatch;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.bpttlab.core.Batch;
import org.bpttlab.core.Seeds;
import org.bpttlab.tasks.Tasks;
import org.bpttlab.tasks.testing.TaskChecks;
import org.junit.jupiter.api.Test;

class PeriodicTargetTest {
  private static final PeriodicTarget TASK = (PeriodicTarget) Tasks.create("periodic");

  /**
   * Murray's target at hand-computed points (t = 25: 1 + 0 + 0; t = 50 and 100: 0; t = 10:
   * sin 0.2π + 0.5 sin 0.4π + 0.25 sin 0.8π), one always-zero input, mask 1, and the same trial for
   * any seeds.
   */
  @Test
  void theTrialIsMurraysTargetWithoutInput() {
    assertEquals(PeriodicTarget.Config.murray(), TASK.config());
    Batch a = TASK.sample(2, new Seeds(1).derive("task", 1));
    assertSameBatch(a, TASK.sample(2, new Seeds(7).derive("task", 3)));
    assertEquals(100, a.steps());
    assertEquals(1, a.inputs());
    for (int t = 1; t <= 100; t++) {
      for (int b = 0; b < 2; b++) {
        assertEquals(0.0, a.input(t)[b]);
        assertEquals(1.0, a.maskAt(t)[b]);
        assertEquals(a.targetAt(t)[0], a.targetAt(t)[b]);
      }
    }
    assertEquals(1.0, a.targetAt(25)[0], 1e-15);
    assertEquals(0.0, a.targetAt(50)[0], 1e-15);
    assertEquals(0.0, a.targetAt(100)[0], 1e-15);
    double expected = Math.sin(0.2 * Math.PI) + 0.5 * Math.sin(0.4 * Math.PI)
        + 0.25 * Math.sin(0.8 * Math.PI);
    assertEquals(expected, a.targetAt(10)[0], 1e-15);
  }

  /**
   * The output 0 scores ½ mean(y*²) = ½ (1 + 1/4 + 1/16)/2 = 0.328125 (orthogonal sines over a
   * whole period; to 1e-12), the perfect output 0, and the metric is half the mean squared error.
   */
  @Test
  void theBaselineIsHalfTheTargetsMeanSquare() {
    assertEquals(0.328125, TASK.baseline(), 1e-12);
    Batch batch = TASK.sample(3, new Seeds(1));
    assertEquals(0.328125, TASK.metric(TaskChecks.constant(TASK, batch, 0.0)), 1e-12);
    assertEquals(0.0, TASK.metric(TaskChecks.perfect(TASK, batch)), 0.0);
    // a constant 0.5: ½ mean((y* − 0.5)²) = ½ (mean y*² + 0.25), the sines' mean being 0
    assertEquals(0.5 * (0.65625 + 0.25), TASK.metric(TaskChecks.constant(TASK, batch, 0.5)),
        1e-12);
  }

  @Test
  void badOptionsAreRejectedNamingTheOption() {
    assertRejected("periodic:steps=0", "steps must be >= 1");
    assertRejected("periodic:period=1", "period must be >= 2");
  }
}
