package org.bpttlab.rules.kernl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.RateCellSpec;
import org.bpttlab.core.testing.TestNetworks;
import org.bpttlab.core.testing.TestNetworks.Case;
import org.bpttlab.rules.DenseCredit;
import org.bpttlab.rules.ExactGradients;
import org.bpttlab.rules.RuleFixture;
import org.bpttlab.rules.RuleSpec;
import org.bpttlab.rules.Rules;
import org.bpttlab.rules.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * KeRNL where its model of the influence is exact: with W_rec = 0 a rate cell's Jacobian is the
 * constant diagonal (1 − α) I, so ∂h_k^t/∂h_j^{t'} = δ_kj (1 − α)^{t−t'} is KeRNL's β_kj γ_j^{t−t'}
 * with β = I, γ = 1 − α: with those (its defaults) and no learning it is BPTT, and from another γ its
 * perturbation learner finds them. (Determinism, the carried β and γ, the online sums and the
 * refusal of spiking cells are cases of {@code RuleContractTest}.)
 */
class KernlTest {
  static List<Case> rateNetworks() {
    return TestNetworks.allCases().stream()
        .filter(c -> c.spec().cell() instanceof RateCellSpec).toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rateNetworks")
  void isBpttWhenTheJacobianIsAConstantDiagonal(Case c) {
    RuleFixture f = RuleFixture.of(c, 46);
    Parameters kernl = f.gradient(Rules.create(RuleSpec.parse("kernl:lr=0")));
    // with recurrent weights whose gradient flows, the Jacobian is not of KeRNL's form: not BPTT
    // (W_in's gradient); a stopped recurrence leaves (1 − α) I, so it is BPTT there already
    double apart = DenseCredit.relativeDifference(f.bptt().get(Parameters.INPUT_WEIGHTS),
        kernl.get(Parameters.INPUT_WEIGHTS));
    if (((RateCellSpec) c.spec().cell()).stopRecurrentGradient()) {
      assertTrue(apart < 1e-12, c.name() + ": stopped recurrence, " + apart);
    } else {
      assertTrue(apart > 1e-3, c.name() + ": W_rec shows, " + apart);
    }
    Arrays.fill(f.params().get(Parameters.RECURRENT_WEIGHTS), 0.0);
    ExactGradients.assertClose(f.bptt(),
        f.gradient(Rules.create(RuleSpec.parse("kernl:lr=0"))), 1e-12, 1e-12, c.name());
  }

  /**
   * W_rec = 0, α = 0.4: the decays start at 0.2 and must reach 0.6, β stay at I; the noisy copy's
   * difference is then exactly linear in the noise, so the fit has no residual and SGD converges
   * to it (fixed seed; 60 sequences of 12 steps, batch 3, η = 0.1: every decay within 1e-6 of 0.6,
   * β within 1e-6 of I, entrywise).
   */
  @Test
  void learnsTheTrueDecaysAndSensitivity() {
    Case leaky = rateNetworks().stream()
        .filter(c -> ((RateCellSpec) c.spec().cell()).alpha() == 0.4).findFirst().orElseThrow();
    RuleFixture f = RuleFixture.of(leaky, 47);
    Arrays.fill(f.params().get(Parameters.RECURRENT_WEIGHTS), 0.0);
    Session s = f.begin(Rules.create(RuleSpec.parse("kernl:lr=0.1,decay=0.2,seed=3")));
    int n = f.net().cell().hidden();
    double[] start = s.carriedState();
    assertEquals(0.2, start[n * n], 0.0);
    for (int i = 0; i < 60; i++) {
      f.run(s);
    }
    double[] learned = s.carriedState();
    for (int j = 0; j < n; j++) {
      assertEquals(0.6, learned[n * n + j], 1e-6, "decay " + j);
      for (int k = 0; k < n; k++) {
        assertEquals(k == j ? 1 : 0, learned[k * n + j], 1e-6, "beta " + k + "," + j);
      }
    }
  }

  @Test
  void badOptionsGetOneClearError() {
    for (String[] bad : new String[][] {{"kernl:lr=-1", "lr"}, {"kernl:sigma=0", "sigma"},
        {"kernl:decay=1.5", "decay"}, {"kernl:online=-2", "online"}, {"kernl:gain=1", "gain"}}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> Rules.create(RuleSpec.parse(bad[0])));
      assertTrue(e.getMessage().contains(bad[1]), e.getMessage());
    }
  }
}
