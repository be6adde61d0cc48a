package org.bpttlab.results.bench;

import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The processor's measured double-precision peak on one core: 12 independent chains of fused
 * multiply-adds on {@code DoubleVector.SPECIES_PREFERRED} registers (no memory traffic), enough
 * chains to cover the FMA latency on every FMA port. One op = one FMA lane = 2 flops, so GFLOP/s =
 * 2 / (ns per op). {@code scalar} does the same with {@code Math.fma} on doubles, for the scalar peak.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Thread)
public class PeakBenchmark {
  private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
  private static final int ITERATIONS = 1 << 16;
  private static final int CHAINS = 12;

  public double a = 1.0000001;
  public double b = 0.9999999;

  @Benchmark
  @OperationsPerInvocation(ITERATIONS * CHAINS * 8)
  public double vector() {
    if (SPECIES.length() != 8) {
      throw new IllegalStateException("the op count assumes 8 lanes, have " + SPECIES.length());
    }
    DoubleVector x = DoubleVector.broadcast(SPECIES, a);
    DoubleVector y = DoubleVector.broadcast(SPECIES, b);
    DoubleVector s0 = DoubleVector.zero(SPECIES);
    DoubleVector s1 = s0;
    DoubleVector s2 = s0;
    DoubleVector s3 = s0;
    DoubleVector s4 = s0;
    DoubleVector s5 = s0;
    DoubleVector s6 = s0;
    DoubleVector s7 = s0;
    DoubleVector s8 = s0;
    DoubleVector s9 = s0;
    DoubleVector s10 = s0;
    DoubleVector s11 = s0;
    for (int i = 0; i < ITERATIONS; i++) {
      s0 = x.fma(s0, y);
      s1 = x.fma(s1, y);
      s2 = x.fma(s2, y);
      s3 = x.fma(s3, y);
      s4 = x.fma(s4, y);
      s5 = x.fma(s5, y);
      s6 = x.fma(s6, y);
      s7 = x.fma(s7, y);
      s8 = x.fma(s8, y);
      s9 = x.fma(s9, y);
      s10 = x.fma(s10, y);
      s11 = x.fma(s11, y);
    }
    return s0.add(s1).add(s2).add(s3).add(s4).add(s5).add(s6).add(s7).add(s8).add(s9).add(s10)
        .add(s11).reduceLanes(VectorOperators.ADD);
  }

  @Benchmark
  @OperationsPerInvocation(ITERATIONS * CHAINS)
  public double scalar() {
    double x = a;
    double y = b;
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    double s4 = 0;
    double s5 = 0;
    double s6 = 0;
    double s7 = 0;
    double s8 = 0;
    double s9 = 0;
    double s10 = 0;
    double s11 = 0;
    for (int i = 0; i < ITERATIONS; i++) {
      s0 = Math.fma(x, s0, y);
      s1 = Math.fma(x, s1, y);
      s2 = Math.fma(x, s2, y);
      s3 = Math.fma(x, s3, y);
      s4 = Math.fma(x, s4, y);
      s5 = Math.fma(x, s5, y);
      s6 = Math.fma(x, s6, y);
      s7 = Math.fma(x, s7, y);
      s8 = Math.fma(x, s8, y);
      s9 = Math.fma(x, s9, y);
      s10 = Math.fma(x, s10, y);
      s11 = Math.fma(x, s11, y);
    }
    return s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7 + s8 + s9 + s10 + s11;
  }
}
