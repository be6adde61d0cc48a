package org.bpttlab.results.bench;

import java.util.concurrent.TimeUnit;
import org.bpttlab.core.LossKind;
import org.bpttlab.core.NetworkSpec;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.RateCellSpec;
import org.bpttlab.rules.LearningRule;
import org.bpttlab.results.perf.RulePass;
import org.bpttlab.rules.bptt.Bptt;
import org.bpttlab.rules.checkpoint.CheckpointedBptt;
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
 * Checkpointed BPTT against BPTT, time per step of a whole pass (forward, recomputation, backward):
 * the vanilla rate cell, n = 128, 32 inputs, 8 outputs, MSE, T = 1000, batch 1, for budgets of
 * M = 999 (every record: no recomputation), 100, 32, 10 and 3 records; {@code budget = -1} is plain
 * BPTT on the full trajectory.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Thread)
public class CheckpointedBenchmark {
  static final int STEPS = 1000;

  @Param({"-1", "999", "100", "32", "10", "3"})
  public int budget;

  private RulePass pass;

  @Setup(Level.Trial)
  public void setUp() {
    LearningRule rule = budget < 0 ? new Bptt() : new CheckpointedBptt(budget);
    pass = new RulePass(NetworkSpec.of(32, RateCellSpec.vanilla(128), 8, LossKind.MSE), rule, 1,
        STEPS);
  }

  @Benchmark
  @OperationsPerInvocation(STEPS)
  public Parameters pass() {
    return pass.run();
  }
}
