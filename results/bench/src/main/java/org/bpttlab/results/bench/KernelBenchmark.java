package org.bpttlab.results.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.bpttlab.kernels.Kernels;
import org.bpttlab.kernels.MatrixProducts;
import org.bpttlab.kernels.PlainKernels;
import org.bpttlab.kernels.ProductTeam;
import org.bpttlab.kernels.Products;
import org.bpttlab.kernels.WeightMatrix;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The four dense kernels, each in three implementations on the same arrays: {@link PlainKernels}
 * (plain loops, whatever the JIT makes of them), EJML's {@code CommonOps_DDRM} on {@code
 * DMatrixRMaj} wrappers, and {@link Kernels} (Vector API); and {@link Products#FLOAT32}, the same
 * products in single precision ({@code <kernel>_float32}; {@code <kernel>_float32kept}: W as a
 * {@link WeightMatrix}, rounded once, as the cells multiply by their weights); {@code
 * <kernel>_split} and {@code <kernel>_float32split}: {@code _vector} (W kept as a
 * {@link WeightMatrix}) and {@code _float32kept} split over a {@link ProductTeam} of two threads
 * (multTransB, multAdd, multAddTransA). Shapes are those of a recurrent layer of n
 * neurons with a batch of m sequences; every kernel does 2·m·n² flops:
 *
 * <pre>
 * multTransB     C[m×n]  = A[m×n] · W[n×n]ᵀ   forward pre-activations (m = 1: y = W h)
 * multAddTransB  C[m×n] += A[m×n] · W[n×n]ᵀ
 * multAdd        C[m×n] += A[m×n] · W[n×n]    backward δh += δa W
 * multAddTransA  D[n×n] += A[m×n]ᵀ · H[m×n]   gradient dW += δᵀ H (m = 1: outer product)
 * </pre>
 *
 * Inputs are dense Gaussian by default; {@code -p zeros=0.5} sets that fraction of A's entries to
 * zero (a spiking network's adjoints and spikes are sparse: the case in which JDK 17's C2 boxed a
 * vector accumulator that merged through a branch, see {@code Kernels}). Method
 * names are {@code <kernel>_<impl>} so that a regex selects a kernel or an implementation.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Thread)
public class KernelBenchmark {
  @Param({"64", "128", "256", "512"})
  public int n;

  @Param({"1", "32"})
  public int m;

  @Param({"0"})
  public double zeros;

  private double[] a;
  private double[] w;
  private WeightMatrix kept;
  private double[] h;
  private double[] c;
  private double[] d;
  private DMatrixRMaj am;
  private DMatrixRMaj wm;
  private DMatrixRMaj hm;
  private DMatrixRMaj cm;
  private DMatrixRMaj dm;
  private ProductTeam team;
  private MatrixProducts split64;
  private MatrixProducts split32;

  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom rng = new SplittableRandom(42);
    a = gaussian(rng, m * n);
    for (int i = 0; zeros > 0 && i < a.length; i++) {
      if (rng.nextDouble() < zeros) {
        a[i] = 0;
      }
    }
    w = gaussian(rng, n * n);
    kept = new WeightMatrix(w, n, n);
    h = gaussian(rng, m * n);
    c = new double[m * n];
    d = new double[n * n];
    am = DMatrixRMaj.wrap(m, n, a);
    wm = DMatrixRMaj.wrap(n, n, w);
    hm = DMatrixRMaj.wrap(m, n, h);
    cm = DMatrixRMaj.wrap(m, n, c);
    dm = DMatrixRMaj.wrap(n, n, d);
    team = new ProductTeam(2);
    split64 = Products.FLOAT64.on(team);
    split32 = Products.FLOAT32.on(team);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    team.close();
  }

  @Benchmark
  public double[] multTransB_split() {
    split64.multTransB(m, n, n, a, kept, c);
    return c;
  }

  @Benchmark
  public double[] multTransB_float32split() {
    split32.multTransB(m, n, n, a, kept, c);
    return c;
  }

  @Benchmark
  public double[] multAdd_split() {
    split64.multAdd(m, n, n, a, kept, c);
    return c;
  }

  @Benchmark
  public double[] multAdd_float32split() {
    split32.multAdd(m, n, n, a, kept, c);
    return c;
  }

  @Benchmark
  public double[] multAddTransA_split() {
    split64.multAddTransA(m, n, n, a, h, d);
    return d;
  }

  @Benchmark
  public double[] multAddTransA_float32split() {
    split32.multAddTransA(m, n, n, a, h, d);
    return d;
  }

  /** Keeps the accumulating outputs bounded between iterations. */
  @Setup(Level.Iteration)
  public void clearOutputs() {
    java.util.Arrays.fill(c, 0.0);
    java.util.Arrays.fill(d, 0.0);
  }

  private static double[] gaussian(SplittableRandom rng, int len) {
    double[] x = new double[len];
    for (int i = 0; i < len; i++) {
      // Box-Muller; SplittableRandom has no nextGaussian on JDK 17
      double u = 1.0 - rng.nextDouble();
      x[i] = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble());
    }
    return x;
  }

  // ---- c = a · wᵀ

  @Benchmark
  public double[] multTransB_plain() {
    PlainKernels.multTransB(m, n, n, a, w, c);
    return c;
  }

  @Benchmark
  public DMatrixRMaj multTransB_ejml() {
    CommonOps_DDRM.multTransB(am, wm, cm);
    return cm;
  }

  @Benchmark
  public double[] multTransB_vector() {
    Kernels.multTransB(m, n, n, a, w, c);
    return c;
  }

  @Benchmark
  public double[] multTransB_float32() {
    Products.FLOAT32.multTransB(m, n, n, a, w, c);
    return c;
  }

  @Benchmark
  public double[] multTransB_float32kept() {
    Products.FLOAT32.multTransB(m, n, n, a, kept, c);
    return c;
  }

  // ---- c += a · wᵀ

  @Benchmark
  public double[] multAddTransB_plain() {
    PlainKernels.multAddTransB(m, n, n, a, w, c);
    return c;
  }

  @Benchmark
  public DMatrixRMaj multAddTransB_ejml() {
    CommonOps_DDRM.multAddTransB(am, wm, cm);
    return cm;
  }

  @Benchmark
  public double[] multAddTransB_vector() {
    Kernels.multAddTransB(m, n, n, a, w, c);
    return c;
  }

  @Benchmark
  public double[] multAddTransB_float32() {
    Products.FLOAT32.multAddTransB(m, n, n, a, w, c);
    return c;
  }

  @Benchmark
  public double[] multAddTransB_float32kept() {
    Products.FLOAT32.multAddTransB(m, n, n, a, kept, c);
    return c;
  }

  // ---- c += a · w

  @Benchmark
  public double[] multAdd_plain() {
    PlainKernels.multAdd(m, n, n, a, w, c);
    return c;
  }

  @Benchmark
  public DMatrixRMaj multAdd_ejml() {
    CommonOps_DDRM.multAdd(am, wm, cm);
    return cm;
  }

  @Benchmark
  public double[] multAdd_vector() {
    Kernels.multAdd(m, n, n, a, w, c);
    return c;
  }

  @Benchmark
  public double[] multAdd_float32() {
    Products.FLOAT32.multAdd(m, n, n, a, w, c);
    return c;
  }

  @Benchmark
  public double[] multAdd_float32kept() {
    Products.FLOAT32.multAdd(m, n, n, a, kept, c);
    return c;
  }

  // ---- d += aᵀ · h

  @Benchmark
  public double[] multAddTransA_plain() {
    PlainKernels.multAddTransA(m, n, n, a, h, d);
    return d;
  }

  @Benchmark
  public DMatrixRMaj multAddTransA_ejml() {
    CommonOps_DDRM.multAddTransA(am, hm, dm);
    return dm;
  }

  @Benchmark
  public double[] multAddTransA_vector() {
    Kernels.multAddTransA(m, n, n, a, h, d);
    return d;
  }

  @Benchmark
  public double[] multAddTransA_float32() {
    Products.FLOAT32.multAddTransA(m, n, n, a, h, d);
    return d;
  }
}
