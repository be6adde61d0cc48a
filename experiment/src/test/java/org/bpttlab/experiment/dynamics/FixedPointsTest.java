package org.bpttlab.experiment.dynamics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.bpttlab.core.LossKind;
import org.bpttlab.core.NetworkSpec;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.RateCellSpec;
import org.bpttlab.core.Seeds;
import org.bpttlab.core.SpikingCellSpec;
import org.bpttlab.core.net.Network;
import org.junit.jupiter.api.Test;

/**
 * The fixed-point finder on networks whose fixed points are known in closed form: a linear network
 * (one point, (I − W)⁻¹(W_in x̄ + b), with W's eigenvalues) and two uncoupled tanh neurons with
 * self-weight 2 (h = tanh(2h) in each: 0 or ±h*, so 9 points, 4 of them stable).
 */
class FixedPointsTest {
  @Test
  void aLinearNetworkHasItsOneFixedPoint() {
    NetworkSpec spec = NetworkSpec.of(2, new RateCellSpec(4, 1.0, false, 0.0,
        RateCellSpec.Activation.LINEAR), 1, LossKind.MSE);
    Network net = new Network(spec);
    Parameters p = net.initialize(new Seeds(3));
    double[] w = p.get(Parameters.RECURRENT_WEIGHTS);
    for (int i = 0; i < w.length; i++) {
      w[i] *= 0.5;
    }
    Arrays.fill(p.get(Parameters.BIAS), 0.2);
    double[] x = {0.3, -0.7};
    RealMatrix a = new Array2DRowRealMatrix(4, 4);
    double[] drive = new double[4];
    double[] wIn = p.get(Parameters.INPUT_WEIGHTS);
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 4; j++) {
        a.setEntry(i, j, (i == j ? 1 : 0) - w[i * 4 + j]);
      }
      drive[i] = wIn[i * 2] * x[0] + wIn[i * 2 + 1] * x[1] + 0.2;
    }
    double[] expected = new LUDecomposition(a).getSolver().solve(new ArrayRealVector(drive))
        .toArray();
    List<double[]> starts = List.of(new double[4], new double[] {1, -1, 2, 0.5},
        new double[] {-3, 3, -3, 3});
    List<FixedPoints.Point> found = new FixedPoints(net, p, x).find(starts, 1e-12, 50);
    assertEquals(1, found.size(), "one fixed point");
    for (int i = 0; i < 4; i++) {
      assertEquals(expected[i], found.get(0).state()[i], 1e-10);
    }
    RealMatrix recurrent = new Array2DRowRealMatrix(4, 4);
    for (int i = 0; i < 16; i++) {
      recurrent.setEntry(i / 4, i % 4, w[i]);
    }
    // J = W for the linear cell (α = 1): the eigenvalues are W's
    double[] eig = new EigenDecomposition(recurrent).getRealEigenvalues();
    double[] got = found.get(0).real().clone();
    Arrays.sort(eig);
    Arrays.sort(got);
    assertArrayEqualsWithin(eig, got, 1e-10);
  }

  @Test
  void twoSelfExcitingNeuronsHaveNinePointsFourStable() {
    NetworkSpec spec = NetworkSpec.of(1, RateCellSpec.vanilla(2), 1, LossKind.MSE);
    Network net = new Network(spec);
    Parameters p = net.initialize(new Seeds(1));
    double[] w = p.get(Parameters.RECURRENT_WEIGHTS);
    Arrays.fill(w, 0.0);
    w[0] = 2;
    w[3] = 2;
    Arrays.fill(p.get(Parameters.BIAS), 0.0);
    // h* = tanh(2 h*) > 0 by bisection
    double lo = 0.5;
    double hi = 1.0;
    for (int k = 0; k < 100; k++) {
      double mid = (lo + hi) / 2;
      if (Math.tanh(2 * mid) > mid) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    double star = (lo + hi) / 2;
    List<double[]> starts = new ArrayList<>();
    for (double a : new double[] {-1.5, -0.1, 0.1, 1.5}) {
      for (double b : new double[] {-1.5, -0.1, 0.1, 1.5}) {
        starts.add(new double[] {a, b});
      }
    }
    starts.add(new double[] {0.0, 0.0});
    List<FixedPoints.Point> found = new FixedPoints(net, p, new double[] {0.0})
        .find(starts, 1e-12, 100);
    assertEquals(9, found.size(), "every combination of 0 and ±h* in the two neurons");
    int stable = 0;
    for (FixedPoints.Point point : found) {
      for (double v : point.state()) {
        double d = Math.min(Math.abs(v), Math.min(Math.abs(v - star), Math.abs(v + star)));
        assertTrue(d < 1e-10, "a coordinate is 0 or ±h*: " + v);
      }
      boolean both = Math.abs(Math.abs(point.state()[0]) - star) < 1e-9
          && Math.abs(Math.abs(point.state()[1]) - star) < 1e-9;
      assertEquals(both, point.stable(), Arrays.toString(point.state()));
      stable += point.stable() ? 1 : 0;
    }
    assertEquals(4, stable);
  }

  /**
   * A linear network with W = diag(1, 0.5) and b = (0.01, 0.2) has no fixed point: F(h) − h =
   * (0.01, 0.2 − 0.5 h₂), so q has its minimum 5·10⁻⁵ on the line h₂ = 0.4, a slow point. The search
   * reaches that line and reports it as slow, or not at all when slow points must be slower.
   */
  @Test
  void aLineWhereTheStateDriftsSlowlyIsASlowPoint() {
    NetworkSpec spec = NetworkSpec.of(1, new RateCellSpec(2, 1.0, false, 0.0,
        RateCellSpec.Activation.LINEAR), 1, LossKind.MSE);
    Network net = new Network(spec);
    Parameters p = net.newParameters();
    double[] w = p.get(Parameters.RECURRENT_WEIGHTS);
    w[0] = 1;
    w[3] = 0.5;
    p.get(Parameters.BIAS)[0] = 0.01;
    p.get(Parameters.BIAS)[1] = 0.2;
    List<double[]> starts = List.of(new double[] {0.3, -2});
    FixedPoints finder = new FixedPoints(net, p, new double[1]);
    List<FixedPoints.Point> found = finder.find(starts, 1e-10, 1e-4, 0.05, 50);
    assertEquals(1, found.size());
    FixedPoints.Point slow = found.get(0);
    assertEquals(5e-5, slow.speed(), 1e-15);
    assertEquals(0.4, slow.state()[1], 1e-10);
    assertEquals(0.3, slow.state()[0], 1e-10, "the drift's direction is not moved along");
    assertTrue(slow.stable() == false, "eigenvalue 1 lies on the unit circle");
    assertEquals(0, finder.find(starts, 1e-10, 1e-5, 0.05, 50).size(), "q = 5e-5 > 1e-5");
    assertEquals(0, finder.find(starts, 1e-10, 50).size(), "no fixed point");
  }

  @Test
  void aSpikingNetworkOrAWrongInputIsRefused() {
    NetworkSpec rate = NetworkSpec.of(2, RateCellSpec.vanilla(3), 1, LossKind.MSE);
    Network net = new Network(rate);
    Parameters p = net.initialize(new Seeds(1));
    assertThrows(IllegalArgumentException.class, () -> new FixedPoints(net, p, new double[1]));
    Network lif = new Network(NetworkSpec.of(2, SpikingCellSpec.lif(3), 1, LossKind.MSE));
    assertThrows(IllegalArgumentException.class,
        () -> new FixedPoints(lif, lif.initialize(new Seeds(1)), new double[2]));
  }

  private static void assertArrayEqualsWithin(double[] expected, double[] actual, double tol) {
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], tol, "entry " + i);
    }
  }
}
