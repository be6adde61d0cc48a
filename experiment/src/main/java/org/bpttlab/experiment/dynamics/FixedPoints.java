package org.bpttlab.experiment.dynamics;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.bpttlab.core.Batch;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.RateCellSpec;
import org.bpttlab.core.Trajectory;
import org.bpttlab.core.net.Network;

/**
 * Fixed points of a rate network under a constant input x̄ (Sussillo &amp; Barak 2013): the states h
 * with F(h, x̄) = h, found from many initial states by minimising q(h) = ½‖F(h, x̄) − h‖² with
 * damped Newton steps on F(h) − h = 0, which use the cell's exact state Jacobian J = ∂F/∂h
 * ({@link org.bpttlab.core.Cell#stateJacobian}):
 *
 * <pre>
 * (J − I) δ = −(F(h) − h),   h ← h + s δ,   s = 1, ½, ¼, … until q decreases
 * </pre>
 *
 * (a gradient step δ = −(J − I)ᵀ(F(h) − h) where J − I is singular). A search ends when q ≤
 * tolerance², or after the step budget. Points closer than √tolerance to one found before are the
 * same point. Each point's linearisation J has its eigenvalues (Commons Math); it is stable when they
 * all lie inside the unit circle.
 */
public final class FixedPoints {
  /**
   * A fixed point.
   *
   * @param state h*, n values
   * @param speed q(h*) = ½‖F(h*) − h*‖²
   * @param real the eigenvalues' real parts
   * @param imaginary their imaginary parts
   */
  public record Point(double[] state, double speed, double[] real, double[] imaginary) {
    /** All eigenvalues inside the unit circle. */
    public boolean stable() {
      for (int i = 0; i < real.length; i++) {
        if (Math.hypot(real[i], imaginary[i]) >= 1) {
          return false;
        }
      }
      return true;
    }
  }

  private final Network network;
  private final Parameters params;
  private final Trajectory trajectory;
  private final int n;
  private final double[] jacobian;

  /**
   * A finder for {@code network} (a rate cell) at {@code params} under the constant input
   * {@code input} (n_in values).
   */
  public FixedPoints(Network network, Parameters params, double[] input) {
    if (!(network.spec().cell() instanceof RateCellSpec)) {
      throw new IllegalArgumentException("fixed points are found for rate cells, the network's"
          + " cell is " + network.spec().cell().kind());
    }
    if (input.length != network.spec().inputs()) {
      throw new IllegalArgumentException("the input must have " + network.spec().inputs()
          + " values, had " + input.length);
    }
    this.network = network;
    this.params = params;
    this.n = network.cell().hidden();
    Batch batch = Batch.zeros(1, 2, input.length, network.spec().outputs());
    System.arraycopy(input, 0, batch.x()[1], 0, input.length);
    trajectory = network.newTrajectory(batch);
    jacobian = new double[n * n];
  }

  /** F(h) into {@code out}, and J at h into the finder's buffer. */
  private void step(double[] h, double[] out) {
    network.step(params, trajectory, 1);
    System.arraycopy(h, 0, trajectory.state(1), 0, n);
    network.step(params, trajectory, 2);
    System.arraycopy(trajectory.state(2), 0, out, 0, n);
    network.cell().stateJacobian(params, trajectory, 2, 0, jacobian);
  }

  /** q at h; {@code residual} gets F(h) − h. */
  private double speed(double[] h, double[] residual) {
    step(h, residual);
    double q = 0;
    for (int i = 0; i < n; i++) {
      residual[i] -= h[i];
      q += residual[i] * residual[i];
    }
    return q / 2;
  }

  /**
   * The distinct fixed points reached from {@code starts} (each n values), in the order first found.
   *
   * @param tolerance ‖F(h) − h‖ at which a search has converged, &gt; 0
   * @param steps the most Newton steps per start
   */
  public List<Point> find(List<double[]> starts, double tolerance, int steps) {
    if (!(tolerance > 0) || steps < 1) {
      throw new IllegalArgumentException("tolerance must be > 0 and steps >= 1, were "
          + tolerance + " and " + steps);
    }
    List<Point> found = new ArrayList<>();
    double[] residual = new double[n];
    double[] trial = new double[n];
    double[] trialResidual = new double[n];
    for (double[] start : starts) {
      double[] h = start.clone();
      double q = speed(h, residual);
      for (int k = 0; k < steps && q > tolerance * tolerance / 2; k++) {
        double[] delta = newton(residual);
        double s = 1;
        double next = Double.POSITIVE_INFINITY;
        for (int halving = 0; halving < 40; halving++, s /= 2) {
          for (int i = 0; i < n; i++) {
            trial[i] = h[i] + s * delta[i];
          }
          next = speed(trial, trialResidual);
          if (next < q) {
            break;
          }
        }
        if (!(next < q)) {
          break;
        }
        System.arraycopy(trial, 0, h, 0, n);
        System.arraycopy(trialResidual, 0, residual, 0, n);
        q = next;
      }
      if (q <= tolerance * tolerance / 2 && isNew(found, h, Math.sqrt(tolerance))) {
        speed(h, residual);
        found.add(point(h, q));
      }
    }
    return found;
  }

  /** The Newton step for the residual F(h) − h at the last evaluated h (J in the buffer). */
  private double[] newton(double[] residual) {
    RealMatrix a = new Array2DRowRealMatrix(n, n);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        a.setEntry(i, j, jacobian[i * n + j] - (i == j ? 1 : 0));
      }
    }
    LUDecomposition lu = new LUDecomposition(a);
    RealVector minus = new ArrayRealVector(residual).mapMultiply(-1);
    if (lu.getSolver().isNonSingular()) {
      return lu.getSolver().solve(minus).toArray();
    }
    return a.transpose().operate(minus).toArray();
  }

  private static boolean isNew(List<Point> found, double[] h, double distance) {
    for (Point p : found) {
      double d = 0;
      for (int i = 0; i < h.length; i++) {
        d += (p.state()[i] - h[i]) * (p.state()[i] - h[i]);
      }
      if (Math.sqrt(d) < distance) {
        return false;
      }
    }
    return true;
  }

  /** The point h (J at h in the buffer) with its linearisation's eigenvalues. */
  private Point point(double[] h, double q) {
    RealMatrix j = new Array2DRowRealMatrix(n, n);
    for (int r = 0; r < n; r++) {
      for (int c = 0; c < n; c++) {
        j.setEntry(r, c, jacobian[r * n + c]);
      }
    }
    EigenDecomposition eigen = new EigenDecomposition(j);
    return new Point(h.clone(), q, eigen.getRealEigenvalues(), eigen.getImagEigenvalues());
  }
}
