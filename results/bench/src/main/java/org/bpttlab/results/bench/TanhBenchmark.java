package org.bpttlab.results.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.bpttlab.kernels.Elementwise;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The nonlinearity of one forward step of the rate cell for batch 32, n = 128: 4096 values through
 * {@code Math.tanh} (what {@code RateCell.step} did first) and through {@link Elementwise#tanh} (the
 * deterministic vectorised tanh it uses now), to set beside the kernels' share of the step in {@link
 * BpttBenchmark}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Thread)
public class TanhBenchmark {
  private final double[] x = new double[32 * 128];
  private final double[] y = new double[32 * 128];

  @Setup
  public void setUp() {
    SplittableRandom rng = new SplittableRandom(5);
    for (int i = 0; i < x.length; i++) {
      x[i] = 4 * rng.nextDouble() - 2;
    }
  }

  @Benchmark
  public double[] elementwiseTanh4096() {
    Elementwise.tanh(x.length, x, y);
    return y;
  }

  @Benchmark
  public double[] tanh4096() {
    for (int i = 0; i < x.length; i++) {
      y[i] = Math.tanh(x[i]);
    }
    return y;
  }
}
