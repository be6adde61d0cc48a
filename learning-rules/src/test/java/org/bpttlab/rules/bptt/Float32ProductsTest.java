package org.bpttlab.rules.bptt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.List;
import org.bpttlab.core.Batch;
import org.bpttlab.core.LossKind;
import org.bpttlab.core.NetworkSpec;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.RateCellSpec;
import org.bpttlab.core.Seeds;
import org.bpttlab.core.SpikingCellSpec;
import org.bpttlab.kernels.Products;
import org.bpttlab.core.net.Network;
import org.bpttlab.core.testing.TestNetworks;
import org.bpttlab.core.testing.TestNetworks.Case;
import org.bpttlab.rules.ExactGradients;
import org.bpttlab.rules.Rules;
import org.bpttlab.rules.RuleSpec;
import org.bpttlab.rules.optim.Optimizer;
import org.bpttlab.rules.optim.OptimizerSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code products: float32} changes only the rounding of the cell's matrix products: on the same
 * parameters and batch, the loss and the gradient of BPTT (and of e-prop, through the same cell) are
 * within float's rounding of the double ones, for every cell and option combination of the contract
 * tests and for batched networks whose products run through the register tiles. Measured (seed 23):
 * relative differences up to 1.3e-6 per parameter group, the largest for spiking cells with the
 * cross-entropy loss (the bound leaves a factor of 7).
 */
class Float32ProductsTest {
  private static final double TOLERANCE = 1e-5;

  static List<Case> cases() {
    List<Case> cases = new ArrayList<>(TestNetworks.allCases());
    cases.add(new Case("rate n=64 batch 32",
        NetworkSpec.of(5, RateCellSpec.vanilla(64), 3, LossKind.MSE)));
    cases.add(new Case("leaky rate n=70 batch 32",
        NetworkSpec.of(5, new RateCellSpec(70, 0.3, false), 3, LossKind.CROSS_ENTROPY)));
    cases.add(new Case("alif n=64 batch 32",
        NetworkSpec.of(5, SpikingCellSpec.lif(64).withAdaptiveNeurons(32), 3, LossKind.MSE)));
    return cases;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void gradientsAreTheDoubleOnesWithinFloatRounding(Case c) {
    boolean big = c.spec().hidden() > TestNetworks.HIDDEN;
    int batchSize = big ? 32 : TestNetworks.BATCH;
    int steps = big ? 40 : TestNetworks.STEPS;
    Network double64 = new Network(c.spec());
    Network single = new Network(c.spec().withProducts(Products.FLOAT32));
    Seeds seeds = new Seeds(23);
    Parameters p = TestNetworks.parameters(double64, seeds);
    Batch batch = TestNetworks.batch(c.spec(), batchSize, steps, seeds);
    for (String rule : List.of("bptt", "eprop")) {
      Parameters g64 = ExactGradients.of(Rules.create(RuleSpec.parse(rule)), double64, p, batch);
      Parameters g32 = ExactGradients.of(Rules.create(RuleSpec.parse(rule)), single, p, batch);
      ExactGradients.assertClose(g64, g32, TOLERANCE, 1e-8, c.name() + " " + rule);
      if (big) {
        // the products really were single precision
        assertNotEquals(g64.get(Parameters.RECURRENT_WEIGHTS)[1],
            g32.get(Parameters.RECURRENT_WEIGHTS)[1], c.name() + " " + rule);
      }
    }
    double loss64 = double64.forward(p, double64.newTrajectory(batch));
    double loss32 = single.forward(p, single.newTrajectory(batch));
    assertEquals(loss64, loss32, TOLERANCE * Math.abs(loss64), c.name() + " loss");
  }

  /**
   * The float forms of the weights are kept between passes and rebuilt after every write: after
   * each optimiser update (the arrays written in place), and after writes through
   * {@code Parameters.get} and its whole-set operations, a pass on the same parameters gives the
   * bits of a pass on a fresh copy, whose forms are built from nothing.
   */
  @Test
  void weightsWrittenInPlaceAreSeenByTheNextPass() {
    for (NetworkSpec spec : List.of(NetworkSpec.of(5, RateCellSpec.vanilla(64), 3, LossKind.MSE),
        NetworkSpec.of(5, SpikingCellSpec.lif(64).withAdaptiveNeurons(32), 3, LossKind.MSE))) {
      Network net = new Network(spec.withProducts(Products.FLOAT32));
      Seeds seeds = new Seeds(29);
      Parameters p = TestNetworks.parameters(net, seeds);
      Batch batch = TestNetworks.batch(spec, 32, 30, seeds);
      Optimizer adam = OptimizerSpec.adam(0.05).create(p);
      double previous = Double.NaN;
      for (int update = 0; update < 8; update++) {
        Parameters g = ExactGradients.of(Rules.create(RuleSpec.parse("bptt")), net, p, batch);
        Parameters fresh = ExactGradients.of(Rules.create(RuleSpec.parse("bptt")), net, p.copy(),
            batch);
        assertArrayEquals(fresh.flatten(), g.flatten(), spec.cell() + " update " + update);
        double loss = net.forward(p, net.newTrajectory(batch));
        assertNotEquals(previous, loss, "update " + update + " changed the weights");
        previous = loss;
        switch (update) {
          case 5 -> p.get(Parameters.RECURRENT_WEIGHTS)[3] += 0.5;
          case 6 -> p.scale(0.9);
          case 7 -> p.addScaled(-0.01, g);
          default -> adam.update(p, g);
        }
        assertEquals(net.forward(p.copy(), net.newTrajectory(batch)),
            net.forward(p, net.newTrajectory(batch)), spec.cell() + " after update " + update);
      }
    }
  }
}
