package org.bpttlab.rules.eprop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.bpttlab.core.Batch;
import org.bpttlab.core.LossKind;
import org.bpttlab.core.NetworkSpec;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.RateCellSpec;
import org.bpttlab.core.SpikingCellSpec;
import org.bpttlab.core.Seeds;
import org.bpttlab.core.Trajectory;
import org.bpttlab.core.net.Network;
import org.bpttlab.core.testing.TestNetworks;
import org.bpttlab.core.testing.TestNetworks.Case;
import org.bpttlab.rules.ExactGradients;
import org.bpttlab.rules.RuleFixture;
import org.bpttlab.rules.SequenceRunner;
import org.bpttlab.rules.Session;
import org.bpttlab.rules.optim.Optimizer;
import org.bpttlab.rules.optim.OptimizerSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * e-prop beyond the rule contract (where contract E1, the deferred form, online mode and the
 * feedback's seeds are cases of {@code RuleContractTest}): symmetric e-prop equals plain BPTT when
 * W_rec = 0 and the reset is detached (Bellec et al. 2020: the traces are then exact), for every
 * test network, ≤ 1e-10 relative per group; deferred adaptive feedback moves as the forward form's;
 * the deferred form's refusals; RFLO's gain; and adaptive feedback converging to W_outᵀ under SGD
 * and Adam.
 */
class EPropTest {
  static List<Case> cases() {
    return TestNetworks.allCases();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void symmetricEPropEqualsBpttWhenThereAreNoRecurrentWeightsAndTheResetIsDetached(Case c) {
    NetworkSpec spec = c.spec().cell() instanceof SpikingCellSpec s
        ? c.spec().withCell(s.withDetachReset(true)) : c.spec();
    RuleFixture f = RuleFixture.of(spec, 42, TestNetworks.BATCH, TestNetworks.STEPS);
    Arrays.fill(f.params().get(Parameters.RECURRENT_WEIGHTS), 0.0);
    ExactGradients.assertClose(f.bptt(), f.gradient(EProp.symmetric()), 1e-10, 1e-12, c.name());
  }

  /**
   * The deferred form's adaptive B moves as the forward form's (≤ 1e-10 relative per entry) after a
   * sequence on every test network; that their gradients agree is a case of the rule contract.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void deferredAdaptiveFeedbackMovesAsTheForwardForms(Case c) {
    RuleFixture f = RuleFixture.of(c, 47);
    EProp forward = EProp.of(Feedback.Kind.ADAPTIVE, 3, 0, 0.1);
    EProp.EPropSession a = (EProp.EPropSession) f.begin(forward);
    EProp.EPropSession b = (EProp.EPropSession) f.begin(forward.deferred(true));
    f.run(a);
    f.run(b);
    double[] ba = a.feedback().transposed(f.params());
    double[] bb = b.feedback().transposed(f.params());
    for (int i = 0; i < ba.length; i++) {
      assertEquals(ba[i], bb[i], 1e-10 * Math.abs(ba[i]) + 1e-12, c.name() + " B after the update");
    }
  }

  @Test
  void deferredRefusesOnlineUpdatesAndContinuedSequences() {
    IllegalArgumentException online = assertThrows(IllegalArgumentException.class,
        () -> EProp.of(Feedback.Kind.RANDOM, 1, 5, 0).deferred(true));
    assertTrue(online.getMessage().contains("online=5 and deferred=true"), online.getMessage());
    RuleFixture f = RuleFixture.of(TestNetworks.allCases().get(0).spec(), 49, 1,
        TestNetworks.STEPS);
    Session s = f.begin(EProp.symmetric().deferred(true));
    Trajectory tr = f.trajectory(s);
    SequenceRunner.run(f.net(), f.params(), tr, List.of(s));
    tr.carryOver();
    tr.rebind(f.batch());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.startSequence(tr));
    assertTrue(e.getMessage().contains("deferred=true"), e.getMessage());
  }

  /**
   * RFLO's gain scales B and nothing else: with gain g its W_in, W_rec and b gradient is g times
   * the gain-1 one (to 1e-12 relative: the learning signal is linear in B), W_out's and b_out's the
   * same bit for bit.
   */
  @Test
  void rfloGainScalesTheFeedbackOnly() {
    NetworkSpec spec = NetworkSpec.of(3, RateCellSpec.vanilla(5).withAlpha(0.3), 2, LossKind.MSE);
    Network net = new Network(spec);
    Seeds seeds = new Seeds(4);
    Parameters p = net.initialize(seeds);
    Batch batch = Batch.zeros(2, 7, 3, 2);
    UniformRandomProvider rng = seeds.derive("batch").rng();
    for (int t = 1; t <= 7; t++) {
      for (int i = 0; i < 6; i++) {
        batch.input(t)[i] = rng.nextDouble() - 0.5;
      }
      for (int i = 0; i < 4; i++) {
        batch.targetAt(t)[i] = rng.nextDouble();
      }
      batch.maskAt(t)[0] = 1;
      batch.maskAt(t)[1] = 1;
    }
    Parameters one = net.newParameters();
    Parameters three = net.newParameters();
    SequenceRunner.gradient(EProp.rflo(1, 0), net, p, net.newTrajectory(batch), one);
    SequenceRunner.gradient(EProp.rflo(1, 0, 3), net, p, net.newTrajectory(batch), three);
    for (int g = 0; g < one.groupCount(); g++) {
      boolean readout = g >= one.groupCount() - 2;
      for (int k = 0; k < one.get(g).length; k++) {
        double expected = readout ? one.get(g)[k] : 3 * one.get(g)[k];
        assertEquals(expected, three.get(g)[k], readout ? 0.0 : 1e-12 * Math.abs(expected) + 1e-300,
            one.shape(g).name());
      }
    }
  }

  /**
   * Adaptive feedback under SGD at rate η, no clipping: B receives W_out's update, so
   * B − W_outᵀ shrinks by exactly (1 − η λ) per update (to rounding), and the cosine of B with
   * W_outᵀ rises from its random start toward 1.
   */
  @Test
  void adaptiveFeedbackConvergesToTheOutputWeights() {
    Case c = TestNetworks.allCases().get(0);
    Seeds seeds = new Seeds(45);
    RuleFixture f = RuleFixture.of(c.spec(), 45, 2, TestNetworks.STEPS);
    Network net = f.net();
    Parameters p = f.params();
    double eta = 0.05;
    double lambda = 2;
    Optimizer sgd = OptimizerSpec.sgd(eta).withClipNorm(0).create(p);
    EProp.EPropSession session =
        (EProp.EPropSession) EProp.of(Feedback.Kind.ADAPTIVE, 9, 0, lambda).begin(net, p, 2,
            OptimizerSpec.sgd(eta).withClipNorm(0));
    Trajectory tr = f.trajectory(session);
    Parameters grad = net.newParameters();
    double startCosine = ExactGradients.cosine(session.feedback().transposed(p), p.get(Parameters.OUTPUT_WEIGHTS));
    double previous = mismatch(session, p);
    for (int i = 1; i <= 60; i++) {
      tr.rebind(TestNetworks.batch(c.spec(), 2, TestNetworks.STEPS, seeds.derive("it", i)));
      SequenceRunner.run(net, p, tr, List.of(session));
      session.gradient(tr, grad);
      sgd.update(p, grad);
      double now = mismatch(session, p);
      assertEquals((1 - eta * lambda) * previous, now, 1e-9 * previous, "update " + i);
      previous = now;
    }
    double endCosine = ExactGradients.cosine(session.feedback().transposed(p), p.get(Parameters.OUTPUT_WEIGHTS));
    assertTrue(startCosine < 0.5, "B starts random: cosine " + startCosine);
    assertTrue(endCosine > 0.95, "B aligns with W_out^T: cosine " + startCosine + " -> " + endCosine);
  }

  /**
   * Under Adam too, B learns with an Adam of its own: on a fixed batch, where W_out settles, the
   * cosine of B with W_outᵀ rises from its random start above 0.9 in 300 updates (measured −0.13 to
   * about 0.96); a session restored from another's carried state (B and its optimizer's moments)
   * continues bit for bit.
   */
  @Test
  void adaptiveFeedbackUnderAdamAlignsAndRestores() {
    Case c = TestNetworks.allCases().stream().filter(k -> k.name().startsWith("alif"))
        .findFirst().orElseThrow();
    RuleFixture f = RuleFixture.of(c.spec(), 46, 2, TestNetworks.STEPS);
    Parameters p = f.params();
    OptimizerSpec adam = OptimizerSpec.adam(0.02).withClipNorm(0);
    Optimizer optimizer = adam.create(p);
    EProp rule = EProp.of(Feedback.Kind.ADAPTIVE, 10, 0, 0.3);
    EProp.EPropSession session = (EProp.EPropSession) rule.begin(f.net(), p, 2, adam);
    double start = ExactGradients.cosine(session.feedback().transposed(p), p.get(Parameters.OUTPUT_WEIGHTS));
    for (int i = 1; i <= 300; i++) {
      optimizer.update(p, f.run(session));
    }
    double end = ExactGradients.cosine(session.feedback().transposed(p), p.get(Parameters.OUTPUT_WEIGHTS));
    assertTrue(start < 0.3 && end > 0.9, "cosine " + start + " -> " + end);

    Session restored = rule.begin(f.net(), p, 2, adam);
    restored.restoreCarriedState(session.carriedState());
    f.assertSameSequences(session, restored, 2, "restored");
  }

  private static double mismatch(EProp.EPropSession s, Parameters p) {
    double[] b = s.feedback().transposed(p);
    double[] w = p.get(Parameters.OUTPUT_WEIGHTS);
    double sum = 0;
    for (int i = 0; i < b.length; i++) {
      sum += (b[i] - w[i]) * (b[i] - w[i]);
    }
    return Math.sqrt(sum);
  }
}
