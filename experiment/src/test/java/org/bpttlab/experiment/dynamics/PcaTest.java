package org.bpttlab.experiment.dynamics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * Principal components of states with a known covariance: points on an ellipse of semi-axes 3 and
 * 1 in a plane of R³, rotated and shifted, so that the components are the rotated axes and the
 * variances 9/2 and 1/2 (times N/(N − 1)).
 */
class PcaTest {
  @Test
  void anEllipsesAxesAreItsComponents() {
    int count = 360;
    double c = Math.cos(0.4);
    double s = Math.sin(0.4);
    // the rotation about z by 0.4: the ellipse's axes become u = (c, s, 0) and w = (−s, c, 0)
    double[] u = {c, s, 0};
    double[] w = {-s, c, 0};
    double[] centre = {1, -2, 5};
    Pca.Builder builder = new Pca.Builder(3);
    double[] x = new double[3];
    for (int k = 0; k < count; k++) {
      double a = 3 * Math.cos(2 * Math.PI * k / count);
      double b = Math.sin(2 * Math.PI * k / count);
      for (int i = 0; i < 3; i++) {
        x[i] = centre[i] + a * u[i] + b * w[i];
      }
      builder.add(x, 0);
    }
    Pca pca = builder.build();
    double scale = (double) count / (count - 1);
    assertEquals(4.5 * scale, pca.variance(0), 1e-12);
    assertEquals(0.5 * scale, pca.variance(1), 1e-12);
    assertEquals(0, pca.variance(2), 1e-12);
    assertEquals(5 * scale, pca.totalVariance(), 1e-12);
    double[] first = pca.component(0);
    double[] second = pca.component(1);
    for (int i = 0; i < 3; i++) {
      assertEquals(u[i], first[i], 1e-12, "the largest entry is positive: u, not −u");
      assertEquals(w[i], second[i], 1e-12, "w's largest entry, c, is positive: w");
    }
    double[] point = {centre[0] + 3 * u[0], centre[1] + 3 * u[1], centre[2]};
    assertEquals(3, pca.project(point, 0, 0), 1e-12);
    assertEquals(0, pca.project(point, 0, 1), 1e-12);
  }

  @Test
  void oneStateIsRefused() {
    Pca.Builder builder = new Pca.Builder(2).add(new double[] {1, 2}, 0);
    assertThrows(IllegalArgumentException.class, builder::build);
    assertThrows(IllegalArgumentException.class, () -> new Pca.Builder(0));
  }
}
