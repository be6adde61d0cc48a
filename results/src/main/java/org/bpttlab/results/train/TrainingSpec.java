package org.bpttlab.results.train;

import org.bpttlab.core.NetworkSpec;
import org.bpttlab.rules.optim.OptimizerSpec;

/**
 * How a network is trained on a task, whatever the learning rule: every rule starts from the same
 * initial parameters ({@code network.initialize(new Seeds(seed))}) and sees the same batches
 * (iteration i, 1-based, trains on {@code task.sample(batchSize, seeds.derive("task", i))}).
 *
 * @param network the network, built for the task (its inputs, outputs and loss)
 * @param optimizer the optimizer, with its clipping
 * @param seed the run seed
 * @param iterations number of updates, &gt; 0
 * @param batchSize sequences per batch, &gt; 0
 * @param evalEvery a metrics row is recorded every this many iterations (and at the last), &gt; 0
 * @param evalBatches held-out batches ({@code seeds.derive("eval", k)}, k = 0..evalBatches-1, each of
 *     {@code batchSize} sequences) on which the trained network is scored, ≥ 0
 * @param alignEvery the rule's gradient is measured against BPTT's every this many iterations (and
 *     at the last), ≥ 0; 0: never
 */
public record TrainingSpec(
    NetworkSpec network,
    OptimizerSpec optimizer,
    long seed,
    int iterations,
    int batchSize,
    int evalEvery,
    int evalBatches,
    int alignEvery) {

  public TrainingSpec {
    if (network == null || optimizer == null) {
      throw new IllegalArgumentException("network and optimizer must be given");
    }
    if (iterations <= 0) {
      throw new IllegalArgumentException("iterations must be > 0, was " + iterations);
    }
    if (batchSize <= 0) {
      throw new IllegalArgumentException("batchSize must be > 0, was " + batchSize);
    }
    if (evalEvery <= 0) {
      throw new IllegalArgumentException("evalEvery must be > 0, was " + evalEvery);
    }
    if (evalBatches < 0) {
      throw new IllegalArgumentException("evalBatches must be >= 0, was " + evalBatches);
    }
    if (alignEvery < 0) {
      throw new IllegalArgumentException("alignEvery must be >= 0, was " + alignEvery);
    }
  }

  /** A spec without alignment. */
  public TrainingSpec(NetworkSpec network, OptimizerSpec optimizer, long seed, int iterations,
      int batchSize, int evalEvery, int evalBatches) {
    this(network, optimizer, seed, iterations, batchSize, evalEvery, evalBatches, 0);
  }

  /** Held-out batches covering at least {@code sequences} sequences at this batch size. */
  public static int evalBatchesFor(int sequences, int batchSize) {
    return (sequences + batchSize - 1) / batchSize;
  }

  public TrainingSpec withIterations(int n) {
    return new TrainingSpec(network, optimizer, seed, n, batchSize, evalEvery, evalBatches,
        alignEvery);
  }

  public TrainingSpec withNetwork(NetworkSpec n) {
    return new TrainingSpec(n, optimizer, seed, iterations, batchSize, evalEvery, evalBatches,
        alignEvery);
  }

  public TrainingSpec withSeed(long s) {
    return new TrainingSpec(network, optimizer, s, iterations, batchSize, evalEvery, evalBatches,
        alignEvery);
  }

  public TrainingSpec withAlignEvery(int k) {
    return new TrainingSpec(network, optimizer, seed, iterations, batchSize, evalEvery, evalBatches,
        k);
  }

  /** Number of metrics rows a rule's run records. */
  public int rowCount() {
    return iterations / evalEvery + (iterations % evalEvery == 0 ? 0 : 1);
  }

  /** True if iteration i (1-based) records a metrics row. */
  public boolean recordsAt(int i) {
    return i % evalEvery == 0 || i == iterations;
  }

  /** True if iteration i (1-based) measures the alignment with BPTT. */
  public boolean alignsAt(int i) {
    return alignEvery > 0 && (i % alignEvery == 0 || i == iterations);
  }
}
