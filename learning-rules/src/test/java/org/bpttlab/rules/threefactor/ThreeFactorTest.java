package org.bpttlab.rules.threefactor;

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
import org.bpttlab.core.Trajectory;
import org.bpttlab.core.net.Network;
import org.bpttlab.core.testing.TestNetworks;
import org.bpttlab.rules.ExactGradients;
import org.bpttlab.rules.RuleFixture;
import org.bpttlab.rules.LearningRule;
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

  /** The rate network without recurrent weights (e-prop's traces exact) of the reward tests. */
  private static RuleFixture withoutRecurrentWeights() {
    RuleFixture f = RuleFixture.of(RATE, 62, 3, TestNetworks.STEPS);
    Arrays.fill(f.params().get(Parameters.RECURRENT_WEIGHTS), 0.0);
    return f;
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
      RuleFixture f = RuleFixture.of(spec, 61, 3, TestNetworks.STEPS);
      Parameters exact = f.bptt();
      Parameters estimate = f.mean(f.begin(new NodePerturbation(0.02, 3, "clean", 0.1, 1)),
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
    RuleFixture f = withoutRecurrentWeights();
    Parameters estimate = f.mean(f.begin(new RewardModulatedEProp(Feedback.Kind.SYMMETRIC, 4, 0.1,
        "baseline", 0.1, 1, 0.9)), 20_000);
    assertAligned(f.bptt(), estimate, REACHABLE);
  }

  /**
   * With a TD modulator and γ = 1 the critic is a baseline (the actions do not feed back), so the
   * estimate stays unbiased while the critic learns: 20 000 draws on the same network, cosine with
   * BPTT above 0.9 (measured: see docs/rules.md); and the critic learns a value (nonzero weights).
   */
  @Test
  void rewardModulatedEPropWithATdCriticEstimatesTheGradient() {
    RuleFixture f = withoutRecurrentWeights();
    RewardModulatedEProp rule = new RewardModulatedEProp(Feedback.Kind.SYMMETRIC, 4, 0.1, "td",
        0.1, 1, 1.0);
    Session session = rule.begin(f.net(), f.params(), 3, OptimizerSpec.sgd(0.01));
    assertAligned(f.bptt(), f.mean(session, 20_000), REACHABLE);
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
    int batchSize = 2;
    int steps = TestNetworks.STEPS;
    RuleFixture f = RuleFixture.of(spec, 63, batchSize, steps);
    Network net = f.net();
    Cell cell = net.cell();
    Parameters p = f.params();
    Batch batch = f.batch();
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
    int batchSize = 2;
    RuleFixture f = RuleFixture.of(spec, 64, batchSize, TestNetworks.STEPS);
    Network net = f.net();
    int n = net.cell().hidden();
    int outputs = spec.outputs();
    Parameters p = f.params();
    Batch batch = f.batch();
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
    RuleFixture f = RuleFixture.of(spec, 65, 1, 4);
    Network net = f.net();
    Parameters p = f.params();
    Batch batch = f.batch();
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
   * Each sequence draws afresh: a session's second sequence gives another estimate than its first
   * (that the same seed gives the same numbers, another seed others, and a restored session
   * continues bit for bit is the rule contract's).
   */
  @Test
  void eachSequenceDrawsAfresh() {
    RuleFixture f = RuleFixture.of(RATE, 66, 2, TestNetworks.STEPS);
    for (LearningRule rule : List.of(
        new NodePerturbation(0.1, 8, "baseline", 0.1, 1),
        new RewardModulatedEProp(Feedback.Kind.RANDOM, 8, 0.1, "baseline", 0.1, 1, 0.9),
        new RewardModulatedEProp(Feedback.Kind.SYMMETRIC, 8, 0.1, "td", 0.1, 1, 0.9))) {
      Session s = f.begin(rule);
      double[] first = f.run(s).flatten();
      assertFalse(Arrays.equals(first, f.run(s).flatten()), rule.name() + ": another sequence");
    }
  }
}
