package org.bpttlab.experiment.dynamics;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * Principal components of states (rows of n values): the mean, and the eigenvectors of the
 * covariance C = Σ (x − μ)(x − μ)ᵀ / (N − 1) by decreasing eigenvalue, found as C's singular value
 * decomposition (Commons Math; C is symmetric positive semi-definite, so its singular values are
 * its eigenvalues and U = V). The covariance is summed row by row, so memory is n², whatever N.
 * Each component's sign is fixed so that its entry of largest magnitude is positive: the same
 * states give the same components.
 */
public final class Pca {
  private final int n;
  private final double[] mean;
  private final double[][] components;
  private final double[] variances;

  private Pca(double[] mean, double[][] components, double[] variances) {
    this.n = mean.length;
    this.mean = mean;
    this.components = components;
    this.variances = variances;
  }

  /** Accumulates states one at a time (two passes are not needed: sums in double). */
  public static final class Builder {
    private final int n;
    private final double[] sum;
    private final double[] products;
    private long count;

    /** A builder of states of {@code n} values. */
    public Builder(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("states must have at least 1 value, had " + n);
      }
      this.n = n;
      sum = new double[n];
      products = new double[n * n];
    }

    /** Adds the state {@code x[offset .. offset + n)}. */
    public Builder add(double[] x, int offset) {
      for (int i = 0; i < n; i++) {
        double xi = x[offset + i];
        sum[i] += xi;
        int row = i * n;
        for (int j = 0; j <= i; j++) {
          products[row + j] += xi * x[offset + j];
        }
      }
      count++;
      return this;
    }

    /** The components of the states added (at least 2). */
    public Pca build() {
      if (count < 2) {
        throw new IllegalArgumentException("PCA needs at least 2 states, had " + count);
      }
      double[] mean = new double[n];
      for (int i = 0; i < n; i++) {
        mean[i] = sum[i] / count;
      }
      RealMatrix c = new Array2DRowRealMatrix(n, n);
      for (int i = 0; i < n; i++) {
        for (int j = 0; j <= i; j++) {
          double v = (products[i * n + j] - count * mean[i] * mean[j]) / (count - 1);
          c.setEntry(i, j, v);
          c.setEntry(j, i, v);
        }
      }
      SingularValueDecomposition svd = new SingularValueDecomposition(c);
      double[] variances = svd.getSingularValues();
      RealMatrix u = svd.getU();
      double[][] components = new double[n][n];
      for (int k = 0; k < n; k++) {
        int largest = 0;
        for (int i = 0; i < n; i++) {
          components[k][i] = u.getEntry(i, k);
          if (Math.abs(components[k][i]) > Math.abs(components[k][largest])) {
            largest = i;
          }
        }
        if (components[k][largest] < 0) {
          for (int i = 0; i < n; i++) {
            components[k][i] = -components[k][i];
          }
        }
      }
      return new Pca(mean, components, variances);
    }
  }

  /** n, the states' size. */
  public int size() {
    return n;
  }

  /** The variance along component k (0-based), in decreasing order. */
  public double variance(int k) {
    return variances[k];
  }

  /** The sum of all variances (the covariance's trace). */
  public double totalVariance() {
    double total = 0;
    for (double v : variances) {
      total += v;
    }
    return total;
  }

  /** Component k (0-based) as n values, a unit vector. */
  public double[] component(int k) {
    return components[k].clone();
  }

  /** The coordinate of the state {@code x[offset .. offset + n)} along component k. */
  public double project(double[] x, int offset, int k) {
    double[] c = components[k];
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += c[i] * (x[offset + i] - mean[i]);
    }
    return s;
  }
}
