package org.bpttlab.rules.eprop;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.bpttlab.core.Batch;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.Seeds;
import org.bpttlab.core.Trajectory;
import org.bpttlab.core.net.Network;
import org.bpttlab.core.testing.TestNetworks;
import org.bpttlab.core.testing.TestNetworks.Case;
import org.bpttlab.rules.ExactGradients;
import org.bpttlab.rules.bptt.Bptt;
import org.bpttlab.rules.RuleFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Equation 1 of Bellec et al. 2020: e-prop's eligibility traces times the total learning signal
 * dE/dz (every path but the neuron's own state) equal BPTT — on every test network, and on the
 * paper's verification setup (their numerical_verification_eprop_factorization_vs_BPTT.py): 3
 * Poisson inputs at 100 Hz, 4 LIF + 4 ALIF, T = 50 ms, τ_v = 20 ms, τ_a = 500 ms, v_th = 0.62,
 * β = 0.07, n_ref = 2, γ = 0.3, relative difference ≤ 1e-12.
 */
class EPropFactorizationTest {
  static List<Case> cases() {
    return TestNetworks.allCases();
  }

  private static Parameters factorized(Network net, Parameters p, Batch batch) {
    Trajectory tr = net.newTrajectory(batch);
    net.forward(p, tr);
    Parameters out = net.newParameters();
    EPropFactorization.gradient(net, p, tr,
        EPropFactorization.totalLearningSignal(net, p, tr), out);
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void tracesTimesTheTotalLearningSignalEqualBptt(Case c) {
    RuleFixture f = RuleFixture.of(c, 51);
    ExactGradients.assertClose(f.bptt(), factorized(f.net(), f.params(), f.batch()), 1e-12, 1e-14,
        c.name());
  }

  @Test
  void bellecVerificationSetup() {
    Network net = new Network(BellecVerification.network());
    Seeds seeds = new Seeds(2020);
    Parameters p = net.initialize(seeds);
    Batch batch = BellecVerification.batch(1, true, seeds);
    Trajectory tr = net.newTrajectory(batch);
    net.forward(p, tr);
    double spikes = 0;
    for (double s : tr.spikeCount()) {
      spikes += s;
    }
    assertTrue(spikes >= 10, "the network must spike: " + spikes + " spikes");
    Parameters exact = net.newParameters();
    Bptt.gradient(net, p, tr, exact);
    Parameters eprop = net.newParameters();
    EPropFactorization.gradient(net, p, tr, EPropFactorization.totalLearningSignal(net, p, tr),
        eprop);
    ExactGradients.assertClose(exact, eprop, 1e-12, 1e-300, "verification setup");
    assertTrue(exact.get(Parameters.RECURRENT_WEIGHTS).length == 64
        && norm(exact.get(Parameters.RECURRENT_WEIGHTS)) > 0, "a nonzero W_rec gradient");
  }

  private static double norm(double[] a) {
    double s = 0;
    for (double x : a) {
      s += x * x;
    }
    return Math.sqrt(s);
  }
}
