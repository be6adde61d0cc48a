package org.bpttlab.rules.rtrl;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.bpttlab.core.Cell;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.Trajectory;
import org.bpttlab.core.testing.TestNetworks;
import org.bpttlab.core.testing.TestNetworks.Case;
import org.bpttlab.kernels.Kernels;
import org.bpttlab.rules.LearningRule;
import org.bpttlab.rules.RuleFixture;
import org.bpttlab.rules.Session;
import org.bpttlab.rules.rtrl.FactoredRule.Noise;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The factored estimators are unbiased (Tallec &amp; Ollivier 2018; Mujika et al. 2018; Marschall et
 * al. 2020): averaged over many draws of ν on one batch, their influence tends to RTRL's, and their
 * gradient too, also through the extended state of a leaky readout and the rate regulariser; with a
 * constant ν (not zero-mean) the averages stay away.
 */
class FactoredRuleTest {
  private static final int DRAWS = 10_000;

  static Stream<Arguments> estimators() {
    List<String> cases = List.of("rate a=1.0 h0=0.0 stop=false mse",
        "rate a=0.4 h0=0.3 stop=false ce", "mixed detach-reset=true stop=false ce unit-gain readout",
        "lif detach-reset=false stop=false mse");
    List<BiFunction<Long, Noise, LearningRule>> rules = List.of(
        (seed, noise) -> new Uoro(0, seed, noise),
        (seed, noise) -> new KfRtrl(0, seed, noise),
        (seed, noise) -> new ReverseKfRtrl(0, seed, noise));
    return rules.stream().flatMap(r -> cases.stream().map(c -> Arguments.of(r, c)));
  }

  /**
   * The influence itself, M̃_T of the first sequence after T = 12 steps, over {@link #DRAWS} draws:
   * within 4 standard errors of RTRL's M_T (formed here from the cells' dense J_t and M̄_t); a
   * constant ν's farther from it than M_T is from zero. On the state's rows (the extended rows of a
   * leaky readout and the regulariser are checked through the gradient, below).
   */
  @ParameterizedTest(name = "{1}")
  @MethodSource("estimators")
  void influenceAveragesToRtrls(BiFunction<Long, Noise, LearningRule> rule, String caseName) {
    Case c = TestNetworks.allCases().stream().filter(x -> x.name().equals(caseName)).findFirst()
        .orElseThrow();
    RuleFixture f = RuleFixture.of(c, 41);
    double[] exact = denseInfluence(f);
    for (Noise noise : List.of(Noise.SIGNS, Noise.CONSTANT)) {
      LearningRule r = rule.apply(5L, noise);
      ExtendedSession session = (ExtendedSession) f.begin(r);
      double[] one = new double[exact.length];
      double[] sum = new double[exact.length];
      double[] squares = new double[exact.length];
      for (int d = 0; d < DRAWS; d++) {
        f.run(session);
        session.influence(0, one);
        for (int i = 0; i < one.length; i++) {
          sum[i] += one[i];
          squares[i] += one[i] * one[i];
        }
      }
      double distance = 0;
      double variance = 0;
      double norm = 0;
      for (int i = 0; i < exact.length; i++) {
        double mean = sum[i] / DRAWS;
        distance += (mean - exact[i]) * (mean - exact[i]);
        variance += Math.max(0, squares[i] / DRAWS - mean * mean);
        norm += exact[i] * exact[i];
      }
      distance = Math.sqrt(distance);
      double standardError = Math.sqrt(variance / DRAWS);
      String what = r.name() + " on " + caseName + ": |mean - M_T| " + distance
          + ", standard error " + standardError + ", |M_T| " + Math.sqrt(norm);
      if (noise == Noise.SIGNS) {
        assertTrue(distance <= 4 * standardError, what);
      } else {
        assertTrue(distance > Math.sqrt(norm), what);
      }
    }
  }

  /** RTRL's M_T of the first sequence, from M_t = J_t M_{t-1} + M̄_t with the dense pieces. */
  private static double[] denseInfluence(RuleFixture f) {
    Cell cell = f.net().cell();
    int s = cell.stateSize();
    int p = cell.parameterCount();
    Trajectory tr = f.net().newTrajectory(f.batch());
    f.net().forward(f.params(), tr);
    double[] m = new double[s * p];
    double[] jacobian = new double[s * s];
    double[] immediate = new double[s * p];
    for (int t = 1; t <= tr.steps(); t++) {
      cell.stateJacobian(f.params(), tr, t, 0, jacobian);
      cell.immediateInfluence(f.params(), tr, t, 0, immediate);
      double[] next = immediate.clone();
      Kernels.multAdd(s, s, p, jacobian, m, next);
      m = next;
    }
    return m;
  }

  /**
   * Per group, over {@link #DRAWS} draws (seed fixed): the mean's distance to RTRL's gradient is at
   * most 4 standard errors of the mean (√(Σ_i var_i / D), from the draws' own variance); a constant
   * ν's mean is farther from it than RTRL's gradient is from zero. The readout's gradient is exact.
   */
  @ParameterizedTest(name = "{1}")
  @MethodSource("estimators")
  void averagesToRtrl(BiFunction<Long, Noise, LearningRule> rule, String caseName) {
    Case c = TestNetworks.allCases().stream().filter(x -> x.name().equals(caseName)).findFirst()
        .orElseThrow();
    RuleFixture f = RuleFixture.of(c, 41);
    Parameters exact = f.gradient(new Rtrl(0));
    for (Noise noise : List.of(Noise.SIGNS, Noise.CONSTANT)) {
      LearningRule r = rule.apply(5L, noise);
      Session session = f.begin(r);
      double[] e = exact.flatten();
      double[] sum = new double[e.length];
      double[] squares = new double[e.length];
      for (int d = 0; d < DRAWS; d++) {
        double[] g = f.run(session).flatten();
        for (int i = 0; i < e.length; i++) {
          sum[i] += g[i];
          squares[i] += g[i] * g[i];
        }
      }
      int offset = 0;
      for (int g = 0; g < exact.groupCount(); g++) {
        int size = exact.get(g).length;
        double distance = 0;
        double variance = 0;
        double norm = 0;
        for (int i = offset; i < offset + size; i++) {
          double mean = sum[i] / DRAWS;
          distance += (mean - e[i]) * (mean - e[i]);
          variance += Math.max(0, squares[i] / DRAWS - mean * mean);
          norm += e[i] * e[i];
        }
        offset += size;
        distance = Math.sqrt(distance);
        double standardError = Math.sqrt(variance / DRAWS);
        String what = r.name() + " on " + caseName + " " + exact.shape(g).name() + ": |mean - rtrl| "
            + distance + ", standard error " + standardError + ", |rtrl| " + Math.sqrt(norm);
        String name = exact.shape(g).name();
        if (name.equals(Parameters.OUTPUT_WEIGHTS) || name.equals(Parameters.OUTPUT_BIAS)) {
          assertTrue(distance <= 1e-10 * Math.sqrt(norm), what + " (the readout's gradient is exact)");
        } else if (noise == Noise.SIGNS) {
          assertTrue(distance <= 4 * standardError + 1e-12 * Math.sqrt(norm), what);
        } else {
          assertTrue(distance > Math.sqrt(norm), what);
        }
      }
    }
  }
}
