package org.bpttlab.results.bench;

import java.util.concurrent.TimeUnit;
import org.bpttlab.core.CellSpec;
import org.bpttlab.core.LossKind;
import org.bpttlab.core.NetworkSpec;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.SpikingCellSpec;
import org.bpttlab.rules.LearningRule;
import org.bpttlab.rules.eprop.EProp;
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
 * Symmetric e-prop's time per step against the forward step alone: LIF and ALIF cells
 * ({@link SpikingCellSpec#lif} defaults, leaky readout τ_out = 20 ms), n = 128 and 512, 32 inputs,
 * 8 outputs, MSE, batch 1 and 32, sequences of 200 steps on a two-step trajectory. {@code forward}
 * runs the network alone (the same trajectory, no session); {@code eprop} the network with e-prop
 * observing, then its gradient.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Thread)
public class EPropBenchmark {
  static final int STEPS = 200;

  @Param({"lif", "alif"})
  public String cell;

  @Param({"128", "512"})
  public int hidden;

  @Param({"1", "32"})
  public int batch;

  private ExactFamilyBenchmark.Pass pass;

  @Setup(Level.Trial)
  public void setUp() {
    CellSpec c = "lif".equals(cell) ? SpikingCellSpec.lif(hidden) : SpikingCellSpec.alif(hidden);
    LearningRule rule = EProp.symmetric();
    pass = new ExactFamilyBenchmark.Pass(NetworkSpec.of(32, c, 8, LossKind.MSE), rule, batch,
        STEPS);
  }

  @Benchmark
  @OperationsPerInvocation(STEPS)
  public Parameters eprop() {
    return pass.run();
  }

  @Benchmark
  @OperationsPerInvocation(STEPS)
  public double forward() {
    return pass.net.forward(pass.params, pass.trajectory);
  }
}
