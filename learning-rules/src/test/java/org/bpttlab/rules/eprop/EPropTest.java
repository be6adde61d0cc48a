package org.bpttlab.rules.eprop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.bpttlab.rules.SequenceRunner;
import org.bpttlab.rules.Session;
import org.bpttlab.rules.optim.Optimizer;
import org.bpttlab.rules.optim.OptimizerSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Contract E1 (DESIGN §4): symmetric e-prop equals BPTT on the eligibility graph — z_{t-1} (h_{t-1})
 * stopped in the recurrent input and in a spiking neuron's reset, the reference code's
 * {@code stop_z_gradients}, adaptation still seeing the neuron's own spike — for every cell and
 * option of the test networks (rate α = 1 and α &lt; 1; lif, alif and mixed populations with
 * recurrent weights; the reset differentiated and detached; the non-smooth surrogates;
 * refractoriness; a leaky readout; the regulariser; both losses; batch 3), ≤ 1e-10 relative per
 * group; e-prop's gradient does not depend on the declared graph; and it equals plain BPTT when
 * W_rec = 0 and the reset is detached. Also: online mode, the determinism of random and adaptive
 * feedback, and adaptive feedback converging to W_outᵀ.
 */
class EPropTest {
  static List<Case> cases() {
    return TestNetworks.allCases();
  }

  private static Network eligibilityGraph(NetworkSpec spec) {
    return new Network(spec.withCell(spec.cell().eligibilityGraph()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void symmetricEPropEqualsBpttOnTheEligibilityGraph(Case c) {
    Network net = new Network(c.spec());
    Seeds seeds = new Seeds(41);
    Parameters p = TestNetworks.parameters(net, seeds);
    Batch batch = TestNetworks.batch(c.spec(), TestNetworks.BATCH, TestNetworks.STEPS, seeds);
    Parameters exact = ExactGradients.bptt(eligibilityGraph(c.spec()), p, batch);
    Parameters eprop = ExactGradients.of(EProp.symmetric(), net, p, batch);
    ExactGradients.assertClose(exact, eprop, 1e-10, 1e-12, c.name());
    // e-prop is the same rule on every declared graph
    ExactGradients.assertClose(eprop,
        ExactGradients.of(EProp.symmetric(), eligibilityGraph(c.spec()), p, batch), 1e-10, 1e-12,
        c.name() + ", on the eligibility graph");
    // a graph with more paths differs: e-prop is not its BPTT
    if (!c.spec().cell().equals(c.spec().cell().eligibilityGraph())) {
      Parameters full = ExactGradients.bptt(net, p, batch);
      double[] a = full.get(Parameters.RECURRENT_WEIGHTS);
      double[] b = eprop.get(Parameters.RECURRENT_WEIGHTS);
      assertFalse(Arrays.equals(a, b), "the paths outside the traces must matter in " + c.name());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void symmetricEPropEqualsBpttWhenThereAreNoRecurrentWeightsAndTheResetIsDetached(Case c) {
    NetworkSpec spec = c.spec().cell() instanceof SpikingCellSpec s
        ? c.spec().withCell(s.withDetachReset(true)) : c.spec();
    Network net = new Network(spec);
    Seeds seeds = new Seeds(42);
    Parameters p = TestNetworks.parameters(net, seeds);
    Arrays.fill(p.get(Parameters.RECURRENT_WEIGHTS), 0.0);
    Batch batch = TestNetworks.batch(spec, TestNetworks.BATCH, TestNetworks.STEPS, seeds);
    ExactGradients.assertClose(ExactGradients.bptt(net, p, batch),
        ExactGradients.of(EProp.symmetric(), net, p, batch), 1e-10, 1e-12, c.name());
  }

  /**
   * The deferred form (a backward pass at the sequence's end) is the forward form's sum reordered:
   * equal to it ≤ 1e-10 relative per group for every test network and every kind of feedback
   * (adaptive feedback's first sequence, before B has moved), and its adaptive B moves alike.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void deferredEPropEqualsTheForwardForm(Case c) {
    Network net = new Network(c.spec());
    Seeds seeds = new Seeds(47);
    Parameters p = TestNetworks.parameters(net, seeds);
    Batch batch = TestNetworks.batch(c.spec(), TestNetworks.BATCH, TestNetworks.STEPS, seeds);
    for (Feedback.Kind kind : Feedback.Kind.values()) {
      EProp forward = EProp.of(kind, 3, 0, 0.1);
      EProp deferred = forward.deferred(true);
      EProp.EPropSession a = (EProp.EPropSession) forward.begin(net, p, TestNetworks.BATCH);
      EProp.EPropSession b = (EProp.EPropSession) deferred.begin(net, p, TestNetworks.BATCH);
      Parameters ga = net.newParameters();
      Parameters gb = net.newParameters();
      Trajectory tr = net.newTrajectory(batch);
      SequenceRunner.run(net, p, tr, List.of(a, b));
      a.gradient(tr, ga);
      b.gradient(tr, gb);
      assertFalse(Arrays.equals(ga.get(Parameters.RECURRENT_WEIGHTS),
          new double[ga.get(Parameters.RECURRENT_WEIGHTS).length]), "a gradient to compare");
      ExactGradients.assertClose(ga, gb, 1e-10, 1e-12, c.name() + " " + kind);
      double[] ba = a.feedback().transposed(p);
      double[] bb = b.feedback().transposed(p);
      for (int i = 0; i < ba.length; i++) {
        assertEquals(ba[i], bb[i], 1e-10 * Math.abs(ba[i]) + 1e-12,
            c.name() + " " + kind + " B after the update");
      }
    }
  }

  @Test
  void deferredRfloEqualsRflo() {
    Case c = TestNetworks.allCases().stream()
        .filter(k -> k.spec().cell() instanceof RateCellSpec).findFirst().orElseThrow();
    Network net = new Network(c.spec());
    Seeds seeds = new Seeds(48);
    Parameters p = TestNetworks.parameters(net, seeds);
    Batch batch = TestNetworks.batch(c.spec(), TestNetworks.BATCH, TestNetworks.STEPS, seeds);
    ExactGradients.assertClose(ExactGradients.of(EProp.rflo(2, 0, 1.5), net, p, batch),
        ExactGradients.of(EProp.rflo(2, 0, 1.5).deferred(true), net, p, batch), 1e-10, 1e-12,
        c.name());
  }

  /**
   * RFLO with symmetric feedback (vanilla-rtrl's default) is symmetric e-prop on the rate cell, bit
   * for bit.
   */
  @Test
  void symmetricRfloIsSymmetricEPropOnTheRateCell() {
    Case c = TestNetworks.allCases().stream()
        .filter(k -> k.spec().cell() instanceof RateCellSpec).findFirst().orElseThrow();
    Network net = new Network(c.spec());
    Seeds seeds = new Seeds(50);
    Parameters p = TestNetworks.parameters(net, seeds);
    Batch batch = TestNetworks.batch(c.spec(), TestNetworks.BATCH, TestNetworks.STEPS, seeds);
    assertArrayEquals(ExactGradients.of(EProp.symmetric(), net, p, batch).flatten(),
        ExactGradients.of(EProp.rflo(Feedback.Kind.SYMMETRIC, 1, 0, 1), net, p, batch).flatten());
  }

  @Test
  void deferredRefusesOnlineUpdatesAndContinuedSequences() {
    IllegalArgumentException online = assertThrows(IllegalArgumentException.class,
        () -> EProp.of(Feedback.Kind.RANDOM, 1, 5, 0).deferred(true));
    assertTrue(online.getMessage().contains("online=5 and deferred=true"), online.getMessage());
    Case c = TestNetworks.allCases().get(0);
    Network net = new Network(c.spec());
    Parameters p = TestNetworks.parameters(net, new Seeds(49));
    Batch batch = TestNetworks.batch(c.spec(), 1, TestNetworks.STEPS, new Seeds(49));
    Session s = EProp.symmetric().deferred(true).begin(net, p, 1);
    Trajectory tr = net.newTrajectory(batch);
    SequenceRunner.run(net, p, tr, List.of(s));
    tr.carryOver();
    tr.rebind(batch);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.startSequence(tr));
    assertTrue(e.getMessage().contains("deferred=true"), e.getMessage());
  }

  @Test
  void onlineModeWithoutWeightChangesSumsToTheSequenceGradient() {
    Case c = TestNetworks.allCases().stream().filter(k -> k.name().startsWith("mixed"))
        .findFirst().orElseThrow();
    Network net = new Network(c.spec());
    Seeds seeds = new Seeds(43);
    Parameters p = TestNetworks.parameters(net, seeds);
    Batch batch = TestNetworks.batch(c.spec(), 2, TestNetworks.STEPS, seeds);
    Session session = EProp.of(Feedback.Kind.RANDOM, 7, 4, 0).begin(net, p, 2);
    Trajectory tr = net.newTrajectory(batch, 2);
    Parameters sum = net.newParameters();
    Parameters buffer = net.newParameters();
    int[] updates = {0};
    SequenceRunner.run(net, p, tr, List.of(session), buffer, (i, t, g) -> {
      assertEquals(0, t % 4, "an update every 4 steps");
      sum.addScaled(1.0, g);
      updates[0]++;
    });
    session.gradient(tr, buffer);
    sum.addScaled(1.0, buffer);
    assertEquals(2, updates[0], "updates after steps 4 and 8 of 12");
    Parameters whole = ExactGradients.of(EProp.of(Feedback.Kind.RANDOM, 7, 0, 0), net, p,
        batch);
    ExactGradients.assertClose(whole, sum, 1e-12, 1e-12, "online");
  }

  @Test
  void randomAndAdaptiveFeedbackAreDeterminedByTheSeed() {
    Case c = TestNetworks.allCases().get(0);
    Network net = new Network(c.spec());
    Seeds seeds = new Seeds(44);
    Parameters p = TestNetworks.parameters(net, seeds);
    Batch batch = TestNetworks.batch(c.spec(), 2, TestNetworks.STEPS, seeds);
    for (Feedback.Kind kind : List.of(Feedback.Kind.RANDOM, Feedback.Kind.ADAPTIVE)) {
      Parameters a = ExactGradients.of(EProp.of(kind, 5, 0, 0.01), net, p, batch);
      Parameters b = ExactGradients.of(EProp.of(kind, 5, 0, 0.01), net, p, batch);
      Parameters other = ExactGradients.of(EProp.of(kind, 6, 0, 0.01), net, p, batch);
      for (int g = 0; g < a.groupCount(); g++) {
        assertArrayEquals(a.get(g), b.get(g), 0.0, kind + " " + a.shape(g).name());
      }
      assertFalse(Arrays.equals(a.get(Parameters.RECURRENT_WEIGHTS),
          other.get(Parameters.RECURRENT_WEIGHTS)), kind + ": another seed, another B");
    }
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

  @Test
  void rfloRefusesSpikingCells() {
    NetworkSpec spec = NetworkSpec.of(3, SpikingCellSpec.lif(4), 2, LossKind.MSE);
    Network net = new Network(spec);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> EProp.rflo(1, 0).begin(net, net.newParameters(), 1));
    assertTrue(e.getMessage().contains("rate cell"), e.getMessage());
  }

  /**
   * Adaptive feedback under SGD at rate η, no clipping: B receives W_out's update, so
   * B − W_outᵀ shrinks by exactly (1 − η λ) per update (to rounding), and the cosine of B with
   * W_outᵀ rises from its random start toward 1.
   */
  @Test
  void adaptiveFeedbackConvergesToTheOutputWeights() {
    Case c = TestNetworks.allCases().get(0);
    Network net = new Network(c.spec());
    Seeds seeds = new Seeds(45);
    Parameters p = TestNetworks.parameters(net, seeds);
    double eta = 0.05;
    double lambda = 2;
    Optimizer sgd = OptimizerSpec.sgd(eta).withClipNorm(0).create(p);
    EProp.EPropSession session =
        (EProp.EPropSession) EProp.of(Feedback.Kind.ADAPTIVE, 9, 0, lambda).begin(net, p, 2,
            OptimizerSpec.sgd(eta).withClipNorm(0));
    Batch batch = TestNetworks.batch(c.spec(), 2, TestNetworks.STEPS, seeds);
    Trajectory tr = net.newTrajectory(batch, 2);
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
    Network net = new Network(c.spec());
    Seeds seeds = new Seeds(46);
    Parameters p = TestNetworks.parameters(net, seeds);
    OptimizerSpec adam = OptimizerSpec.adam(0.02).withClipNorm(0);
    Optimizer optimizer = adam.create(p);
    EProp rule = EProp.of(Feedback.Kind.ADAPTIVE, 10, 0, 0.3);
    EProp.EPropSession session = (EProp.EPropSession) rule.begin(net, p, 2, adam);
    Batch batch = TestNetworks.batch(c.spec(), 2, TestNetworks.STEPS, seeds);
    Trajectory tr = net.newTrajectory(batch, 2);
    Parameters grad = net.newParameters();
    double start = ExactGradients.cosine(session.feedback().transposed(p), p.get(Parameters.OUTPUT_WEIGHTS));
    for (int i = 1; i <= 300; i++) {
      SequenceRunner.run(net, p, tr, List.of(session));
      session.gradient(tr, grad);
      optimizer.update(p, grad);
    }
    double end = ExactGradients.cosine(session.feedback().transposed(p), p.get(Parameters.OUTPUT_WEIGHTS));
    assertTrue(start < 0.3 && end > 0.9, "cosine " + start + " -> " + end);

    Session restored = rule.begin(net, p, 2, adam);
    restored.restoreCarriedState(session.carriedState());
    Parameters a = net.newParameters();
    Parameters b = net.newParameters();
    for (int i = 0; i < 2; i++) {
      SequenceRunner.run(net, p, tr, List.of(session));
      session.gradient(tr, a);
      SequenceRunner.run(net, p, tr, List.of(restored));
      restored.gradient(tr, b);
      assertArrayEquals(a.flatten(), b.flatten(), 0.0, "restored, sequence " + i);
    }
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
