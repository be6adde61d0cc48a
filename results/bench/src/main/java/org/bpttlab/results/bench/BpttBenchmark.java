package org.bpttlab.results.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bpttlab.core.Batch;
import org.bpttlab.core.LossKind;
import org.bpttlab.core.NetworkSpec;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.RateCellSpec;
import org.bpttlab.core.Seeds;
import org.bpttlab.core.Trajectory;
import org.bpttlab.kernels.ProductTeam;
import org.bpttlab.kernels.Products;
import org.bpttlab.core.net.Network;
import org.bpttlab.rules.SequenceRunner;
import org.bpttlab.rules.Session;
import org.bpttlab.rules.bptt.Bptt;
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
 * One BPTT pass of the vanilla rate cell (n = 32, 128 or 512 neurons, 32 inputs, 8 outputs, MSE,
 * T = 1000 steps) for a batch of 1 or 32 sequences of Gaussian inputs and targets — the model
 * {@code results/bench/scripts/pytorch_rnn.py} times in PyTorch, with double-precision products or
 * ({@code -p products=float32}) single-precision ones, on the benchmark's thread or ({@code -p
 * threads=2}) split over a {@link ProductTeam} of that many threads:
 *
 * <ul>
 *   <li>{@code forward}: {@code Network.forward} over the T steps;
 *   <li>{@code backward}: {@code Bptt.gradient} on the recorded trajectory (a new session per call,
 *       as the static method does);
 *   <li>{@code bptt}: the whole pass, {@code SequenceRunner.run} with a BPTT session observing and
 *       then the session's gradient (the session is reused: no allocation per pass).
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Thread)
public class BpttBenchmark {
  static final int INPUTS = 32;
  static final int OUTPUTS = 8;
  static final int STEPS = 1000;

  @Param({"1", "32"})
  public int batch;

  @Param({"32", "128", "512"})
  public int hidden;

  /** The arithmetic of the cell's products ({@code -p products=float32}: single precision). */
  @Param({"float64"})
  public String products;

  /** The threads of the network's products ({@code -p threads=2}: split over two). */
  @Param({"1"})
  public int threads;

  private ProductTeam team;
  private Network net;
  private Parameters params;
  private Parameters grad;
  private Trajectory trajectory;
  private Session session;
  private List<Session> sessions;

  @Setup(Level.Trial)
  public void setUp() {
    team = threads == 1 ? ProductTeam.solo() : new ProductTeam(threads);
    net = new Network(NetworkSpec.of(INPUTS, RateCellSpec.vanilla(hidden), OUTPUTS, LossKind.MSE)
        .withProducts(Products.ofConfigName(products)), team);
    params = net.initialize(new Seeds(1));
    grad = net.newParameters();
    Batch b = Batch.gaussian(batch, STEPS, INPUTS, OUTPUTS, false, new Seeds(2));
    trajectory = net.newTrajectory(b);
    session = new Bptt().begin(net, params, batch);
    sessions = List.of(session);
    net.forward(params, trajectory);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    team.close();
  }

  @Benchmark
  public double forward() {
    return net.forward(params, trajectory);
  }

  @Benchmark
  public Parameters backward() {
    Bptt.gradient(net, params, trajectory, grad);
    return grad;
  }

  @Benchmark
  public Parameters bptt() {
    SequenceRunner.run(net, params, trajectory, sessions);
    session.gradient(trajectory, grad);
    return grad;
  }
}
