package org.bpttlab.experiment.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.DoubleStream;
import org.bpttlab.core.Batch;
import org.bpttlab.core.BatchBuffers;
import org.bpttlab.core.LossKind;
import org.bpttlab.core.NetworkSpec;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.RateCellSpec;
import org.bpttlab.core.Seeds;
import org.bpttlab.core.SpikingCellSpec;
import org.bpttlab.core.Trajectory;
import org.bpttlab.core.net.Network;
import org.bpttlab.experiment.align.Alignment;
import org.bpttlab.experiment.align.UpdateAlignment;
import org.bpttlab.rules.RuleSpec;
import org.bpttlab.rules.bptt.Bptt;
import org.bpttlab.rules.optim.OptimizerSpec;
import org.bpttlab.tasks.Task;
import org.bpttlab.tasks.Tasks;
import org.bpttlab.tasks.adding.AddingProblem;
import org.junit.jupiter.api.Test;

/** The alignment harness in training (DESIGN §6, contract A1). Fixed seeds throughout. */
class AlignmentHarnessTest {
  private static TrainingSpec spec(Task task, NetworkSpec net, OptimizerSpec opt, int iterations) {
    return new TrainingSpec(net, opt, 3, iterations, 4, 1, 0, 1);
  }

  private static TrainingSpec rateSpec(Task task, int iterations) {
    NetworkSpec net = NetworkSpec.of(task.inputs(), RateCellSpec.vanilla(6), task.outputs(),
        task.loss());
    return spec(task, net, OptimizerSpec.adam(0.01).withClipNorm(1), iterations);
  }

  private static List<RuleResult> train(Task task, TrainingSpec s, String... rules) {
    List<RuleSpec> specs = java.util.Arrays.stream(rules).map(RuleSpec::parse).toList();
    return new Trainer(task, s).trainAll(specs, 1, Trainer.Progress.none());
  }

  private static Alignment at(RuleResult r, int iteration, String group) {
    return r.alignment().stream()
        .filter(a -> a.iteration() == iteration && a.group().equals(group))
        .findFirst().orElseThrow().alignment();
  }

  /**
   * A1: a rule whose gradient is BPTT's has alignment 1 with it. BPTT and checkpointed BPTT (bit
   * for bit BPTT's gradient) exactly, in every group at every iteration; RTRL (equal to BPTT to
   * rounding) within 1e-12 in cosine and 1e-9 in norm ratio.
   */
  @Test
  void aRuleAlignedWithItselfIsOne() {
    Task task = new AddingProblem(8);
    List<RuleResult> rs = train(task, rateSpec(task, 5), "bptt", "checkpointed:budget=2", "rtrl");
    for (RuleResult r : rs) {
      assertEquals(5 * 6, r.alignment().size(), "5 iterations × (all, W_in, W_rec, b, W_out, b_out)");
      for (AlignmentRow row : r.alignment()) {
        Alignment a = row.alignment();
        if (r.rule().equals("rtrl")) {
          assertEquals(1.0, a.cosine(), 1e-12, row.toString());
          assertEquals(1.0, a.normRatio(), 1e-9, row.toString());
        } else {
          assertEquals(1.0, a.cosine(), row.toString());
          assertEquals(1.0, a.normRatio(), row.toString());
          assertEquals(1.0, a.signAgreement(), row.toString());
        }
      }
    }
  }

  /** The task with its mask, and so its loss and every gradient, scaled by c. */
  private record ScaledLoss(Task task, double c) implements Task {
    @Override
    public String name() {
      return task.name();
    }

    @Override
    public int inputs() {
      return task.inputs();
    }

    @Override
    public int outputs() {
      return task.outputs();
    }

    @Override
    public int steps() {
      return task.steps();
    }

    @Override
    public LossKind loss() {
      return task.loss();
    }

    @Override
    public Batch sample(int size, Seeds seeds, BatchBuffers buffers) {
      Batch b = task.sample(size, seeds, buffers);
      double[][] mask = new double[b.steps()][];
      for (int t = 0; t < b.steps(); t++) {
        mask[t] = DoubleStream.of(b.mask()[t]).map(m -> c * m).toArray();
      }
      return new Batch(b.size(), b.steps(), b.inputs(), b.outputs(), b.x(), b.target(), mask);
    }

    @Override
    public String metricName() {
      return task.metricName();
    }

    @Override
    public double metric(Trajectory trajectory) {
      return task.metric(trajectory);
    }

    @Override
    public double baseline() {
      return task.baseline();
    }

    @Override
    public double successThreshold() {
      return task.successThreshold();
    }

    @Override
    public String citation() {
      return task.citation();
    }
  }

  /**
   * A1: alignment is invariant to the scale of the loss. The loss is scaled by scaling the task's
   * mask (L = ½ Σ m_t ‖y_t − y*_t‖², cross-entropy alike), which scales the rule's and BPTT's
   * gradients alike; measured on iteration 1, before any update. A power of two changes no bit;
   * c = 1/3 and c = 1000 leave the measures within 1e-12. Rules with approximate gradients of
   * different kinds: e-prop with random feedback, RFLO, truncated BPTT, readout-only.
   */
  @Test
  void alignmentIsInvariantToTheScaleOfTheLoss() {
    Task base = Tasks.create("copy:delay=3,length=3,alphabet=3");
    String[] rules = {"eprop:feedback=random", "rflo", "tbptt:k1=2,k2=3", "readout-only"};
    NetworkSpec net = NetworkSpec.of(base.inputs(), new RateCellSpec(6, 0.5, false),
        base.outputs(), base.loss());
    TrainingSpec s = spec(base, net, OptimizerSpec.sgd(0.1), 1);
    List<RuleResult> reference = train(base, s, rules);
    for (double c : new double[] {4, 1.0 / 3, 1000}) {
      Task scaled = new ScaledLoss(base, c);
      List<RuleResult> rs = train(scaled, s, rules);
      for (int r = 0; r < rules.length; r++) {
        assertEquals(c * reference.get(r).rows().get(0).loss(), rs.get(r).rows().get(0).loss(),
            1e-12 * c * reference.get(r).rows().get(0).loss(), "the loss is scaled");
        List<AlignmentRow> a = reference.get(r).alignment();
        List<AlignmentRow> b = rs.get(r).alignment();
        assertEquals(a.size(), b.size());
        for (int k = 0; k < a.size(); k++) {
          Alignment x = a.get(k).alignment();
          Alignment y = b.get(k).alignment();
          assertEquals(c * x.exactNorm(), y.exactNorm(), 1e-12 * c * x.exactNorm());
          if (c == 4) {
            assertEquals(x.cosine(), y.cosine(), a.get(k).toString());
            assertEquals(x.normRatio(), y.normRatio(), a.get(k).toString());
          } else {
            assertEquals(x.cosine(), y.cosine(), 1e-12, a.get(k).toString());
            assertEquals(x.normRatio(), y.normRatio(), 1e-12 * x.normRatio(),
                a.get(k).toString());
          }
          assertEquals(x.signAgreement(), y.signAgreement(), a.get(k).toString());
        }
      }
    }
  }

  /**
   * Readout-only computes the exact gradient of W_out and b_out (forward, where BPTT sums
   * backward: equal to rounding, so the norm ratio is 1 within 1e-13 and the cosine exactly 1, as
   * a difference of angle θ moves it by θ²/2, far below half an ulp of 1) and none of the other
   * groups, whose cosine is 0 by definition (Alignment: the estimate is zero). Rate cell (linear
   * readout) and ALIF (leaky readout).
   */
  @Test
  void readoutOnlyHasCosineOneOnTheReadoutAndZeroElsewhere() {
    Task task = new AddingProblem(8);
    NetworkSpec alif = NetworkSpec.of(task.inputs(), SpikingCellSpec.alif(6), task.outputs(),
        task.loss());
    for (TrainingSpec s : List.of(rateSpec(task, 3),
        spec(task, alif, OptimizerSpec.adam(0.01), 3))) {
      RuleResult r = train(task, s, "readout-only").get(0);
      for (int i = 1; i <= 3; i++) {
        for (String g : List.of("W_out", "b_out")) {
          assertEquals(1.0, at(r, i, g).cosine(), g);
          assertEquals(1.0, at(r, i, g).normRatio(), 1e-13, g);
        }
        List<String> untrained = s.network().cell() instanceof RateCellSpec
            ? List.of("W_in", "W_rec", "b") : List.of("W_in", "W_rec");
        for (String g : untrained) {
          Alignment a = at(r, i, g);
          assertEquals(0.0, a.cosine(), g);
          assertEquals(0.0, a.normRatio(), g);
          assertEquals(0.0, a.estimateNorm(), g);
          assertTrue(a.exactNorm() > 0, g);
        }
        Alignment all = at(r, i, Alignment.ALL);
        assertTrue(all.cosine() > 0 && all.cosine() < 1, all.toString());
      }
    }
  }

  /**
   * Online rules are measured per update (UpdateAlignment): each update against the sum of RTRL's
   * per-step gradients over the same steps, on the same trajectory at the weights each step ran
   * with. Online RTRL is that gradient, so its cosine and norm ratio are 1 to rounding whatever the
   * learning rate (the weights' drift within the sequence, which the sum against BPTT at the first
   * weights measured, no longer counts); an approximate online rule is below 1. Every iteration of 4
   * is measured (12 steps, an update every 3).
   */
  @Test
  void onlineRulesAreMeasuredPerUpdateAgainstRtrl() {
    Task task = Tasks.create("online-add:steps=12");
    NetworkSpec net = NetworkSpec.of(task.inputs(), RateCellSpec.vanilla(6), task.outputs(),
        task.loss());
    for (double lr : new double[] {1e-9, 0.5}) {
      RuleResult rtrl = train(task, spec(task, net, OptimizerSpec.sgd(lr), 4),
          "rtrl:online=3").get(0);
      RuleResult uoro = train(task, spec(task, net, OptimizerSpec.sgd(lr), 4),
          "uoro:seed=1,online=3").get(0);
      for (int i = 1; i <= 4; i++) {
        assertEquals(1.0, at(rtrl, i, Alignment.ALL).cosine(), 1e-12, "lr " + lr);
        assertEquals(1.0, at(rtrl, i, Alignment.ALL).normRatio(), 1e-12, "lr " + lr);
        assertEquals(1.0, at(uoro, i, "W_out").cosine(), 1e-12, "uoro's readout is exact");
        assertTrue(at(uoro, i, "W_rec").cosine() < 0.99, "lr " + lr + ", iteration " + i + ": "
            + at(uoro, i, "W_rec"));
      }
    }
  }

  /**
   * RTRL beside the training is affordable for the networks of the online comparisons (n = 32,
   * batch 1, and batch 32), not for n = 64 at batch 32 (2·B·S²·P ≈ 1.2e9 flops a step) nor for a
   * spiking network of 100 adaptive neurons: their online rules fall back to the sum against BPTT.
   */
  @Test
  void rtrlIsTheReferenceOnlyWhereItIsAffordable() {
    assertTrue(UpdateAlignment.exactAffordable(new Network(NetworkSpec.of(1,
        RateCellSpec.vanilla(32), 2, LossKind.CROSS_ENTROPY)), 1));
    assertTrue(UpdateAlignment.exactAffordable(new Network(NetworkSpec.of(2,
        RateCellSpec.vanilla(32), 1, LossKind.MSE)), 32));
    assertFalse(UpdateAlignment.exactAffordable(new Network(NetworkSpec.of(2,
        RateCellSpec.vanilla(64), 1, LossKind.MSE)), 32));
    assertFalse(UpdateAlignment.exactAffordable(new Network(NetworkSpec.of(40,
        SpikingCellSpec.alif(100), 2, LossKind.CROSS_ENTROPY)), 1));
  }

  /**
   * Node perturbation injects noise into the network it trains, so its trajectory is not the
   * network's forward pass: its metrics row scores the clean network, and its alignment is measured
   * against BPTT on the clean network, bit for bit what a clean forward pass and BPTT at the same
   * parameters give on the same batch (checked on iteration 1, before any update).
   */
  @Test
  void aRuleThatPerturbsTheNetworkIsMeasuredOnTheCleanNetwork() {
    Task task = new AddingProblem(8);
    TrainingSpec s = rateSpec(task, 2);
    for (String rule : List.of("node-perturbation", "node-perturbation:modulator=baseline")) {
      RuleResult r = train(task, s, rule).get(0);
      Network network = new Network(s.network());
      Seeds seeds = new Seeds(s.seed());
      Parameters params = network.initialize(seeds);
      Trajectory tr = network.newTrajectory(task.sample(s.batchSize(), seeds.derive("task", 1)));
      double loss = network.forward(params, tr);
      Parameters g = network.newParameters();
      Bptt.gradient(network, params, tr, g);
      assertEquals(loss, r.rows().get(0).loss(), rule);
      assertEquals(task.metric(tr), r.rows().get(0).metric(), rule);
      assertEquals(g.norm(), at(r, 1, Alignment.ALL).exactNorm(), rule);
      assertTrue(at(r, 1, Alignment.ALL).cosine() < 1, rule);
    }
  }

  private static double[] numbers(List<RuleResult> results) {
    return results.stream().flatMap(r -> r.rows().stream())
        .flatMapToDouble(row -> DoubleStream.of(row.iteration(), row.loss(), row.metric(),
            row.gradNorm(), row.cost().peakStoredDoubles(), row.cost().flopsPerStep()))
        .toArray();
  }

  /**
   * The passive BPTT only reads: training with alignment measured on every iteration gives the same
   * metrics and parameters, bit for bit, as training without, for per-sequence and online rules
   * (whose measure runs a forward pass of its own).
   */
  @Test
  void measuringAlignmentChangesNoNumber() {
    Task task = Tasks.create("online-add:steps=10");
    NetworkSpec net = NetworkSpec.of(task.inputs(), RateCellSpec.vanilla(5), task.outputs(),
        task.loss());
    TrainingSpec with = spec(task, net, OptimizerSpec.adam(0.02), 6);
    String[] rules = {"bptt", "rtrl:online=4", "tbptt:k1=3,k2=5,online=true",
        "eprop:feedback=adaptive,online=5", "artbp:c=0.3", "readout-only"};
    List<RuleResult> a = train(task, with, rules);
    List<RuleResult> b = train(task, with.withAlignEvery(0), rules);
    assertArrayEquals(numbers(a), numbers(b));
    for (int r = 0; r < rules.length; r++) {
      assertEquals(6 * 6, a.get(r).alignment().size());
      assertEquals(List.of(), b.get(r).alignment());
      assertArrayEquals(a.get(r).parameters().flatten(), b.get(r).parameters().flatten());
    }
  }

  @Test
  void alignmentEveryKIterationsAndAtTheLast() {
    Task task = new AddingProblem(6);
    RuleResult r = train(task, rateSpec(task, 7).withAlignEvery(3), "eprop").get(0);
    assertEquals(List.of(3, 6, 7), r.alignment().stream()
        .filter(a -> a.group().equals(Alignment.ALL)).map(AlignmentRow::iteration).toList());
  }
}
