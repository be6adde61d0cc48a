package org.bpttlab.rules.threefactor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.bpttlab.core.Batch;
import org.bpttlab.core.Cell;
import org.bpttlab.core.LossKind;
import org.bpttlab.core.NetworkSpec;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.Perturbation;
import org.bpttlab.core.RateCellSpec;
import org.bpttlab.core.ReadoutSpec;
import org.bpttlab.core.Seeds;
import org.bpttlab.core.Trajectory;
import org.bpttlab.core.net.Network;
import org.bpttlab.core.testing.TestNetworks;
import org.bpttlab.rules.ExactGradients;
import org.bpttlab.rules.LearningRule;
import org.bpttlab.rules.SequenceRunner;
import org.bpttlab.rules.Session;
import org.bpttlab.rules.eprop.EligibilityTraces;
import org.bpttlab.rules.eprop.Feedback;
import org.bpttlab.rules.optim.OptimizerSpec;
import org.junit.jupiter.api.Test;

/**
 * The three-factor rules: node perturbation and reward-modulated e-prop estimate the gradient
 * without bias (averaged over many fixed-seed draws, the cosine with BPTT's gradient exceeds 0.9);
 * with a constant modulator each reduces to its documented Hebbian form; draws follow the policy;
 * the same seed gives the same numbers and a restored session continues as the original.
 */
class ThreeFactorTest {
  private static final NetworkSpec RATE =
      NetworkSpec.of(TestNetworks.INPUTS, new RateCellSpec(TestNetworks.HIDDEN, 0.4, false), 2,
          LossKind.MSE);

  /** The mean of {@code draws} estimates of one rule on one batch at fixed parameters. */
  private static Parameters mean(LearningRule rule, Network net, Parameters p, Batch batch,
      int draws) {
    return ExactGradients.mean(rule.begin(net, p, batch.size()), net, p, batch, draws);
  }

  /** Each named group of the estimate has a cosine above 0.9 with the exact gradient. */
  private static void assertAligned(Parameters exact, Parameters estimate, List<String> groups) {
    for (String group : groups) {
      double c = ExactGradients.cosine(exact.get(group), estimate.get(group));
      assertTrue(c > 0.9, group + ": cosine " + c);
    }
  }

  private static final List<String> REACHABLE = List.of(Parameters.INPUT_WEIGHTS,
      Parameters.BIAS, Parameters.OUTPUT_WEIGHTS, Parameters.OUTPUT_BIAS);

  /**
   * Node perturbation, σ = 0.02, clean baseline, 20 000 draws (fixed seed) on a leaky rate network
   * (n = 6, T = 12, B = 3), with the linear readout and with a leaky one of unit gain (the readout's
   * noise enters its input, so its tags stay unbiased whatever g): cosine with BPTT's gradient above
   * 0.9 in every group and above 0.95 overall, and the readout's groups within 20% of its norm.
   */
  @Test
  void nodePerturbationEstimatesTheGradient() {
    for (NetworkSpec spec : List.of(RATE,
        RATE.withReadout(ReadoutSpec.leaky(5).withUnitGain(true)))) {
      Network net = new Network(spec);
      Seeds seeds = new Seeds(61);
      Parameters p = TestNetworks.parameters(net, seeds);
      Batch batch = TestNetworks.batch(spec, 3, TestNetworks.STEPS, seeds);
      Parameters exact = ExactGradients.bptt(net, p, batch);
      Parameters estimate = mean(new NodePerturbation(0.02, 3, "clean", 0.1, 1), net, p, batch,
          20_000);
      assertAligned(exact, estimate, exact.names());
      assertTrue(ExactGradients.cosine(exact.flatten(), estimate.flatten()) > 0.95);
      for (String g : List.of(Parameters.OUTPUT_WEIGHTS, Parameters.OUTPUT_BIAS)) {
        double ratio = norm(estimate.get(g)) / norm(exact.get(g));
        assertTrue(Math.abs(ratio - 1) < 0.2, g + ": norm ratio " + ratio);
      }
    }
  }

  private static double norm(double[] a) {
    double s = 0;
    for (double x : a) {
      s += x * x;
    }
    return Math.sqrt(s);
  }

  /**
   * Reward-modulated e-prop with symmetric feedback on a network without recurrent weights (where
   * e-prop's traces are exact), mean-squared task: the expected loss of the actions has the
   * network's own loss gradient, so 20 000 draws (σ = 0.1) line up with BPTT (cosine above 0.9).
   */
  @Test
  void rewardModulatedEPropEstimatesTheGradient() {
    Network net = new Network(RATE);
    Seeds seeds = new Seeds(62);
    Parameters p = TestNetworks.parameters(net, seeds);
    Arrays.fill(p.get(Parameters.RECURRENT_WEIGHTS), 0.0);
    Batch batch = TestNetworks.batch(RATE, 3, TestNetworks.STEPS, seeds);
    Parameters exact = ExactGradients.bptt(net, p, batch);
    Parameters estimate = mean(new RewardModulatedEProp(Feedback.Kind.SYMMETRIC, 4, 0.1,
        "baseline", 0.1, 1, 0.9), net, p, batch, 20_000);
    assertAligned(exact, estimate, REACHABLE);
  }

  /**
   * With a TD modulator and γ = 1 the critic is a baseline (the actions do not feed back), so the
   * estimate stays unbiased while the critic learns: 20 000 draws on the same network, cosine with
   * BPTT above 0.9 (measured: see docs/rules.md); and the critic learns a value (nonzero weights).
   */
  @Test
  void rewardModulatedEPropWithATdCriticEstimatesTheGradient() {
    Network net = new Network(RATE);
    Seeds seeds = new Seeds(62);
    Parameters p = TestNetworks.parameters(net, seeds);
    Arrays.fill(p.get(Parameters.RECURRENT_WEIGHTS), 0.0);
    Batch batch = TestNetworks.batch(RATE, 3, TestNetworks.STEPS, seeds);
    Parameters exact = ExactGradients.bptt(net, p, batch);
    RewardModulatedEProp rule = new RewardModulatedEProp(Feedback.Kind.SYMMETRIC, 4, 0.1, "td",
        0.1, 1, 1.0);
    Session session = rule.begin(net, p, 3, OptimizerSpec.sgd(0.01));
    assertAligned(exact, ExactGradients.mean(session, net, p, batch, 20_000), REACHABLE);
    double[] critic = session.carriedState();
    double weights = 0;
    for (int i = 3; i < 3 + TestNetworks.HIDDEN + 1; i++) {
      weights += Math.abs(critic[i]);
    }
    assertTrue(weights > 0, "the critic learned");
  }

  /**
   * Node perturbation with modulator=constant,value=c is −(c/(Bσ²)) Σ_b Σ_t ξ_j pre_i (and
   * ζ_k o_j, ζ_k for the readout), with ξ and ζ recorded from the very perturbation it applied.
   */
  @Test
  void nodePerturbationWithAConstantModulatorIsItsHebbianForm() {
    NetworkSpec spec = TestNetworks.allCases().stream().filter(k -> k.name().startsWith("mixed"))
        .findFirst().orElseThrow().spec();
    Network net = new Network(spec);
    Cell cell = net.cell();
    Seeds seeds = new Seeds(63);
    Parameters p = TestNetworks.parameters(net, seeds);
    int batchSize = 2;
    int steps = TestNetworks.STEPS;
    Batch batch = TestNetworks.batch(spec, batchSize, steps, seeds);
    double sigma = 0.3;
    double c = -1.7;
    Session session = new NodePerturbation(sigma, 5, "constant", 0.1, c).begin(net, p, batchSize);
    Trajectory tr = net.newTrajectory(batch);
    int n = cell.hidden();
    int outputs = spec.outputs();
    double[][] xi = new double[steps + 1][];
    double[][] zeta = new double[steps + 1][];
    session.startSequence(tr);
    Perturbation applied = tr.perturbation();
    tr.setPerturbation(new Perturbation() {
      @Override
      public void addTo(int t, double[] current) {
        double[] before = current.clone();
        applied.addTo(t, current);
        xi[t] = difference(current, before);
      }

      @Override
      public void addToReadout(int t, double[] readout) {
        double[] before = readout.clone();
        applied.addToReadout(t, readout);
        zeta[t] = difference(readout, before);
      }
    });
    for (int t = 1; t <= steps; t++) {
      net.step(p, tr, t);
      session.observe(tr, t);
    }
    net.finish(tr);
    Parameters g = net.newParameters();
    session.gradient(tr, g);
    assertTrue(tr.perturbation() == null, "the perturbation is removed with the gradient");

    Parameters expected = net.newParameters();
    double scale = -c / (batchSize * sigma * sigma);
    for (int t = 1; t <= steps; t++) {
      for (int group = 0; group < cell.parameterShapes().size(); group++) {
        double[] pre = cell.presynaptic(group, tr, t);
        int cols = cell.parameterShapes().get(group).cols();
        double[] e = expected.get(group);
        for (int b = 0; b < batchSize; b++) {
          for (int j = 0; j < n; j++) {
            for (int i = 0; i < cols; i++) {
              if (group == 1 && i == j && !cell.selfConnections()) {
                continue;
              }
              e[j * cols + i] += scale * xi[t][b * n + j] * (pre == null ? 1 : pre[b * cols + i]);
            }
          }
        }
      }
      double[] o = tr.output(t);
      for (int b = 0; b < batchSize; b++) {
        for (int k = 0; k < outputs; k++) {
          for (int j = 0; j < n; j++) {
            expected.get(Parameters.OUTPUT_WEIGHTS)[k * n + j] +=
                scale * zeta[t][b * outputs + k] * o[b * n + j];
          }
          expected.get(Parameters.OUTPUT_BIAS)[k] += scale * zeta[t][b * outputs + k];
        }
      }
    }
    ExactGradients.assertClose(expected, g, 1e-12, 1e-15, "Hebbian form");
    double noise = 0;
    for (int t = 1; t <= steps; t++) {
      for (double x : xi[t]) {
        noise += x * x;
      }
    }
    double std = Math.sqrt(noise / (steps * batchSize * n));
    assertEquals(sigma, std, 0.25 * sigma, "the injected noise has standard deviation σ");
  }

  private static double[] difference(double[] after, double[] before) {
    double[] d = new double[after.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = after[i] - before[i];
    }
    return d;
  }

  /**
   * Reward-modulated e-prop with modulator=constant,value=c is −(c/B) Σ_b Σ_t L̃_j^t ē_ji^t with
   * L̃ = B u^t (e-prop's traces gated by the feedback of the action taken), and −(c/B) Σ Σ u ō,
   * −(c/B) Σ Σ u c_t for the readout, on a spiking network with a leaky readout.
   */
  @Test
  void rewardModulatedEPropWithAConstantModulatorIsItsHebbianForm() {
    NetworkSpec spec = TestNetworks.allCases().stream().filter(k -> k.name().startsWith("alif"))
        .filter(k -> k.spec().loss() == LossKind.CROSS_ENTROPY).findFirst().orElseThrow().spec();
    Network net = new Network(spec);
    int n = net.cell().hidden();
    int outputs = spec.outputs();
    Seeds seeds = new Seeds(64);
    Parameters p = TestNetworks.parameters(net, seeds);
    int batchSize = 2;
    Batch batch = TestNetworks.batch(spec, batchSize, TestNetworks.STEPS, seeds);
    double c = 0.6;
    RewardModulatedEProp.RewardSession session = (RewardModulatedEProp.RewardSession)
        new RewardModulatedEProp(Feedback.Kind.RANDOM, 6, 0.1, "constant", 0.1, c, 0.9)
            .begin(net, p, batchSize);
    Feedback feedback = new Feedback(Feedback.Kind.RANDOM, n, outputs, 6, 0,
        Feedback.DEFAULT_OPTIMIZER);
    EligibilityTraces traces = new EligibilityTraces(net, batchSize, true, true);
    Trajectory tr = net.newTrajectory(batch, 2);
    Parameters expected = net.newParameters();
    double[] signal = new double[batchSize * n];
    double[] filtered = new double[batchSize * n];
    double constant = 0;
    double kappa = net.readout().kappa();
    session.startSequence(tr);
    traces.reset();
    int actions = 0;
    for (int t = 1; t <= batch.steps(); t++) {
      net.step(p, tr, t);
      session.observe(tr, t);
      double[] u = session.exploration();
      double[] scaled = new double[u.length];
      for (int i = 0; i < u.length; i++) {
        scaled[i] = -c / batchSize * u[i];
        actions += u[i] > 0 ? 1 : 0;
      }
      traces.advance(p, tr, t);
      feedback.signal(p, batchSize, scaled, signal);
      traces.accumulate(signal, expected);
      double[] o = tr.output(t);
      constant = kappa * constant + 1;
      for (int b = 0; b < batchSize; b++) {
        for (int j = 0; j < n; j++) {
          filtered[b * n + j] = kappa * filtered[b * n + j] + o[b * n + j];
        }
        for (int k = 0; k < outputs; k++) {
          for (int j = 0; j < n; j++) {
            expected.get(Parameters.OUTPUT_WEIGHTS)[k * n + j] +=
                scaled[b * outputs + k] * filtered[b * n + j];
          }
          expected.get(Parameters.OUTPUT_BIAS)[k] += scaled[b * outputs + k] * constant;
        }
      }
    }
    net.finish(tr);
    traces.addSummed(tr.loss().rateGradient(), expected);
    Parameters g = net.newParameters();
    session.gradient(tr, g);
    assertTrue(actions > 10, "actions were drawn at the scored steps: " + actions);
    ExactGradients.assertClose(expected, g, 1e-12, 1e-15, "Hebbian form");
  }

  /** Cross-entropy actions follow softmax(y): 20 000 draws at one step, within 4 binomial σ. */
  @Test
  void actionsFollowThePolicy() {
    NetworkSpec spec = NetworkSpec.of(TestNetworks.INPUTS, RateCellSpec.vanilla(4), 3,
        LossKind.CROSS_ENTROPY);
    Network net = new Network(spec);
    Seeds seeds = new Seeds(65);
    Parameters p = TestNetworks.parameters(net, seeds);
    Batch batch = TestNetworks.batch(spec, 1, 4, seeds);
    Arrays.fill(batch.mask()[3], 1.0);
    RewardModulatedEProp.RewardSession session = (RewardModulatedEProp.RewardSession)
        new RewardModulatedEProp(Feedback.Kind.SYMMETRIC, 7, 0.1, "baseline", 0.1, 1, 0.9)
            .begin(net, p, 1);
    Trajectory tr = net.newTrajectory(batch);
    int draws = 20_000;
    int[] counts = new int[3];
    double[] pi = null;
    for (int d = 0; d < draws; d++) {
      session.startSequence(tr);
      for (int t = 1; t <= 4; t++) {
        net.step(p, tr, t);
        session.observe(tr, t);
      }
      double[] u = session.exploration();
      for (int k = 0; k < 3; k++) {
        if (u[k] > 0) {
          counts[k]++;
        }
      }
      if (pi == null) {
        pi = softmax(tr.readout(4));
      }
      net.finish(tr);
      session.gradient(tr, net.newParameters());
    }
    for (int k = 0; k < 3; k++) {
      double expected = draws * pi[k];
      double sd = Math.sqrt(draws * pi[k] * (1 - pi[k]));
      assertEquals(expected, counts[k], 4 * sd, "action " + k + " of " + Arrays.toString(pi));
    }
  }

  private static double[] softmax(double[] y) {
    double max = Arrays.stream(y).max().orElseThrow();
    double[] e = Arrays.stream(y).map(v -> Math.exp(v - max)).toArray();
    double sum = Arrays.stream(e).sum();
    return Arrays.stream(e).map(v -> v / sum).toArray();
  }

  /**
   * The same seed gives the same estimates, another seed others; a session restored from another's
   * carried state (baseline, sequence counter, the critic and its optimizer) continues bit for bit.
   */
  @Test
  void drawsAreDeterminedByTheSeedAndTheCarriedState() {
    Network net = new Network(RATE);
    Seeds seeds = new Seeds(66);
    Parameters p = TestNetworks.parameters(net, seeds);
    Batch batch = TestNetworks.batch(RATE, 2, TestNetworks.STEPS, seeds);
    for (LearningRule rule : List.of(
        new NodePerturbation(0.1, 8, "baseline", 0.1, 1),
        new RewardModulatedEProp(Feedback.Kind.RANDOM, 8, 0.1, "baseline", 0.1, 1, 0.9),
        new RewardModulatedEProp(Feedback.Kind.SYMMETRIC, 8, 0.1, "td", 0.1, 1, 0.9))) {
      Session a = rule.begin(net, p, 2);
      Session b = rule.begin(net, p, 2);
      Trajectory tr = net.newTrajectory(batch, 2);
      Parameters ga = net.newParameters();
      Parameters gb = net.newParameters();
      for (int i = 0; i < 3; i++) {
        SequenceRunner.run(net, p, tr, List.of(a));
        a.gradient(tr, ga);
        SequenceRunner.run(net, p, tr, List.of(b));
        b.gradient(tr, gb);
        assertArrayEquals(ga.flatten(), gb.flatten(), 0.0, rule.name() + " draw " + i);
      }
      Session restored = rule.begin(net, p, 2);
      restored.restoreCarriedState(a.carriedState());
      SequenceRunner.run(net, p, tr, List.of(a));
      a.gradient(tr, ga);
      SequenceRunner.run(net, p, tr, List.of(restored));
      restored.gradient(tr, gb);
      assertArrayEquals(ga.flatten(), gb.flatten(), 0.0, rule.name() + " restored");
      Session first = rule.begin(net, p, 2);
      SequenceRunner.run(net, p, tr, List.of(first));
      first.gradient(tr, gb);
      assertFalse(Arrays.equals(ga.flatten(), gb.flatten()), "another sequence, other draws");
    }
    Parameters one = mean(new NodePerturbation(0.1, 1, "baseline", 0.1, 1), net, p, batch, 1);
    Parameters two = mean(new NodePerturbation(0.1, 2, "baseline", 0.1, 1), net, p, batch, 1);
    assertFalse(Arrays.equals(one.flatten(), two.flatten()), "another seed, other noise");
  }
}
