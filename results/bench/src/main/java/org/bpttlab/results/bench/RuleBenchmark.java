package org.bpttlab.results.bench;

import java.util.concurrent.TimeUnit;
import org.bpttlab.core.CellSpec;
import org.bpttlab.core.LossKind;
import org.bpttlab.core.NetworkSpec;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.RateCellSpec;
import org.bpttlab.core.SpikingCellSpec;
import org.bpttlab.results.perf.RulePass;
import org.bpttlab.rules.RuleSpec;
import org.bpttlab.rules.Rules;
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
 * Every rule × cell per time step: {@code pass} = one sequence of T = 1000 steps with the rule's
 * session observing (online gradients taken and dropped), then its gradient ({@link RulePass});
 * {@code forward} = the network alone on the same trajectory. 32 inputs, 8 outputs, MSE, Gaussian
 * inputs and targets, each cell's defaults ({@link RateCellSpec#vanilla}, {@link SpikingCellSpec#lif},
 * {@link SpikingCellSpec#alif}: leaky readout τ_out = 20 ms). The rule is any {@code RuleSpec} text,
 * so {@code -p rule=rtrl:online=1} or {@code -p rule=checkpointed:budget=10} time options too. A rule
 * that refuses the cell (rflo on a spiking cell) fails its setup: choose the combinations with
 * {@code -p}. Run with {@code -prof gc} for the bytes allocated per step.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Thread)
public class RuleBenchmark {
  static final int STEPS = 1000;

  @Param({"bptt", "eprop", "eprop:deferred=true", "tbptt", "checkpointed", "readout-only"})
  public String rule;

  @Param({"rate", "lif", "alif"})
  public String cell;

  @Param({"32", "128", "512"})
  public int hidden;

  @Param({"1", "32"})
  public int batch;

  private RulePass pass;

  @Setup(Level.Trial)
  public void setUp() {
    CellSpec c = switch (cell) {
      case "rate" -> RateCellSpec.vanilla(hidden);
      case "lif" -> SpikingCellSpec.lif(hidden);
      case "alif" -> SpikingCellSpec.alif(hidden);
      default -> throw new IllegalArgumentException("cell: rate, lif or alif, was " + cell);
    };
    pass = new RulePass(NetworkSpec.of(32, c, 8, LossKind.MSE),
        Rules.create(RuleSpec.parse(rule)), batch, STEPS);
  }

  @Benchmark
  @OperationsPerInvocation(STEPS)
  public Parameters pass() {
    return pass.run();
  }

  @Benchmark
  @OperationsPerInvocation(STEPS)
  public double forward() {
    return pass.forward();
  }
}
