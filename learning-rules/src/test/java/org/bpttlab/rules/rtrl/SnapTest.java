package org.bpttlab.rules.rtrl;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.bpttlab.core.Cell;
import org.bpttlab.core.InitSpec;
import org.bpttlab.core.LossKind;
import org.bpttlab.core.NetworkSpec;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.RateCellSpec;
import org.bpttlab.core.Seeds;
import org.bpttlab.core.Trajectory;
import org.bpttlab.core.net.Network;
import org.bpttlab.core.testing.TestNetworks;
import org.bpttlab.core.testing.TestNetworks.Case;
import org.bpttlab.kernels.Kernels;
import org.bpttlab.rules.ExactGradients;
import org.bpttlab.rules.RuleFixture;
import org.bpttlab.rules.RuleSpec;
import org.bpttlab.rules.Rules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SnAp-n (Menick et al. 2021) against what it must equal: symmetric e-prop on the eligibility graph
 * (n = 1, every test network, ≤ 1e-10), and on a ring network (neuron j feeds only j + 1, diameter
 * n − 1 = 5) RTRL's recursion with the influence masked to the neurons n steps reach, computed here
 * from the cells' dense Jacobians (≤ 1e-10): for n ≥ 6 that is RTRL, for smaller n it is not. On a
 * network whose sparse connectivity is the network option ({@code recurrent_density}), the pattern
 * is read from the masked W_rec: SnAp-2 is not RTRL, SnAp-n with n = hidden is.
 */
class SnapTest {
  static Stream<Case> testNetworks() {
    return TestNetworks.allCases().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("testNetworks")
  void firstOrderOnTheEligibilityGraphIsEProp(Case c) {
    NetworkSpec spec = c.spec().withCell(c.spec().cell().eligibilityGraph());
    RuleFixture f = RuleFixture.of(spec, 41, TestNetworks.BATCH, TestNetworks.STEPS);
    ExactGradients.assertClose(f.gradient(Rules.create(RuleSpec.of("eprop"))),
        f.gradient(new Snap(1, 0)), 1e-10, 1e-12, "snap on " + c.name());
  }

  @Test
  void onASparseNetworkTheSecondOrderIsNotRtrlAndAHighOrderIs() {
    int n = 16;
    NetworkSpec spec = NetworkSpec.of(3, RateCellSpec.vanilla(n), 2, LossKind.MSE)
        .withInit(InitSpec.gaussian().withRecurrentGain(3).withRecurrentDensity(0.1));
    Network net = new Network(spec);
    Seeds seeds = new Seeds(47);
    Parameters params = net.initialize(seeds);
    assertTrue(net.maskedRecurrentEntries(seeds).length == n * n - 26, "26 of 256 connections");
    RuleFixture f = new RuleFixture(net, params, TestNetworks.batch(spec, 3, 20, seeds));
    Parameters rtrl = f.gradient(new Rtrl(0));
    ExactGradients.assertClose(rtrl, f.gradient(new Snap(n, 0)), 1e-10, 1e-12,
        "snap:n=" + n + " on a sparse network is RTRL");
    double[] a = f.gradient(new Snap(2, 0)).get(Parameters.RECURRENT_WEIGHTS);
    double[] b = rtrl.get(Parameters.RECURRENT_WEIGHTS);
    double distance = 0;
    double largest = 0;
    for (int i = 0; i < a.length; i++) {
      distance = Math.max(distance, Math.abs(a[i] - b[i]));
      largest = Math.max(largest, Math.abs(b[i]));
    }
    // with 1.6 connections per neuron the pattern of n = 2 keeps few rows: far from rounding
    assertTrue(distance > 1e-3 * largest, "snap:n=2 on a sparse network is not RTRL: W_rec"
        + " differs by " + distance + " of " + largest);
  }

  static Stream<Arguments> ringNetworks() {
    return Stream.of("rate a=1.0 h0=0.0 stop=false mse", "rate a=0.4 h0=0.3 stop=false ce",
            "lif detach-reset=false stop=false mse", "alif detach-reset=false stop=false mse")
        .flatMap(name -> Stream.of(1, 2, 3, 6).map(order -> Arguments.of(name, order)));
  }

  @ParameterizedTest(name = "{0} n={1}")
  @MethodSource("ringNetworks")
  void onARingIsMaskedRtrl(String name, int order) {
    Case c = TestNetworks.allCases().stream().filter(x -> x.name().equals(name)).findFirst()
        .orElseThrow();
    RuleFixture f = RuleFixture.of(c, 43);
    int n = f.net().cell().hidden();
    double[] w = f.params().get(Parameters.RECURRENT_WEIGHTS);
    for (int l = 0; l < n; l++) {
      for (int j = 0; j < n; j++) {
        if (l != (j + 1) % n && l != j) {
          w[l * n + j] = 0;
        }
      }
    }
    Parameters snap = f.gradient(new Snap(order, 0));
    Parameters expected = maskedRtrl(f, order);
    Parameters rtrl = f.gradient(new Rtrl(0));
    String what = "snap:n=" + order + " on a ring, " + name;
    ExactGradients.assertClose(expected, snap, 1e-10, 1e-12, what);
    double distance = 0;
    double largest = 0;
    double[] a = snap.get(Parameters.RECURRENT_WEIGHTS);
    double[] b = rtrl.get(Parameters.RECURRENT_WEIGHTS);
    for (int i = 0; i < a.length; i++) {
      distance = Math.max(distance, Math.abs(a[i] - b[i]));
      largest = Math.max(largest, Math.abs(b[i]));
    }
    if (order >= n) {
      ExactGradients.assertClose(rtrl, snap, 1e-10, 1e-12, what + " is RTRL");
    } else {
      // far beyond rounding (1e-16 relative): the paths of length ≥ n are missing
      assertTrue(distance > 1e-9 * largest, what + " is not RTRL: W_rec differs by " + distance);
    }
  }

  /**
   * The definition, from dense pieces: M_t = (J_t M_{t-1} + M̄_t) ⊙ P_n per sequence, Ō_t = κ Ō_{t-1}
   * + (∂o_t/∂s_t) M_t, ∂L/∂θ = Σ_t (g W_outᵀ ∂L/∂y_t)ᵀ Ō_t, P_n keeping row (k, l) of a synapse onto
   * neuron j iff l ∈ {j, …, j + n − 1} (mod n) on the ring. Networks without the regulariser.
   */
  private static Parameters maskedRtrl(RuleFixture f, int order) {
    Network net = f.net();
    Cell cell = net.cell();
    int n = cell.hidden();
    int s = cell.stateSize();
    int p = cell.parameterCount();
    int outputs = net.spec().outputs();
    double kappa = net.readout().kappa();
    double gain = net.readout().inputGain();
    int[] post = new int[p];
    int offset = 0;
    for (var shape : cell.parameterShapes()) {
      for (int i = 0; i < shape.size(); i++) {
        post[offset + i] = i / shape.cols();
      }
      offset += shape.size();
    }
    Trajectory tr = net.newTrajectory(f.batch());
    net.forward(f.params(), tr);
    double[] grad = new double[p];
    double[] jacobian = new double[s * s];
    double[] immediate = new double[s * p];
    double[] outputJacobian = new double[n * s];
    double[] wOut = f.params().read(Parameters.OUTPUT_WEIGHTS);
    for (int b = 0; b < f.batch().size(); b++) {
      double[] m = new double[s * p];
      double[] filtered = new double[n * p];
      for (int t = 1; t <= tr.steps(); t++) {
        cell.stateJacobian(f.params(), tr, t, b, jacobian);
        cell.immediateInfluence(f.params(), tr, t, b, immediate);
        double[] next = immediate.clone();
        Kernels.multAdd(s, s, p, jacobian, m, next);
        for (int row = 0; row < s; row++) {
          int l = row % n;
          for (int col = 0; col < p; col++) {
            if (Math.floorMod(l - post[col], n) >= order) {
              next[row * p + col] = 0;
            }
          }
        }
        m = next;
        cell.outputJacobian(tr, t, b, outputJacobian);
        double[] om = new double[n * p];
        Kernels.multAdd(n, s, p, outputJacobian, m, om);
        for (int i = 0; i < om.length; i++) {
          filtered[i] = kappa * filtered[i] + om[i];
        }
        double[] dy = tr.lossGradient(t);
        for (int j = 0; j < n; j++) {
          double signal = 0;
          for (int k = 0; k < outputs; k++) {
            signal += dy[b * outputs + k] * wOut[k * n + j];
          }
          signal *= gain;
          for (int col = 0; col < p; col++) {
            grad[col] += signal * filtered[j * p + col];
          }
        }
      }
    }
    Parameters out = f.net().newParameters();
    Parameters rule = f.gradient(new Snap(order, 0));
    out.copyFrom(rule);
    offset = 0;
    for (int g = 0; g < cell.parameterShapes().size(); g++) {
      double[] dst = out.get(g);
      System.arraycopy(grad, offset, dst, 0, dst.length);
      offset += dst.length;
    }
    return out;
  }
}
