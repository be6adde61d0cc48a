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
 * Fixed and slow points of a rate network under a constant input x̄ (Sussillo &amp; Barak 2013): the
 * states h with F(h, x̄) = h, or where q(h) = ½‖F(h, x̄) − h‖² has a small local minimum, found from
 * many initial states by minimising q with Levenberg–Marquardt steps on F(h) − h = 0 that use the
 * cell's exact state Jacobian J = ∂F/∂h ({@link org.bpttlab.core.Cell#stateJacobian}):
 *
 * <pre>
 * (AᵀA + μI) δ = −Aᵀ(F(h) − h),   A = J − I,   h ← h + δ if q decreases
 * </pre>
 *
 * With μ = 0 this is Newton's step A δ = −(F(h) − h), taken while it decreases q; near a zero of
 * F(h) − h it converges quadratically. A search ends when q ≤ tolerance²/2, in a minimum of q, or
 * after the step budget. Points closer than √tolerance to one found before are the same point. Each
 * point's linearisation J has its eigenvalues (Commons Math); it is stable when they all lie inside
 * the unit circle.
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
    return find(starts, tolerance, 0, 0, steps);
  }

  /**
   * The distinct fixed and slow points reached from {@code starts}: where a search converges
   * (q ≤ tolerance²/2) it found a fixed point; where it stops at a local minimum of q, or after
   * {@code steps}, with q ≤ {@code slowSpeed}, a slow point (Sussillo &amp; Barak 2013). Fixed points
   * closer than √tolerance to one found before, and slow points closer than
   * {@code slowSeparation} to any point found before, are not new. The steps are Levenberg–Marquardt
   * steps on F(h) − h: δ = −(AᵀA + μI)⁻¹Aᵀ(F(h) − h), A = J − I, with μ = 0 (the Newton step,
   * solved by LU on A) while that decreases q, and μ raised tenfold until a step does (lowered
   * tenfold after each step that does), so that a search ends in a minimum of q, zero or not.
   *
   * @param slowSpeed the largest q of a slow point; 0 for fixed points only
   * @param slowSeparation the least distance between two slow points, ≥ 0
   */
  public List<Point> find(List<double[]> starts, double tolerance, double slowSpeed,
      double slowSeparation, int steps) {
    if (!(tolerance > 0) || steps < 1 || !(slowSpeed >= 0) || !(slowSeparation >= 0)) {
      throw new IllegalArgumentException("tolerance must be > 0, steps >= 1 and slowSpeed and"
          + " slowSeparation >= 0, were " + tolerance + ", " + steps + ", " + slowSpeed + " and "
          + slowSeparation);
    }
    double fixedSpeed = tolerance * tolerance / 2;
    List<Point> found = new ArrayList<>();
    double[] residual = new double[n];
    double[] trial = new double[n];
    double[] trialResidual = new double[n];
    for (double[] start : starts) {
      if (start.length != n) {
        throw new IllegalArgumentException("a start must have " + n + " values, had "
            + start.length);
      }
      double[] h = start.clone();
      double q = speed(h, residual);
      double mu = 0;
      for (int k = 0; k < steps && q > fixedSpeed; k++) {
        RealMatrix a = jacobianMinusIdentity();
        RealMatrix normal = mu > 0 ? a.transpose().multiply(a) : null;
        double scale = normal != null ? Math.max(normal.getTrace() / n, Double.MIN_NORMAL) : 0;
        boolean accepted = false;
        while (!accepted && (mu == 0 || mu <= 1e12 * scale)) {
          double[] delta;
          if (mu == 0) {
            LUDecomposition lu = new LUDecomposition(a);
            if (!lu.getSolver().isNonSingular()) {
              normal = normal != null ? normal : a.transpose().multiply(a);
              scale = Math.max(normal.getTrace() / n, Double.MIN_NORMAL);
              mu = 1e-8 * scale;
              continue;
            }
            delta = lu.getSolver().solve(new ArrayRealVector(residual).mapMultiply(-1)).toArray();
          } else {
            delta = damped(a, normal, residual, mu);
          }
          for (int i = 0; i < n; i++) {
            trial[i] = h[i] + delta[i];
          }
          double next = speed(trial, trialResidual);
          if (next < q) {
            accepted = true;
            System.arraycopy(trial, 0, h, 0, n);
            System.arraycopy(trialResidual, 0, residual, 0, n);
            q = next;
            mu = mu / 10 < 1e-12 * scale ? 0 : mu / 10;
          } else {
            if (normal == null) {
              normal = a.transpose().multiply(a);
              scale = Math.max(normal.getTrace() / n, Double.MIN_NORMAL);
            }
            mu = Math.max(10 * mu, 1e-8 * scale);
          }
        }
        if (!accepted) {
          break; // a minimum of q
        }
      }
      boolean fixed = q <= fixedSpeed;
      if (fixed ? isNew(found, h, Math.sqrt(tolerance))
          : q <= slowSpeed && isNew(found, h, Math.max(slowSeparation, Math.sqrt(tolerance)))) {
        speed(h, residual);
        found.add(point(h, q));
      }
    }
    return found;
  }

  /** A = J − I at the last evaluated state. */
  private RealMatrix jacobianMinusIdentity() {
    RealMatrix a = new Array2DRowRealMatrix(n, n);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        a.setEntry(i, j, jacobian[i * n + j] - (i == j ? 1 : 0));
      }
    }
    return a;
  }

  /** −(AᵀA + μI)⁻¹ Aᵀ r (AᵀA + μI is positive definite for μ &gt; 0). */
  private double[] damped(RealMatrix a, RealMatrix normal, double[] residual, double mu) {
    RealMatrix m = normal.copy();
    for (int i = 0; i < n; i++) {
      m.addToEntry(i, i, mu);
    }
    RealVector g = a.transpose().operate(new ArrayRealVector(residual)).mapMultiply(-1);
    return new LUDecomposition(m).getSolver().solve(g).toArray();
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
