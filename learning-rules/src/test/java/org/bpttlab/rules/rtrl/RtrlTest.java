package org.bpttlab.rules.rtrl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.bpttlab.core.Batch;
import org.bpttlab.core.NetworkSpec;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.Seeds;
import org.bpttlab.core.Trajectory;
import org.bpttlab.core.net.Network;
import org.bpttlab.core.testing.TestNetworks;
import org.bpttlab.core.testing.TestNetworks.Case;
import org.bpttlab.rules.ExactGradients;
import org.bpttlab.rules.SequenceRunner;
import org.bpttlab.rules.Session;
import org.bpttlab.rules.bptt.Bptt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Contract R1: RTRL (accumulated over the sequence) equals BPTT to 1e-9 relative per group, for
 * every cell, option and loss of the test networks (rate α = 1 and α &lt; 1, lif, alif, mixed, the
 * non-smooth surrogates, leaky readout, regulariser, batch 3), run on a trajectory of 2 steps; and
 * its memory does not grow with T.
 */
class RtrlTest {
  static List<Case> cases() {
    return TestNetworks.allCases();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void rtrlEqualsBptt(Case c) {
    Network net = new Network(c.spec());
    Seeds seeds = new Seeds(31);
    Parameters p = TestNetworks.parameters(net, seeds);
    Batch batch = TestNetworks.batch(c.spec(), TestNetworks.BATCH, TestNetworks.STEPS, seeds);
    Parameters exact = ExactGradients.bptt(net, p, batch);
    Parameters rtrl = ExactGradients.of(new Rtrl(0), net, p, batch);
    ExactGradients.assertClose(exact, rtrl, 1e-9, 1e-12, c.name());
  }

  @Test
  void onlineModeWithoutWeightChangesSumsToTheSequenceGradient() {
    Case c = TestNetworks.allCases().get(0);
    Network net = new Network(c.spec());
    Seeds seeds = new Seeds(32);
    Parameters p = TestNetworks.parameters(net, seeds);
    Batch batch = TestNetworks.batch(c.spec(), 2, TestNetworks.STEPS, seeds);
    Session session = new Rtrl(5).begin(net, p, 2);
    Trajectory tr = net.newTrajectory(batch, 2);
    Parameters sum = net.newParameters();
    Parameters buffer = net.newParameters();
    int[] updates = {0};
    SequenceRunner.run(net, p, tr, List.of(session), buffer, (i, t, g) -> {
      assertEquals(0, t % 5, "an update every 5 steps");
      sum.addScaled(1.0, g);
      updates[0]++;
    });
    session.gradient(tr, buffer);
    sum.addScaled(1.0, buffer);
    assertEquals(2, updates[0], "updates after steps 5 and 10 of 12");
    ExactGradients.assertClose(ExactGradients.bptt(net, p, batch), sum, 1e-9, 1e-12, "online");
  }

  @Test
  void storedDoublesDoNotGrowWithTheSequenceLength() {
    NetworkSpec spec = TestNetworks.allCases().get(0).spec();
    Network net = new Network(spec);
    Seeds seeds = new Seeds(33);
    Parameters p = TestNetworks.parameters(net, seeds);
    long[] rtrl = new long[2];
    long[] bptt = new long[2];
    int[] lengths = {10, 1000};
    for (int i = 0; i < 2; i++) {
      Batch batch = TestNetworks.batch(spec, 2, lengths[i], seeds);
      rtrl[i] = storedDoubles(new Rtrl(0).begin(net, p, 2), net, p, batch);
      bptt[i] = storedDoubles(new Bptt().begin(net, p, 2), net, p, batch);
    }
    int s = net.cell().stateSize();
    int params = net.cell().parameterCount();
    assertEquals(rtrl[0], rtrl[1], "RTRL holds the same at T = 10 and T = 1000");
    assertTrue(rtrl[0] >= 2L * 2 * s * params, "at least M_t and M_{t-1}, B·S·P each");
    long slot = net.newTrajectory(TestNetworks.batch(spec, 2, 1, seeds)).doublesPerSlot();
    assertTrue(bptt[1] - bptt[0] >= 990 * slot,
        "BPTT's trajectory grows with T: " + bptt[0] + " " + bptt[1]);
  }

  private static long storedDoubles(Session session, Network net, Parameters p, Batch batch) {
    Trajectory tr = net.newTrajectory(batch, SequenceRunner.slots(List.of(session), batch.steps()));
    SequenceRunner.run(net, p, tr, List.of(session));
    session.gradient(tr, net.newParameters());
    return session.cost().peakStoredDoubles();
  }
}
