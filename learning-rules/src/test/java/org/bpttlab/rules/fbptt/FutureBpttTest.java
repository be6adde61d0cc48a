package org.bpttlab.rules.fbptt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.bpttlab.core.Batch;
import org.bpttlab.core.Cell;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.Trajectory;
import org.bpttlab.core.net.Network;
import org.bpttlab.core.testing.TestNetworks;
import org.bpttlab.core.testing.TestNetworks.Case;
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
 * their vector-Jacobian products), and against truncated BPTT(1, h), on every test network without
 * the rate regulariser. (h ≥ T giving BPTT, on every network, and the online sums are cases of
 * {@code RuleContractTest}.)
 */
class FutureBpttTest {
  static Stream<Case> unregularizedNetworks() {
    return TestNetworks.allCases().stream().filter(c -> !c.spec().regularizer().enabled());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unregularizedNetworks")
  void isBpttOfTheLossTruncatedToTheHorizonByDenseJacobians(Case c) {
    RuleFixture f = RuleFixture.of(c, 43);
    Parameters exact = f.bptt();
    for (int h : new int[] {1, 3, 5}) {
      Parameters rule = f.gradient(new FutureBptt(h, 0));
      Parameters dense = denseTruncated(f.net(), f.params(), f.batch(), h);
      // the cell's groups: the truncated sum; the readout's: exact
      for (int g = 0; g < f.net().cell().parameterShapes().size(); g++) {
        assertClose(dense.get(g), rule.get(g), 1e-10, c.name() + " h=" + h + " group " + g);
      }
      for (String name : List.of(Parameters.OUTPUT_WEIGHTS, Parameters.OUTPUT_BIAS)) {
        assertClose(exact.get(name), rule.get(name), 1e-12, c.name() + " h=" + h + " " + name);
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
        assertClose(truncated.get(g), rule.get(g), 1e-12, c.name() + " h=" + h + " group " + g);
      }
    }
  }

  /**
   * Σ_τ c_τᵀ M̄_τ with c_τ = Σ_{t=τ}^{τ+h−1} ∂L_t/∂s_τ, per sequence, from the dense pieces:
   * ∂L_t/∂s_τ = Σ_{t'=τ}^{t} (g κ^{t−t'} W_outᵀ ∂L_t/∂y_t)ᵀ (∂o_t'/∂s_t') J_t' ⋯ J_{τ+1}.
   */
  private static Parameters denseTruncated(Network net, Parameters p, Batch batch, int h) {
    Cell cell = net.cell();
    int n = cell.hidden();
    int s = cell.stateSize();
    int np = cell.parameterCount();
    int nOut = net.spec().outputs();
    int steps = batch.steps();
    double kappa = net.readout().kappa();
    double gain = net.readout().inputGain();
    double[] wOut = p.get(Parameters.OUTPUT_WEIGHTS);
    Trajectory tr = net.newTrajectory(batch);
    net.forward(p, tr);
    double[] flat = new double[np];
    double[] jacobian = new double[s * s];
    double[] outputJacobian = new double[n * s];
    double[] immediate = new double[s * np];
    for (int b = 0; b < batch.size(); b++) {
      for (int tau = 1; tau <= steps; tau++) {
        int last = Math.min(steps, tau + h - 1);
        double[] product = identity(s);
        double[] credit = new double[s];
        for (int t1 = tau; t1 <= last; t1++) {
          if (t1 > tau) {
            cell.stateJacobian(p, tr, t1, b, jacobian);
            product = multiply(jacobian, product, s);
          }
          // v = Σ_{t=t1}^{last} g κ^{t−t1} W_outᵀ ∂L_t/∂y_t
          double[] v = new double[n];
          for (int t = t1; t <= last; t++) {
            double w = gain * Math.pow(kappa, t - t1);
            double[] e = tr.lossGradient(t);
            for (int k = 0; k < nOut; k++) {
              for (int j = 0; j < n; j++) {
                v[j] += w * e[b * nOut + k] * wOut[k * n + j];
              }
            }
          }
          cell.outputJacobian(tr, t1, b, outputJacobian);
          for (int col = 0; col < s; col++) {
            double sum = 0;
            for (int row = 0; row < s; row++) {
              double vo = 0;
              for (int j = 0; j < n; j++) {
                vo += v[j] * outputJacobian[j * s + row];
              }
              sum += vo * product[row * s + col];
            }
            credit[col] += sum;
          }
        }
        cell.immediateInfluence(p, tr, tau, b, immediate);
        for (int row = 0; row < s; row++) {
          for (int i = 0; i < np; i++) {
            flat[i] += credit[row] * immediate[row * np + i];
          }
        }
      }
    }
    Parameters out = net.newParameters();
    int offset = 0;
    for (int g = 0; g < cell.parameterShapes().size(); g++) {
      double[] dst = out.get(g);
      System.arraycopy(flat, offset, dst, 0, dst.length);
      offset += dst.length;
    }
    return out;
  }

  private static double[] identity(int s) {
    double[] m = new double[s * s];
    for (int i = 0; i < s; i++) {
      m[i * s + i] = 1;
    }
    return m;
  }

  private static double[] multiply(double[] a, double[] b, int s) {
    double[] c = new double[s * s];
    for (int i = 0; i < s; i++) {
      for (int k = 0; k < s; k++) {
        for (int j = 0; j < s; j++) {
          c[i * s + j] += a[i * s + k] * b[k * s + j];
        }
      }
    }
    return c;
  }

  /** ‖a − e‖ ≤ tolerance · max(‖e‖, 1e-12). */
  private static void assertClose(double[] expected, double[] actual, double tolerance,
      String what) {
    double diff = 0;
    double norm = 0;
    for (int i = 0; i < expected.length; i++) {
      diff += (actual[i] - expected[i]) * (actual[i] - expected[i]);
      norm += expected[i] * expected[i];
    }
    double error = Math.sqrt(diff) / Math.max(Math.sqrt(norm), 1e-12);
    assertTrue(error <= tolerance, what + ": relative difference " + error);
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
