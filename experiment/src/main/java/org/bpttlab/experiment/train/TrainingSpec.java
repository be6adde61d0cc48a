package org.bpttlab.experiment.train;

import java.util.HashSet;
import java.util.List;
import org.bpttlab.core.NetworkSpec;
import org.bpttlab.core.ParameterShape;
import org.bpttlab.core.net.Network;
import org.bpttlab.rules.RuleSpec;
import org.bpttlab.rules.Rules;
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
 * @param frozen parameter groups the optimizer leaves at their initial values (e.g. {@code b} and
 *     {@code b_out}, which start at 0: a network without biases; {@code W_in} for a learning rate
 *     of 0 there); every rule still computes their gradients, and the alignment measures them
 * @param heldOut which held-out batches score the trained network: validation
 *     ({@code seeds.derive("eval", k)}) or test ({@code seeds.derive("test", k)}); {@link HeldOut}
 * @param alignWith rules (specs) whose gradients are computed passively on the measured iterations
 *     beside the rule's, on the same steps, for the rule × rule alignment matrix
 *     ({@link org.bpttlab.experiment.align.UpdateAlignment}); empty: none
 */
public record TrainingSpec(
    NetworkSpec network,
    OptimizerSpec optimizer,
    long seed,
    int iterations,
    int batchSize,
    int evalEvery,
    int evalBatches,
    int alignEvery,
    List<String> frozen,
    HeldOut heldOut,
    List<String> alignWith) {

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
    if (heldOut == null) {
      throw new IllegalArgumentException("heldOut must be given (validation or test)");
    }
    if (frozen == null) {
      throw new IllegalArgumentException("frozen must be given (empty: every group learns)");
    }
    frozen = List.copyOf(frozen);
    List<String> groups = new Network(network).parameterShapes().stream()
        .map(ParameterShape::name).toList();
    for (String g : frozen) {
      if (!groups.contains(g)) {
        throw new IllegalArgumentException("frozen must name the network's parameter groups ("
            + String.join(", ", groups) + "), was \"" + g + "\"");
      }
    }
    if (new HashSet<>(frozen).size() != frozen.size()) {
      throw new IllegalArgumentException("frozen names a group twice: " + frozen);
    }
    if (alignWith == null) {
      throw new IllegalArgumentException("alignWith must be given (empty: no comparison rules)");
    }
    alignWith = List.copyOf(alignWith);
    for (String r : alignWith) {
      try {
        Rules.create(RuleSpec.parse(r));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("align_with: " + e.getMessage(), e);
      }
    }
    if (!alignWith.isEmpty() && alignEvery == 0) {
      throw new IllegalArgumentException(
          "align_with needs alignment measured (align_every > 0), was 0");
    }
  }

  /** A spec without comparison rules. */
  public TrainingSpec(NetworkSpec network, OptimizerSpec optimizer, long seed, int iterations,
      int batchSize, int evalEvery, int evalBatches, int alignEvery, List<String> frozen,
      HeldOut heldOut) {
    this(network, optimizer, seed, iterations, batchSize, evalEvery, evalBatches, alignEvery,
        frozen, heldOut, List.of());
  }

  /** A spec scored on the validation batches. */
  public TrainingSpec(NetworkSpec network, OptimizerSpec optimizer, long seed, int iterations,
      int batchSize, int evalEvery, int evalBatches, int alignEvery, List<String> frozen) {
    this(network, optimizer, seed, iterations, batchSize, evalEvery, evalBatches, alignEvery,
        frozen, HeldOut.VALIDATION);
  }

  /** A spec in which every group learns. */
  public TrainingSpec(NetworkSpec network, OptimizerSpec optimizer, long seed, int iterations,
      int batchSize, int evalEvery, int evalBatches, int alignEvery) {
    this(network, optimizer, seed, iterations, batchSize, evalEvery, evalBatches, alignEvery,
        List.of());
  }

  /** A spec without alignment. */
  public TrainingSpec(NetworkSpec network, OptimizerSpec optimizer, long seed, int iterations,
      int batchSize, int evalEvery, int evalBatches) {
    this(network, optimizer, seed, iterations, batchSize, evalEvery, evalBatches, 0);
  }

  /** Held-out batches covering at least {@code sequences} sequences at this batch size. */
  public static int evalBatchesFor(int sequences, int batchSize) {
    return (int) ((sequences + (long) batchSize - 1) / batchSize);
  }

  public TrainingSpec withIterations(int n) {
    return new TrainingSpec(network, optimizer, seed, n, batchSize, evalEvery, evalBatches,
        alignEvery, frozen, heldOut, alignWith);
  }

  public TrainingSpec withNetwork(NetworkSpec n) {
    return new TrainingSpec(n, optimizer, seed, iterations, batchSize, evalEvery, evalBatches,
        alignEvery, frozen, heldOut, alignWith);
  }

  public TrainingSpec withSeed(long s) {
    return new TrainingSpec(network, optimizer, s, iterations, batchSize, evalEvery, evalBatches,
        alignEvery, frozen, heldOut, alignWith);
  }

  public TrainingSpec withAlignEvery(int k) {
    return new TrainingSpec(network, optimizer, seed, iterations, batchSize, evalEvery, evalBatches,
        k, frozen, heldOut, alignWith);
  }

  /** A copy in which the optimizer leaves {@code groups} at their initial values. */
  public TrainingSpec withFrozen(List<String> groups) {
    return new TrainingSpec(network, optimizer, seed, iterations, batchSize, evalEvery, evalBatches,
        alignEvery, groups, heldOut, alignWith);
  }

  /** A copy scored on the held-out batches {@code h}. */
  public TrainingSpec withHeldOut(HeldOut h) {
    return new TrainingSpec(network, optimizer, seed, iterations, batchSize, evalEvery, evalBatches,
        alignEvery, frozen, h, alignWith);
  }

  /** A copy whose measured iterations also compute the gradients of {@code rules}. */
  public TrainingSpec withAlignWith(List<String> rules) {
    return new TrainingSpec(network, optimizer, seed, iterations, batchSize, evalEvery, evalBatches,
        alignEvery, frozen, heldOut, rules);
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
