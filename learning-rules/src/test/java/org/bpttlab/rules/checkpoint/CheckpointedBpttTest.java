package org.bpttlab.rules.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.testing.TestNetworks;
import org.bpttlab.core.testing.TestNetworks.Case;
import org.bpttlab.rules.checkpoint.CheckpointedBptt.CheckpointedSession;
import org.bpttlab.rules.RuleFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Contract T1 for checkpointing: on T = 64, for every budget M = 0..T, checkpointed BPTT's gradient
 * equals BPTT's bit for bit, it never holds more than M checkpoints, and it recomputes exactly the
 * forward steps the dynamic programme predicts.
 */
class CheckpointedBpttTest {
  private static final int STEPS = 64;

  static List<Case> cases() {
    List<Case> all = TestNetworks.allCases();
    // a rate cell, an ALIF network with refractoriness, leaky readout and regulariser, a mixed
    // population with a non-smooth surrogate
    return List.of(all.get(4), all.get(13), all.get(all.size() - 1));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void bitIdenticalToBpttAtEveryBudget(Case c) {
    RuleFixture f = RuleFixture.of(c.spec(), 51, 2, STEPS);
    Parameters exact = f.bptt();
    Parameters p = f.params();
    for (int budget = 0; budget <= STEPS; budget++) {
      CheckpointedSession s = new CheckpointedBptt(budget).begin(f.net(), p, 2);
      Parameters grad = f.run(s);
      for (int g = 0; g < p.groupCount(); g++) {
        assertArrayEquals(exact.get(g), grad.get(g), c.name() + " M=" + budget);
      }
      assertTrue(s.peakCheckpoints() <= budget, "M=" + budget + " held " + s.peakCheckpoints());
      assertEquals(s.schedule().totalRecomputation(), s.recomputedSteps(), "M=" + budget);
    }
  }

  @Test
  void scheduleEndpointsAndMonotonicity() {
    CheckpointSchedule none = new CheckpointSchedule(STEPS, 0);
    assertEquals(STEPS * (STEPS - 1) / 2, none.totalRecomputation(), "M = 0: T(T-1)/2");
    assertEquals(0, new CheckpointSchedule(STEPS, STEPS - 1).totalRecomputation(), "M = T-1");
    long previous = Long.MAX_VALUE;
    for (int m = 0; m <= STEPS; m++) {
      long c = new CheckpointSchedule(STEPS, m).totalRecomputation();
      assertTrue(c <= previous, "more memory never costs more, M=" + m);
      previous = c;
    }
    // √T-style budgets: with M = 8 of T = 64 about one extra forward pass
    long eight = new CheckpointSchedule(STEPS, 8).totalRecomputation();
    assertTrue(eight <= 2 * STEPS, "M=8 recomputes " + eight);
  }

  /** The tables and closed forms agree with the recursion evaluated directly (and splitting never
   * loses to the no-checkpoint sweep). */
  @Test
  void tablesAgreeWithTheRecursionEvaluatedDirectly() {
    for (int t = 1; t <= 12; t++) {
      for (int m = 0; m <= t; m++) {
        CheckpointSchedule s = new CheckpointSchedule(t, m);
        assertEquals(bruteE(t, m), s.recomputation(t, m), "E(" + t + "," + m + ")");
        assertEquals(bruteP(t, m), s.spine(t, m), "P(" + t + "," + m + ")");
      }
    }
  }

  private static long bruteE(int t, int m) {
    if (t <= 1) {
      return 0;
    }
    long best = (long) t * (t - 1) / 2;
    if (m > 0) {
      for (int y = 1; y < t; y++) {
        best = Math.min(best, y + bruteE(t - y, m - 1) + bruteE(y, m - 1));
      }
    }
    return best;
  }

  private static long bruteP(int t, int m) {
    if (t <= 1) {
      return 0;
    }
    long best = (long) t * (t - 1) / 2;
    if (m > 0) {
      for (int y = 1; y < t; y++) {
        best = Math.min(best, bruteP(t - y, m - 1) + bruteE(y, m - 1));
      }
    }
    return best;
  }
}
