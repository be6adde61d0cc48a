package org.bpttlab.rules.rtrl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bpttlab.core.NetworkSpec;
import org.bpttlab.core.net.Network;
import org.bpttlab.core.testing.TestNetworks;
import org.bpttlab.rules.RuleFixture;
import org.bpttlab.rules.bptt.Bptt;
import org.junit.jupiter.api.Test;

/**
 * RTRL's memory does not grow with T (its exactness, contract R1, and its online mode are cases of
 * {@code RuleContractTest}).
 */
class RtrlTest {
  @Test
  void storedDoublesDoNotGrowWithTheSequenceLength() {
    NetworkSpec spec = TestNetworks.allCases().get(0).spec();
    long[] rtrl = new long[2];
    long[] bptt = new long[2];
    int[] lengths = {10, 1000};
    RuleFixture f = null;
    for (int i = 0; i < 2; i++) {
      f = RuleFixture.of(spec, 33, 2, lengths[i]);
      rtrl[i] = f.cost(f.begin(new Rtrl(0))).peakStoredDoubles();
      bptt[i] = f.cost(f.begin(new Bptt())).peakStoredDoubles();
    }
    Network net = f.net();
    int s = net.cell().stateSize();
    int params = net.cell().parameterCount();
    assertEquals(rtrl[0], rtrl[1], "RTRL holds the same at T = 10 and T = 1000");
    assertTrue(rtrl[0] >= 2L * 2 * s * params, "at least M_t and M_{t-1}, B·S·P each");
    long slot = f.trajectory(f.begin(new Bptt())).doublesPerSlot();
    assertTrue(bptt[1] - bptt[0] >= 990 * slot,
        "BPTT's trajectory grows with T: " + bptt[0] + " " + bptt[1]);
  }
}
