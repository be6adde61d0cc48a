package org.bpttlab.rules.bptt;

import java.io.IOException;
import java.util.List;
import java.util.SplittableRandom;
import org.bpttlab.core.Batch;
import org.bpttlab.core.LossKind;
import org.bpttlab.core.NetworkSpec;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.RateCellSpec;
import org.bpttlab.core.Seeds;
import org.bpttlab.core.SpikingCellSpec;
import org.bpttlab.kernels.Kernels;
import org.bpttlab.kernels.Products;
import org.bpttlab.core.net.Network;
import org.bpttlab.kernels.testing.InterpreterCheck;
import org.bpttlab.core.testing.TestNetworks;
import org.bpttlab.rules.SequenceRunner;

/**
 * The child of {@link JitIndependenceTest}: the four matrix kernels at sizes that take every code
 * path (single rows, 4×4 tiles, vector tails), in double and single precision, and the loss and BPTT
 * gradient of a rate, a LIF and an ALIF network (and of a rate and a LIF network with float32
 * products), all concatenated. Computed under {@code -Xint} here and compiled in the test.
 */
public final class GradientInInterpreter {
  private GradientInInterpreter() {}

  static double[] compute() {
    double[] out = new double[0];
    SplittableRandom random = new SplittableRandom(7);
    for (int[] size : new int[][] {{1, 67, 64}, {5, 13, 67}, {32, 64, 9}, {4, 130, 4}}) {
      int m = size[0];
      int k = size[1];
      int n = size[2];
      double[] a = gaussian(random, m * k);
      double[] b = gaussian(random, n * k);
      double[] c = new double[m * n];
      Kernels.multTransB(m, k, n, a, b, c);
      Kernels.multAddTransB(m, k, n, a, b, c);
      double[] w = gaussian(random, k * n);
      Kernels.multAdd(m, k, n, a, w, c);
      double[] g = new double[k * n];
      Kernels.multAddTransA(m, k, n, a, c, g);
      out = concat(out, c, g);
      // the same through the single-precision products
      double[] cf = new double[m * n];
      Products.FLOAT32.multTransB(m, k, n, a, b, cf);
      Products.FLOAT32.multAddTransB(m, k, n, a, b, cf);
      Products.FLOAT32.multAdd(m, k, n, a, w, cf);
      double[] gf = new double[k * n];
      Products.FLOAT32.multAddTransA(m, k, n, a, cf, gf);
      out = concat(out, cf, gf);
    }
    for (NetworkSpec spec : List.of(
        NetworkSpec.of(3, RateCellSpec.vanilla(24), 2, LossKind.MSE),
        NetworkSpec.of(3, SpikingCellSpec.lif(24), 3, LossKind.CROSS_ENTROPY),
        NetworkSpec.of(3, SpikingCellSpec.alif(24).withDetachReset(true), 2, LossKind.MSE),
        NetworkSpec.of(3, RateCellSpec.vanilla(24), 2, LossKind.MSE).withProducts(Products.FLOAT32),
        NetworkSpec.of(3, SpikingCellSpec.lif(24), 3, LossKind.CROSS_ENTROPY)
            .withProducts(Products.FLOAT32))) {
      Network net = new Network(spec);
      Seeds seeds = new Seeds(5);
      Parameters p = TestNetworks.parameters(net, seeds);
      Batch batch = TestNetworks.batch(spec, 3, 15, seeds);
      Parameters grad = net.newParameters();
      double loss = SequenceRunner.gradient(new Bptt(), net, p, net.newTrajectory(batch), grad);
      out = concat(out, new double[] {loss}, grad.flatten());
    }
    return out;
  }

  private static double[] gaussian(SplittableRandom random, int length) {
    double[] x = new double[length];
    for (int i = 0; i < length; i++) {
      x[i] = random.nextDouble(-1, 1);
    }
    return x;
  }

  private static double[] concat(double[] a, double[] b, double[] c) {
    double[] r = new double[a.length + b.length + c.length];
    System.arraycopy(a, 0, r, 0, a.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    System.arraycopy(c, 0, r, a.length + b.length, c.length);
    return r;
  }

  public static void main(String[] args) throws IOException {
    InterpreterCheck.writeResult(args[0], compute());
  }
}
