package org.bpttlab.rules.fbptt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.testing.TestNetworks;
import org.bpttlab.core.testing.TestNetworks.Case;
import org.bpttlab.rules.DenseCredit;
import org.bpttlab.rules.RuleCost;
import org.bpttlab.rules.RuleFixture;
import org.bpttlab.rules.RuleSpec;
import org.bpttlab.rules.Rules;
import org.bpttlab.rules.tbptt.TruncatedBptt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * F-BPTT with a horizon h shorter than the sequence computes BPTT of the loss truncated to the h
 * steps after each step: checked against the same sum formed from the cells' dense Jacobians (not
 * their vector-Jacobian products) on every test network, the rate regulariser's credit included
 * (with the rate estimated when the step leaves the window), and against truncated BPTT(1, h) on
 * those without the regulariser. (h ≥ T giving BPTT, on every network, and the online sums are cases of
 * {@code RuleContractTest}.)
 */
class FutureBpttTest {
  static Stream<Case> unregularizedNetworks() {
    return TestNetworks.allCases().stream().filter(c -> !c.spec().regularizer().enabled());
  }

  static List<Case> networks() {
    return TestNetworks.allCases();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("networks")
  void isBpttOfTheLossTruncatedToTheHorizonByDenseJacobians(Case c) {
    RuleFixture f = RuleFixture.of(c, 43);
    Parameters exact = f.bptt();
    for (int h : new int[] {1, 3, 5}) {
      Parameters rule = f.gradient(new FutureBptt(h, 0));
      Parameters dense = DenseCredit.truncated(f.net(), f.params(), f.batch(), h);
      // the cell's groups: the truncated sum; the readout's: exact
      for (int g = 0; g < f.net().cell().parameterShapes().size(); g++) {
        DenseCredit.assertClose(dense.get(g), rule.get(g), 1e-10,
            c.name() + " h=" + h + " group " + g);
      }
      for (String name : List.of(Parameters.OUTPUT_WEIGHTS, Parameters.OUTPUT_BIAS)) {
        DenseCredit.assertClose(exact.get(name), rule.get(name), 1e-12,
            c.name() + " h=" + h + " " + name);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unregularizedNetworks")
  void equalsTruncatedBpttBackpropagatingEachStepsLossHSteps(Case c) {
    // the cell's groups (truncated BPTT also truncates a leaky readout's own gradient, which
    // F-BPTT computes exactly)
    RuleFixture f = RuleFixture.of(c, 44);
    for (int h : new int[] {1, 4, 7}) {
      Parameters truncated = f.gradient(TruncatedBptt.fixed(1, h, false));
      Parameters rule = f.gradient(new FutureBptt(h, 0));
      for (int g = 0; g < f.net().cell().parameterShapes().size(); g++) {
        DenseCredit.assertClose(truncated.get(g), rule.get(g), 1e-12,
            c.name() + " h=" + h + " group " + g);
      }
    }
  }

  @Test
  void aShortHorizonHoldsTheSameMemoryWhateverTheSequenceLength() {
    Case c = TestNetworks.allCases().get(0);
    RuleFixture shortRun = RuleFixture.of(c.spec(), 5, 3, 12);
    RuleFixture longRun = RuleFixture.of(c.spec(), 5, 3, 48);
    FutureBptt rule = new FutureBptt(4, 0);
    RuleCost a = shortRun.cost(shortRun.begin(rule));
    RuleCost b = longRun.cost(longRun.begin(rule));
    assertEquals(a.peakStoredDoubles(), b.peakStoredDoubles());
    // the work per step grows with the horizon: h = 8 sweeps about twice the steps of h = 4
    RuleCost wide = longRun.cost(longRun.begin(new FutureBptt(8, 0)));
    assertTrue(wide.flopsPerStep() > 1.6 * b.flopsPerStep(),
        wide.flopsPerStep() + " vs " + b.flopsPerStep());
    assertTrue(wide.peakStoredDoubles() > b.peakStoredDoubles());
  }

  @Test
  void badOptionsGetOneClearError() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Rules.create(RuleSpec.parse("fbptt:horizon=0")));
    assertTrue(e.getMessage().contains("horizon") && e.getMessage().contains(">= 1"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Rules.create(RuleSpec.parse("fbptt:online=-1")));
    assertTrue(e.getMessage().contains("online"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Rules.create(RuleSpec.parse("fbptt:k2=3")));
    assertTrue(e.getMessage().contains("k2") && e.getMessage().contains("horizon"),
        e.getMessage());
    assertEquals("fbptt:horizon=3,online=2",
        Rules.create(RuleSpec.parse("fbptt:horizon=3,online=2")).name());
  }
}
