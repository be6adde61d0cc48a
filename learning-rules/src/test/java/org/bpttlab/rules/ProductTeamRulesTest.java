package org.bpttlab.rules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.bpttlab.core.CellSpec;
import org.bpttlab.core.LossKind;
import org.bpttlab.core.NetworkSpec;
import org.bpttlab.core.RateCellSpec;
import org.bpttlab.core.SpikingCellSpec;
import org.bpttlab.kernels.ProductTeam;
import org.bpttlab.kernels.Products;
import org.junit.jupiter.api.Test;

/**
 * A network whose products are split over two threads gives every rule the gradient, and the
 * forward pass the loss, of one thread, bit for bit: rate, lif and alif cells, both arithmetics,
 * n = 128 and batch 16 (so that the step's products and the gradients' sums are split).
 */
class ProductTeamRulesTest {
  private static final String[] RULES = {
    "bptt", "eprop", "eprop:deferred=true", "tbptt:k1=5,k2=5", "checkpointed:budget=4", "rflo",
    "readout-only",
  };

  @Test
  void twoThreadsGiveTheBitsOfOne() {
    CellSpec[] cells = {RateCellSpec.vanilla(128), SpikingCellSpec.lif(128),
        SpikingCellSpec.alif(128)};
    int compared = 0;
    try (ProductTeam team = new ProductTeam(2)) {
      for (Products products : Products.values()) {
        for (CellSpec cell : cells) {
          NetworkSpec spec =
              NetworkSpec.of(20, cell, 3, LossKind.MSE).withProducts(products);
          for (String name : RULES) {
            RuleSpec rule = RuleSpec.parse(name);
            RulePass one;
            try {
              one = new RulePass(spec, Rules.create(rule), 16, 12);
            } catch (IllegalArgumentException notForThisCell) {
              continue; // rflo: rate cells only
            }
            compared++;
            RulePass two = new RulePass(spec, Rules.create(rule), 16, 12, team);
            String what = products + " " + cell + " " + name;
            assertEquals(one.forward(), two.forward(), 0.0, what);
            assertArrayEquals(one.run().flatten(), two.run().flatten(), 0.0, what);
          }
        }
      }
    }
    assertEquals(2 * (3 * RULES.length - 2), compared);
  }
}
