package org.bpttlab.results.bench;

import java.util.concurrent.TimeUnit;
import org.bpttlab.core.Parameters;
import org.bpttlab.rules.rtrl.Rtrl;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * RTRL's time per step (forward step included): n = 16, 32, 64 neurons, 8 inputs, 2 outputs, MSE,
 * batch 1, a sequence of 50 steps per invocation, on a two-step trajectory; rate (vanilla) and LIF
 * cells. The cost is O(S²·P) per step, S = n and P = n(n + 8) (+ n biases for the rate cell).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Thread)
public class RtrlBenchmark {
  static final int STEPS = 50;

  @Param({"16", "32", "64"})
  public int hidden;

  @Param({"rate", "lif"})
  public String cell;

  private ExactFamilyBenchmark.Pass pass;

  @Setup(Level.Trial)
  public void setUp() {
    pass = new ExactFamilyBenchmark.Pass(
        ExactFamilyBenchmark.spec(cell, hidden, 8, 2), new Rtrl(0), 1, STEPS);
  }

  @Benchmark
  @OperationsPerInvocation(STEPS)
  public Parameters rtrlStep() {
    return pass.run();
  }
}
