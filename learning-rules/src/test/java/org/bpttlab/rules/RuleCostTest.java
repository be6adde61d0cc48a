package org.bpttlab.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.bpttlab.core.Batch;
import org.bpttlab.core.NetworkSpec;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.Seeds;
import org.bpttlab.core.SpikingCellSpec;
import org.bpttlab.core.SynapseGradients;
import org.bpttlab.core.Trajectory;
import org.bpttlab.core.net.Network;
import org.bpttlab.core.testing.TestNetworks;
import org.bpttlab.rules.bptt.Bptt;
import org.bpttlab.rules.checkpoint.CheckpointedBptt;
import org.bpttlab.rules.eprop.EProp;
import org.bpttlab.rules.eprop.Feedback;
import org.bpttlab.rules.readout.ReadoutOnly;
import org.bpttlab.rules.rtrl.Rtrl;
import org.bpttlab.rules.tbptt.TruncatedBptt;
import org.bpttlab.rules.threefactor.NodePerturbation;
import org.bpttlab.rules.threefactor.RewardModulatedEProp;
import org.junit.jupiter.api.Test;

/**
 * Memory and work accounting: each rule's reported peak doubles and flops per step follow from what
 * it holds and does, on a rate network (n = 6, 3 inputs, 2 outputs, batch 2, T = 40).
 */
class RuleCostTest {
  private static final int STEPS = 40;

  @Test
  void costsFollowFromWhatEachRuleHoldsAndDoes() {
    NetworkSpec spec = TestNetworks.smoothCases().get(0).spec();
    Network net = new Network(spec);
    Seeds seeds = new Seeds(61);
    Parameters p = TestNetworks.parameters(net, seeds);
    Batch batch = TestNetworks.batch(spec, 2, STEPS, seeds);
    long slot = net.newTrajectory(batch).doublesPerSlot();
    long backwardFlops = net.backpropFlops(2);

    RuleCost bptt = cost(new Bptt(), net, p, batch);
    assertTrue(bptt.peakStoredDoubles() >= (STEPS + 1) * slot, "BPTT holds the trajectory");
    assertTrue(bptt.flopsPerStep() >= backwardFlops, "one backward step per step");

    RuleCost readout = cost(new ReadoutOnly(), net, p, batch);
    assertTrue(readout.peakStoredDoubles() < 3 * slot + 100, "readout-only: two steps and traces");

    RuleCost tbptt = cost(TruncatedBptt.fixed(5, 10, false), net, p, batch);
    // the window, and the synapse gradients gathered for a product (SynapseGradients)
    long gathered = new SynapseGradients(net.cell(), 2).storedDoubles();
    assertTrue(tbptt.peakStoredDoubles() >= 11 * slot
        && tbptt.peakStoredDoubles() < 20 * slot + gathered);
    // every 5 steps, 10 backward steps (5 at the first window): (5 + 7·10) / 40 per step
    assertEquals(
        bptt.flopsPerStep() * 75.0 / STEPS, tbptt.flopsPerStep(), 1e-9 * tbptt.flopsPerStep());

    CheckpointedBptt.CheckpointedSession checkpointed = new CheckpointedBptt(4).begin(net, p, 2);
    RuleCost ck = run(checkpointed, net, p, batch);
    long recomputed = checkpointed.recomputedSteps();
    assertTrue(recomputed > 0);
    assertEquals(
        bptt.flopsPerStep() + (double) net.stepFlops(2) * recomputed / STEPS, ck.flopsPerStep(),
        1e-9 * ck.flopsPerStep(), "backward plus the recomputed forward steps");
    assertTrue(ck.peakStoredDoubles() <= (4 + 6) * slot + 200 + gathered,
        "M = 4 records and the working set");
    assertTrue(ck.peakStoredDoubles() - gathered < (bptt.peakStoredDoubles() - gathered) / 3);

    RuleCost rtrl = cost(new Rtrl(0), net, p, batch);
    int s = net.cell().stateSize();
    int params = net.cell().parameterCount();
    assertTrue(rtrl.flopsPerStep() >= 2.0 * 2 * s * s * params, "B · 2S²P for the influence");
  }

  /**
   * e-prop, RFLO and the three-factor rules hold per-synapse traces, independent of T; a LIF
   * membrane's eligibility vector is shared, one per presynaptic neuron (B·cols) instead of one
   * per synapse (B·n·cols), whether or not the declared graph differentiates the reset.
   */
  @Test
  void tracesOfTheLocalRulesDoNotGrowWithTheSequence() {
    NetworkSpec rate = TestNetworks.smoothCases().get(0).spec();
    Network net = new Network(rate);
    Seeds seeds = new Seeds(62);
    Parameters p = TestNetworks.parameters(net, seeds);
    int cellParams = net.cell().parameterCount();
    for (LearningRule rule : List.of(EProp.symmetric(), EProp.rflo(1, 0),
        new RewardModulatedEProp(Feedback.Kind.SYMMETRIC, 1, 0.1, "baseline", 0.1, 1, 0.9),
        new NodePerturbation(0.1, 1, "clean", 0.1, 1))) {
      RuleCost shortRun = cost(rule, net, p, TestNetworks.batch(rate, 2, 10, seeds));
      RuleCost longRun = cost(rule, net, p, TestNetworks.batch(rate, 2, 1000, seeds));
      assertEquals(shortRun.peakStoredDoubles(), longRun.peakStoredDoubles(), rule.name());
      assertTrue(shortRun.peakStoredDoubles() >= 2L * cellParams, rule.name() + ": B·P tags");
      assertTrue(shortRun.flopsPerStep() >= 2.0 * 2 * cellParams, rule.name());
    }
    RuleCost eprop = cost(EProp.symmetric(), net, p, TestNetworks.batch(rate, 2, 10, seeds));
    assertTrue(eprop.peakStoredDoubles() >= 2L * 2 * cellParams, "ε and ē per synapse, B = 2");

    // a spiking membrane's eligibility vector is one per presynaptic neuron, whether or not the
    // declared graph differentiates the reset (the traces never do)
    NetworkSpec lif = TestNetworks.allCases().stream()
        .filter(c -> c.name().equals("lif detach-reset=false stop=false mse")).findFirst()
        .orElseThrow().spec();
    Network lifNet = new Network(lif);
    Network detachedNet = new Network(lif.withCell(
        ((SpikingCellSpec) lif.cell()).withDetachReset(true)));
    assertTrue(lifNet.cell().newLocalDynamics(2).sharedComponent(0), "a shared membrane");
    Parameters lp = TestNetworks.parameters(lifNet, seeds);
    Batch lb = TestNetworks.batch(lif, 2, 10, seeds);
    assertEquals(cost(EProp.symmetric(), detachedNet, lp, lb).peakStoredDoubles(),
        cost(EProp.symmetric(), lifNet, lp, lb).peakStoredDoubles(), "the same traces");
  }

  private static RuleCost cost(LearningRule rule, Network net, Parameters p, Batch batch) {
    return run(rule.begin(net, p, batch.size()), net, p, batch);
  }

  private static RuleCost run(Session session, Network net, Parameters p, Batch batch) {
    List<Session> sessions = List.of(session);
    Trajectory tr = net.newTrajectory(batch, SequenceRunner.slots(sessions, batch.steps()));
    SequenceRunner.run(net, p, tr, sessions);
    session.gradient(tr, net.newParameters());
    return session.cost();
  }
}
