package org.bpttlab.results.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StepTimerTest {
  @Test
  void theTimerCountsEveryStepAndAtLeastThreePasses() {
    int[] calls = new int[1];
    StepTimer.StepCost c = StepTimer.time(() -> calls[0]++, 10, 0, 0);
    assertTrue(c.passes() >= 3, "passes " + c.passes());
    assertEquals(c.passes() + 1, calls[0]);
    assertTrue(c.microsPerStep() >= 0);
  }
}
