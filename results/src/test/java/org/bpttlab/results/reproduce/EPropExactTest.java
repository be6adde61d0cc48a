package org.bpttlab.results.reproduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.Seeds;
import org.bpttlab.core.Trajectory;
import org.bpttlab.core.net.Network;
import org.bpttlab.rules.bptt.Bptt;
import org.junit.jupiter.api.Test;

/**
 * Eq. 1 of Bellec et al. 2020 on the paper's verification setup ({@link BellecVerification}, their
 * numerical_verification_eprop_factorization_vs_BPTT.py): 3 Poisson inputs at 100 Hz, 4 LIF + 4
 * ALIF, T = 50 ms, τ_v = 20 ms, τ_a = 500 ms, v_th = 0.62, β = 0.07, n_ref = 2, γ = 0.3: e-prop's
 * traces times dE/dz equal BPTT, relative difference ≤ 1e-12 per group, on a network that spikes.
 */
class EPropExactTest {
  @Test
  void bellecVerificationSetup() {
    Network net = new Network(BellecVerification.network());
    Seeds seeds = new Seeds(2020);
    Parameters p = net.initialize(seeds);
    Trajectory tr = net.newTrajectory(BellecVerification.batch(1, true, seeds));
    net.forward(p, tr);
    double spikes = EPropExact.spikes(tr);
    assertTrue(spikes >= 10, "the network must spike: " + spikes + " spikes");
    Parameters exact = net.newParameters();
    Bptt.gradient(net, p, tr, exact);
    Parameters eprop = EPropExact.factorised(net, p, tr);
    for (int g = 0; g < exact.groupCount(); g++) {
      double difference = EPropExact.relative(eprop.get(g), exact.get(g));
      assertTrue(difference <= 1e-12, exact.shape(g).name() + ": relative difference "
          + difference);
    }
    double[] recurrent = exact.get(Parameters.RECURRENT_WEIGHTS);
    assertEquals(64, recurrent.length);
    assertTrue(Arrays.stream(recurrent).anyMatch(x -> x != 0), "a nonzero W_rec gradient");
  }
}
