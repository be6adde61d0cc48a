package org.bpttlab.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Random;
import org.bpttlab.core.net.Network;
import org.bpttlab.core.testing.TestNetworks;
import org.bpttlab.core.testing.TestNetworks.Case;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link SynapseGradients}: gathering steps into one product gives the bits of adding each step at
 * once, for every test network, batch 1 and 3, with a third of the adjoints zero (spiking adjoints
 * are sparse), however many steps are gathered and when the target gradient changes; and the sums
 * are Σ_t Σ_b δ pre (≤ 1e-12 against plain loops), with nothing on the diagonal of a cell without
 * self-connections.
 */
class SynapseGradientsTest {
  static List<Case> cases() {
    return TestNetworks.allCases();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void gatheredStepsGiveTheBitsOfSingleSteps(Case c) {
    for (int batchSize : new int[] {1, TestNetworks.BATCH}) {
      Network net = new Network(c.spec());
      Cell cell = net.cell();
      Seeds seeds = new Seeds(21);
      Parameters p = TestNetworks.parameters(net, seeds);
      Batch batch = TestNetworks.batch(c.spec(), batchSize, TestNetworks.STEPS, seeds);
      Trajectory tr = net.newTrajectory(batch);
      net.forward(p, tr);
      int n = cell.hidden();
      int steps = batch.steps();
      Random random = new Random(5);
      double[][] drive = new double[steps + 1][batchSize * n];
      for (int t = 1; t <= steps; t++) {
        for (int i = 0; i < drive[t].length; i++) {
          drive[t][i] = random.nextInt(3) == 0 ? 0 : random.nextGaussian();
        }
      }
      Parameters single = net.newParameters();
      SynapseGradients one = new SynapseGradients(cell, batchSize, 1);
      for (int t = steps; t >= 1; t--) {
        one.add(tr, t, drive[t], single);
      }
      for (int k : new int[] {2, 5, steps, 40}) {
        Parameters gathered = net.newParameters();
        SynapseGradients many = new SynapseGradients(cell, batchSize, k);
        for (int t = steps; t >= 1; t--) {
          many.add(tr, t, drive[t], gathered);
        }
        many.flush();
        assertArrayEquals(single.flatten(), gathered.flatten(), 0.0,
            c.name() + " batch " + batchSize + ", " + k + " steps per product");
      }
      // the default, with the target changing half-way: what was gathered goes to the old one
      Parameters first = net.newParameters();
      Parameters second = net.newParameters();
      SynapseGradients swap = new SynapseGradients(cell, batchSize);
      for (int t = steps; t >= 1; t--) {
        swap.add(tr, t, drive[t], t > steps / 2 ? first : second);
      }
      swap.flush();
      first.addScaled(1.0, second);
      assertPlainSum(cell, tr, drive, single, c.name());
      assertPlainSum(cell, tr, drive, first, c.name() + " split");
    }
  }

  @Test
  void refusesNoSteps() {
    Network net = new Network(TestNetworks.allCases().get(0).spec());
    assertThrows(IllegalArgumentException.class, () -> new SynapseGradients(net.cell(), 1, 0));
  }

  private static void assertPlainSum(
      Cell cell, Trajectory tr, double[][] drive, Parameters actual, String label) {
    int n = cell.hidden();
    int batch = tr.batchSize();
    for (int g = 0; g < cell.parameterShapes().size(); g++) {
      ParameterShape shape = cell.parameterShapes().get(g);
      int cols = shape.cols();
      boolean noDiagonal = shape.name().equals(Parameters.RECURRENT_WEIGHTS)
          && !cell.selfConnections();
      double[] expected = new double[n * cols];
      for (int t = 1; t < drive.length; t++) {
        double[] pre = cell.presynaptic(g, tr, t);
        for (int b = 0; b < batch; b++) {
          for (int j = 0; j < n; j++) {
            for (int i = 0; i < cols; i++) {
              if (!(noDiagonal && i == j)) {
                expected[j * cols + i] += drive[t][b * n + j] * (pre == null ? 1 : pre[b * cols + i]);
              }
            }
          }
        }
      }
      double[] got = actual.get(g);
      for (int k = 0; k < expected.length; k++) {
        assertEquals(expected[k], got[k], 1e-12 * (1 + Math.abs(expected[k])),
            label + " " + shape.name() + "[" + k + "]");
        if (noDiagonal && k / cols == k % cols) {
          assertEquals(0.0, got[k], 0.0, label + ": no gradient on the diagonal");
        }
      }
    }
  }
}
