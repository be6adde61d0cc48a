package org.bpttlab.rules;

/**
 * What a session cost on its last sequence (issue 3, item 4), written to metrics beside the loss.
 *
 * <p>Memory: the most doubles the rule held at once — its own buffers (traces, influence matrices,
 * checkpoints, recomputation windows) plus the steps of the shared trajectory it needs kept
 * ({@link Session#window()} slots of {@link org.bpttlab.core.Trajectory#doublesPerSlot()}), so BPTT
 * counts the whole trajectory and an online rule two steps of it.
 *
 * <p>Work: floating-point operations the rule adds to the network's forward pass, per time step,
 * averaged over the sequence and counted from the operations it performs (2 per multiply-add of the
 * products, 1 per elementwise operation; dense counts, spike sparsity not subtracted). Recomputed
 * forward steps (checkpointed BPTT) count in full.
 *
 * @param peakStoredDoubles ≥ 0
 * @param flopsPerStep ≥ 0
 */
public record RuleCost(long peakStoredDoubles, double flopsPerStep) {
  public RuleCost {
    if (peakStoredDoubles < 0 || !(flopsPerStep >= 0)) {
      throw new IllegalArgumentException(
          "cost must be >= 0, was " + peakStoredDoubles + " doubles, " + flopsPerStep + " flops");
    }
  }
}
