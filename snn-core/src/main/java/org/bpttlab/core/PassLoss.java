package org.bpttlab.core;

import java.util.Arrays;

/**
 * The loss of one forward pass, as the network accumulates it step by step: each step's term of
 * the masked task loss, each sequence's share of it, and the firing-rate regulariser (its running
 * spike counts, its value and its gradient). A {@link Trajectory} holds one beside the steps it
 * records; the rules read the regulariser's gradient and the totals from it.
 */
public final class PassLoss {
  private final int steps;
  private final double[] stepLoss;
  private final double[] sequenceLoss;
  private final double[] spikeCount;
  private final double[] rateGradient;
  private double regularizer;

  /** The loss of passes of {@code steps} steps over {@code batchSize} sequences of n neurons. */
  PassLoss(int steps, int batchSize, int hidden) {
    this.steps = steps;
    stepLoss = new double[steps + 1];
    sequenceLoss = new double[batchSize];
    spikeCount = new double[hidden];
    rateGradient = new double[hidden];
  }

  /** A new sequence begins (step 1): the running counts and shares start from zero. */
  void startSequence() {
    Arrays.fill(spikeCount, 0.0);
    Arrays.fill(sequenceLoss, 0.0);
  }

  /** The loss's step-t term (t = 1..T). */
  public double step(int t) {
    return stepLoss[t];
  }

  /** Sets the loss's step-t term. */
  public void setStep(int t, double value) {
    stepLoss[t] = value;
  }

  /**
   * Each sequence's share of the task loss over the steps so far, per sequence b (length B):
   * Σ_t (1/B) m_t[b] ℓ(y_t[b], y*_t[b]), so the shares sum to {@link #task()}.
   */
  public double[] sequenceShares() {
    return sequenceLoss;
  }

  /**
   * Σ_{t,b} o_t[b][j] over the steps so far, per neuron (length n): the firing-rate regulariser's
   * running count.
   */
  public double[] spikeCount() {
    return spikeCount;
  }

  /**
   * The firing-rate regulariser's gradient with respect to each output z_t[b][j], the same for every
   * t and b (length n; zeros when the regulariser is off).
   */
  public double[] rateGradient() {
    return rateGradient;
  }

  /** The firing-rate regulariser's value (0 when it is off). */
  public double regularizer() {
    return regularizer;
  }

  public void setRegularizer(double value) {
    regularizer = value;
  }

  /** The total loss: the masked task loss summed over steps, plus the regulariser. */
  public double total() {
    double sum = 0;
    for (int t = 1; t <= steps; t++) {
      sum += stepLoss[t];
    }
    return sum + regularizer;
  }

  /** The task loss alone (without the regulariser). */
  public double task() {
    return total() - regularizer;
  }
}
