package org.bpttlab.rules.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bpttlab.core.ParameterShape;
import org.bpttlab.core.Parameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OptimizerTest {
  /** Hand computations below are sums of a few decimals: they agree to a few ulps of 1. */
  private static final double ULPS = 1e-15;

  private static Parameters vector(double... values) {
    Parameters p = new Parameters(List.of(new ParameterShape("w", values.length, 1)));
    System.arraycopy(values, 0, p.get(0), 0, values.length);
    return p;
  }

  private static void assertValues(double[] expected, Parameters actual) {
    assertArrayEquals(expected, actual.get(0), ULPS);
  }

  @Test
  void sgdStepsAgainstTheGradient() {
    Parameters p = vector(1.0, -2.0);
    OptimizerSpec.sgd(0.1).create(p).update(p, vector(0.5, -1.0));
    assertEquals(0.95, p.get(0)[0], 1e-15);
    assertEquals(-1.9, p.get(0)[1], 1e-15);
  }

  @Test
  void adamFollowsKingmaAndBaAlgorithmOne() {
    // Two updates by hand, β1 = 0.9, β2 = 0.999, ε = 1e-8, η = 0.01, gradients 0.2 then -0.4.
    Parameters p = vector(1.0);
    Optimizer adam = OptimizerSpec.adam(0.01).create(p);
    adam.update(p, vector(0.2));
    double m = 0.1 * 0.2;
    double v = 0.001 * 0.04;
    double expected = 1.0 - 0.01 * (m / 0.1) / (Math.sqrt(v / 0.001) + 1e-8);
    assertEquals(expected, p.get(0)[0], 1e-15);
    adam.update(p, vector(-0.4));
    m = 0.9 * m + 0.1 * -0.4;
    v = 0.999 * v + 0.001 * 0.16;
    expected -= 0.01 * (m / (1 - 0.81)) / (Math.sqrt(v / (1 - 0.999 * 0.999)) + 1e-8);
    assertEquals(expected, p.get(0)[0], 1e-15);
  }

  @Test
  void momentumFollowsThreeHandComputedSteps() {
    // μ = 0.9, η = 0.1; v ← μ v + g, θ ← θ − η v.
    Parameters p = vector(1.0, -2.0, 0.5);
    Optimizer opt = OptimizerSpec.momentum(0.1, 0.9).create(p);
    opt.update(p, vector(0.5, -1.0, 2.0)); // v = (0.5, -1, 2)
    assertValues(new double[] {0.95, -1.9, 0.3}, p);
    opt.update(p, vector(0.5, 1.0, -1.0)); // v = (0.95, 0.1, 0.8)
    assertValues(new double[] {0.855, -1.91, 0.22}, p);
    opt.update(p, vector(1.0, 0.0, 0.0)); // v = (1.855, 0.09, 0.72)
    assertValues(new double[] {0.6695, -1.919, 0.148}, p);
    assertArrayEquals(new double[] {1.855, 0.09, 0.72}, opt.state().arrays().get("velocity.w"),
        ULPS);
    assertEquals(3, opt.steps());
  }

  @Test
  void nesterovMomentumLooksAhead() {
    // θ ← θ − η (g + μ v) with v already updated: step 1 moves by η (1 + μ) g.
    Parameters p = vector(1.0, -2.0, 0.5);
    Optimizer opt = OptimizerSpec.momentum(0.1, 0.9).withNesterov(true).create(p);
    opt.update(p, vector(0.5, -1.0, 2.0)); // v = (0.5, -1, 2), g + μv = (0.95, -1.9, 3.8)
    assertValues(new double[] {0.905, -1.81, 0.12}, p);
    opt.update(p, vector(0.5, 1.0, -1.0)); // v = (0.95, 0.1, 0.8), g + μv = (1.355, 1.09, -0.28)
    assertValues(new double[] {0.7695, -1.919, 0.148}, p);
  }

  @Test
  void momentumZeroIsSgd() {
    Parameters a = vector(1.0, -2.0, 0.5);
    Parameters b = a.copy();
    Optimizer mom = OptimizerSpec.momentum(0.1, 0).create(a);
    Optimizer sgd = OptimizerSpec.sgd(0.1).create(b);
    for (double[] g : new double[][] {{0.5, -1, 2}, {0.3, 0.7, -0.1}}) {
      mom.update(a, vector(g));
      sgd.update(b, vector(g));
    }
    assertArrayEquals(b.get(0), a.get(0), 0.0);
  }

  @Test
  void rpropFollowsThreeHandComputedSteps() {
    // Δ starts at η = 0.1; η− = 0.5, η+ = 1.2.
    Parameters p = vector(1.0, -2.0, 0.5);
    Optimizer opt = OptimizerSpec.rprop(0.1).create(p);
    // No previous gradient: Δ unchanged, move by Δ against the sign; a zero entry does not move.
    opt.update(p, vector(0.5, -1.0, 0.0));
    assertValues(new double[] {0.9, -1.9, 0.5}, p);
    // Entry 0 same sign: Δ = 0.12. Entry 1 sign change: Δ = 0.05 and no move. Entry 2: after a
    // zero, Δ stays 0.1.
    opt.update(p, vector(2.0, 3.0, -1.0));
    assertValues(new double[] {0.78, -1.9, 0.6}, p);
    assertArrayEquals(new double[] {0.12, 0.05, 0.1}, opt.state().arrays().get("step_size.w"),
        ULPS);
    assertArrayEquals(new double[] {2.0, 0.0, -1.0},
        opt.state().arrays().get("previous_gradient.w"), 0.0);
    // Entry 0 grows again (0.144); entry 1 after its skipped step keeps Δ = 0.05 and moves; entry
    // 2 grows (0.12).
    opt.update(p, vector(1.0, 4.0, -5.0));
    assertValues(new double[] {0.636, -1.95, 0.72}, p);
    assertArrayEquals(new double[] {0.144, 0.05, 0.12}, opt.state().arrays().get("step_size.w"),
        ULPS);
  }

  @Test
  void rpropUsesOnlyTheSignOfTheGradient() {
    Parameters a = vector(0.0, 0.0);
    Parameters b = vector(0.0, 0.0);
    Optimizer small = OptimizerSpec.rprop(0.1).create(a);
    Optimizer large = OptimizerSpec.rprop(0.1).create(b);
    small.update(a, vector(1e-9, -1e-300));
    large.update(b, vector(1e9, -1e100));
    assertArrayEquals(new double[] {-0.1, 0.1}, a.get(0), 0.0);
    assertArrayEquals(a.get(0), b.get(0), 0.0);
    // Signs, not the product 1e-300 · 1e-300 (which underflows to 0), decide a sign change.
    small.update(a, vector(1e-9, 1e-300));
    assertArrayEquals(new double[] {0.12, 0.05}, small.state().arrays().get("step_size.w"), ULPS);
    assertEquals(0.1, a.get(0)[1], 0.0, "sign change: no move");
  }

  @Test
  void rpropStepSizesStayWithinTheirBounds() {
    // Always the same sign: Δ = 40, 48, then 57.6 capped at 50.
    Parameters p = vector(0.0);
    Optimizer up = OptimizerSpec.rprop(40).create(p);
    for (int k = 0; k < 4; k++) {
      up.update(p, vector(1.0));
    }
    assertEquals(50.0, up.state().arrays().get("step_size.w")[0], 0.0);
    assertEquals(-(40 + 48 + 50 + 50), p.get(0)[0], 1e-12);

    // Alternating signs: every other update halves Δ (and skips), the next moves with it:
    // 0.01 → 0.005 → 0.0025 → 0.00125 → 0.000625, floored at minStep = 0.001.
    Parameters q = vector(0.0);
    Optimizer down = OptimizerSpec.rprop(0.01).withStepBounds(1e-3, 50).create(q);
    double[] expectedSteps = {0.01, 0.005, 0.005, 0.0025, 0.0025, 0.00125, 0.00125, 0.001};
    for (int k = 0; k < expectedSteps.length; k++) {
      down.update(q, vector(k % 2 == 0 ? 1.0 : -1.0));
      assertEquals(expectedSteps[k], down.state().arrays().get("step_size.w")[0], 1e-18, "k=" + k);
    }
    assertEquals(-(0.01 + 0.005 + 0.0025 + 0.00125), q.get(0)[0], 1e-17);
  }

  @Test
  void clippingByGlobalNormRescalesOnlyAboveTheThreshold() {
    Parameters g = vector(3.0, 4.0);
    assertEquals(5.0, Clipping.byGlobalNorm(g, 10.0), 0.0);
    assertEquals(3.0, g.get(0)[0], 0.0);
    assertEquals(5.0, Clipping.byGlobalNorm(g, 1.0), 0.0);
    assertEquals(0.6, g.get(0)[0], 1e-15);
    assertEquals(0.8, g.get(0)[1], 1e-15);
    assertEquals(1.0, g.norm(), 1e-15);
  }

  @Test
  void clippingByValueClipsEachEntryExactly() {
    Parameters g = vector(3.0, -0.5, -7.0, 1.0, -1.0);
    Clipping.byValue(g, 1.0);
    assertArrayEquals(new double[] {1.0, -0.5, -1.0, 1.0, -1.0}, g.get(0), 0.0);
    Parameters nan = vector(Double.NaN, 2.0);
    Clipping.byValue(nan, 1.0);
    assertTrue(Double.isNaN(nan.get(0)[0]));
    assertEquals(1.0, nan.get(0)[1], 0.0);
  }

  @Test
  void clippingByNormComesBeforeClippingByValue() {
    // g = (6, -8, 0), ‖g‖ = 10. Norm 2 first: (1.2, -1.6, 0), within the value bound 2. (Value
    // first would give (2, -2, 0), then (√2, -√2, 0).)
    Parameters g = vector(6.0, -8.0, 0.0);
    assertEquals(10.0, Clipping.apply(g, 2.0, 2.0), 0.0);
    assertValues(new double[] {1.2, -1.6, 0.0}, g);
    // Norm 5 then value 2: (3, -4, 0) then (2, -2, 0).
    g = vector(6.0, -8.0, 0.0);
    Clipping.apply(g, 5.0, 2.0);
    assertValues(new double[] {2.0, -2.0, 0.0}, g);
    // Through an optimizer: SGD with η = 1 moves by exactly the clipped gradient.
    Parameters p = vector(0.0, 0.0, 0.0);
    Optimizer sgd = OptimizerSpec.sgd(1.0).withClipNorm(2.0).withClipValue(2.0).create(p);
    assertEquals(10.0, sgd.update(p, vector(6.0, -8.0, 0.0)), 0.0, "the norm before clipping");
    assertValues(new double[] {-1.2, 1.6, 0.0}, p);
    Optimizer valueOnly = OptimizerSpec.sgd(1.0).withClipValue(0.5).create(p);
    valueOnly.update(p, vector(6.0, -0.25, 0.0));
    assertValues(new double[] {-1.7, 1.85, 0.0}, p);
  }

  @Test
  void clippedSgdMovesAtMostTheClipNormTimesTheRate() {
    Parameters p = vector(0.0, 0.0);
    OptimizerSpec.sgd(0.5).withClipNorm(1.0).create(p).update(p, vector(30.0, 40.0));
    assertEquals(0.5, p.norm(), 1e-15);
  }

  @Test
  void updateReturnsTheNormBeforeClipping() {
    Parameters p = vector(0.0, 0.0);
    Parameters g = vector(3.0, 4.0);
    double norm = OptimizerSpec.adam(0.1).withClipNorm(1.0).create(p).update(p, g);
    assertEquals(5.0, norm, 0.0);
    assertEquals(1.0, g.norm(), 1e-15, "clipped in place");
  }

  static Stream<OptimizerSpec> everyKind() {
    return Stream.of(OptimizerSpec.sgd(0.01), OptimizerSpec.momentum(0.01, 0.9),
        OptimizerSpec.momentum(0.01, 0.9).withNesterov(true), OptimizerSpec.adam(0.01),
        OptimizerSpec.rprop(0.1), OptimizerSpec.adam(0.01).withClipNorm(1).withClipValue(0.5));
  }

  @ParameterizedTest
  @MethodSource("everyKind")
  void aNonFiniteGradientIsNotApplied(OptimizerSpec spec) {
    Parameters p = vector(1.0, 2.0);
    Optimizer opt = spec.create(p);
    opt.update(p, vector(0.5, -0.5));
    OptimizerState before = opt.state();
    Parameters atBefore = p.copy();
    for (Parameters bad : List.of(vector(Double.NaN, 1.0), vector(Double.POSITIVE_INFINITY, 1.0),
        vector(1e200, 1e200))) {
      Parameters g = bad.copy();
      assertFalse(Double.isFinite(opt.update(p, g)));
      assertArrayEquals(atBefore.get(0), p.get(0), 0.0);
      assertArrayEquals(bad.get(0), g.get(0), 0.0, "gradient untouched");
      assertEquals(before, opt.state());
    }
  }

  /** f(θ) = ½ Σ a_i θ_i², a = (1, 10, 100), from θ = (1, 1, 1): condition number 100. */
  private static int stepsToMinimiseQuadratic(OptimizerSpec spec, int maxSteps) {
    double[] a = {1, 10, 100};
    Parameters theta = vector(1, 1, 1);
    Parameters grad = theta.zerosLike();
    Optimizer opt = spec.create(theta);
    for (int k = 1; k <= maxSteps; k++) {
      for (int i = 0; i < 3; i++) {
        grad.get(0)[i] = a[i] * theta.get(0)[i];
      }
      opt.update(theta, grad);
      double f = 0;
      for (int i = 0; i < 3; i++) {
        f += 0.5 * a[i] * theta.get(0)[i] * theta.get(0)[i];
      }
      if (f <= 1e-8) {
        return k;
      }
    }
    return Integer.MAX_VALUE;
  }

  @Test
  void everyOptimizerMinimisesAnIllConditionedQuadratic() {
    // f ≤ 1e-8 within the stated number of steps (deterministic: no randomness). Measured: SGD
    // 882, momentum 182, Nesterov 132, Adam 335, Rprop 46 steps.
    assertReaches(OptimizerSpec.sgd(0.01), 1000);
    assertReaches(OptimizerSpec.momentum(0.01, 0.9), 250);
    assertReaches(OptimizerSpec.momentum(0.01, 0.9).withNesterov(true), 200);
    assertReaches(OptimizerSpec.adam(0.01), 400);
    assertReaches(OptimizerSpec.rprop(0.1), 60);
  }

  private static void assertReaches(OptimizerSpec spec, int steps) {
    int k = stepsToMinimiseQuadratic(spec, 10 * steps);
    assertTrue(k <= steps, spec.kind() + " took " + k + " steps, more than " + steps);
  }

  @ParameterizedTest
  @MethodSource("everyKind")
  void aRestoredOptimizerContinuesBitIdentically(OptimizerSpec spec) {
    Parameters layout = new Parameters(
        List.of(new ParameterShape("W", 2, 3), new ParameterShape("b", 2, 1)));
    Parameters p = layout.copy();
    Arrays.fill(p.get(0), 0.3);
    Arrays.fill(p.get(1), -0.2);
    Optimizer first = spec.create(p);
    for (int k = 0; k < 5; k++) {
      first.update(p, syntheticGradient(p, k));
    }
    OptimizerState saved = first.state();
    OptimizerState savedCopy = new OptimizerState(saved.kind(), saved.steps(), saved.arrays());
    assertEquals(5, saved.steps());
    Parameters q = p.copy();
    Optimizer resumed = spec.create(layout);
    resumed.restore(saved);
    assertEquals(saved, resumed.state());
    for (int k = 5; k < 12; k++) {
      first.update(p, syntheticGradient(p, k));
      resumed.update(q, syntheticGradient(q, k));
    }
    for (int g = 0; g < p.groupCount(); g++) {
      assertArrayEquals(bits(p.get(g)), bits(q.get(g)));
    }
    assertEquals(first.state(), resumed.state());
    assertEquals(12, resumed.steps());
    assertEquals(savedCopy, saved, "the snapshot is a copy, not a view");
  }

  /** A gradient that depends on θ and changes sign now and then (so Rprop shrinks some steps). */
  private static Parameters syntheticGradient(Parameters p, int k) {
    Parameters g = p.zerosLike();
    for (int group = 0; group < p.groupCount(); group++) {
      double[] v = p.get(group);
      for (int i = 0; i < v.length; i++) {
        g.get(group)[i] = v[i] * (1 + i) + Math.sin(0.7 * k + i + group);
      }
    }
    return g;
  }

  private static long[] bits(double[] x) {
    return Arrays.stream(x).mapToLong(Double::doubleToRawLongBits).toArray();
  }

  @Test
  void stateNamesItsArraysByBufferAndGroup() {
    Parameters layout = new Parameters(
        List.of(new ParameterShape("W", 2, 3), new ParameterShape("b", 2, 1)));
    assertEquals(List.of(), List.copyOf(OptimizerSpec.sgd(0.1).create(layout).state().arrays()
        .keySet()));
    assertEquals(List.of("velocity.W", "velocity.b"), List.copyOf(
        OptimizerSpec.momentum(0.1, 0.9).create(layout).state().arrays().keySet()));
    assertEquals(List.of("m.W", "m.b", "v.W", "v.b"),
        List.copyOf(OptimizerSpec.adam(0.1).create(layout).state().arrays().keySet()));
    OptimizerState rprop = OptimizerSpec.rprop(0.1).create(layout).state();
    assertEquals(List.of("step_size.W", "step_size.b", "previous_gradient.W",
        "previous_gradient.b"), List.copyOf(rprop.arrays().keySet()));
    assertArrayEquals(new double[] {0.1, 0.1, 0.1, 0.1, 0.1, 0.1},
        rprop.arrays().get("step_size.W"), 0.0, "Rprop's steps start at the learning rate");
  }

  @Test
  void restoreRefusesAStateThatDoesNotFit() {
    Parameters p = vector(1.0, 2.0);
    Optimizer adam = OptimizerSpec.adam(0.1).create(p);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> adam.restore(OptimizerSpec.momentum(0.1, 0.9).create(p).state()));
    assertTrue(e.getMessage().contains("momentum") && e.getMessage().contains("adam"),
        e.getMessage());
    Optimizer bigger = OptimizerSpec.adam(0.1).create(vector(1.0, 2.0, 3.0));
    e = assertThrows(IllegalArgumentException.class, () -> adam.restore(bigger.state()));
    assertTrue(e.getMessage().startsWith("state array m.w must have 2 entries"), e.getMessage());
    Map<String, double[]> missing = new LinkedHashMap<>(adam.state().arrays());
    missing.remove("v.w");
    e = assertThrows(IllegalArgumentException.class,
        () -> adam.restore(new OptimizerState("adam", 3, missing)));
    assertTrue(e.getMessage().contains("[m.w, v.w]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new OptimizerState("adam", -1, Map.of()));
    assertTrue(e.getMessage().startsWith("steps must be >= 0"), e.getMessage());
    assertEquals(0, adam.steps(), "a refused restore changes nothing");
  }

  static Stream<Arguments> badSpecs() {
    OptimizerSpec sgd = OptimizerSpec.sgd(0.1);
    OptimizerSpec.RpropSpec rprop = OptimizerSpec.rprop(0.1);
    return Stream.of(
        bad("learningRate", "> 0 and finite, was -1.0", () -> OptimizerSpec.adam(-1)),
        bad("learningRate", "> 0 and finite, was NaN", () -> sgd.withLearningRate(Double.NaN)),
        bad("learningRate", "> 0 and finite, was Infinity",
            () -> OptimizerSpec.momentum(Double.POSITIVE_INFINITY, 0.9)),
        bad("beta1", "in [0, 1), was 1.0", () -> OptimizerSpec.adam(0.1).withBetas(1, 0.999)),
        bad("beta2", "in [0, 1), was -0.1", () -> OptimizerSpec.adam(0.1).withBetas(0.9, -0.1)),
        bad("epsilon", "> 0 and finite, was 0.0", () -> OptimizerSpec.adam(0.1).withEpsilon(0)),
        bad("momentum", "in [0, 1), was 1.0", () -> OptimizerSpec.momentum(0.1, 1)),
        bad("momentum", "in [0, 1), was NaN", () -> OptimizerSpec.momentum(0.1, Double.NaN)),
        bad("stepDecrease", "in (0, 1), was 1.0", () -> rprop.withStepFactors(1, 1.2)),
        bad("stepDecrease", "in (0, 1), was 0.0", () -> rprop.withStepFactors(0, 1.2)),
        bad("stepIncrease", "> 1 and finite, was 1.0", () -> rprop.withStepFactors(0.5, 1)),
        bad("minStep", "> 0 and finite, was 0.0", () -> rprop.withStepBounds(0, 50)),
        bad("maxStep", ">= minStep (1.0) and finite, was 0.5", () -> rprop.withStepBounds(1, 0.5)),
        bad("clipNorm", "> 0 and finite, or 0 for none, was -1.0", () -> sgd.withClipNorm(-1)),
        bad("clipValue", "> 0 and finite, or 0 for none, was Infinity",
            () -> sgd.withClipValue(Double.POSITIVE_INFINITY)),
        bad("learningRate", "(Rprop's initial step size) must be in [minStep, maxStep] = [1.0E-6,"
            + " 50.0], was 100.0", () -> OptimizerSpec.rprop(100)));
  }

  private static Arguments bad(String field, String says, Executable make) {
    return Arguments.of(field, says, make);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("badSpecs")
  void invalidSpecsNameTheFieldAndTheAllowedValues(String field, String says, Executable make) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, make);
    assertTrue(e.getMessage().startsWith(field + " "), e.getMessage());
    assertTrue(e.getMessage().contains(says), e.getMessage());
  }

  @Test
  void factoriesSetTheirKindAndDefaults() {
    OptimizerSpec.MomentumSpec m = OptimizerSpec.momentum(0.05, 0.8);
    assertEquals("momentum", m.kind());
    assertEquals(0.8, m.momentum(), 0.0);
    assertEquals(false, m.nesterov());
    OptimizerSpec.RpropSpec r = OptimizerSpec.rprop(0.01);
    assertEquals(List.of(0.5, 1.2, 1e-6, 50.0),
        List.of(r.stepDecrease(), r.stepIncrease(), r.minStep(), r.maxStep()));
    assertEquals(0.0, r.clipNorm(), 0.0);
    assertEquals(0.0, r.clipValue(), 0.0);
    assertEquals(OptimizerSpec.KINDS, Stream.of(OptimizerSpec.sgd(1), m, OptimizerSpec.adam(1), r)
        .map(s -> s.create(vector(0)).spec().kind()).toList());
  }
}
