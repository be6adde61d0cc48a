package org.bpttlab.rules.eprop;

import java.util.List;
import org.bpttlab.core.Batch;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.Trajectory;
import org.bpttlab.core.net.Network;
import org.bpttlab.core.testing.TestNetworks;
import org.bpttlab.core.testing.TestNetworks.Case;
import org.bpttlab.rules.ExactGradients;
import org.bpttlab.rules.RuleFixture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Equation 1 of Bellec et al. 2020: e-prop's eligibility traces times the total learning signal
 * dE/dz (every path but the neuron's own state) equal BPTT on every test network, relative
 * difference ≤ 1e-12 (the paper's own verification setup is {@code EPropExactTest}'s, in results).
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
}
