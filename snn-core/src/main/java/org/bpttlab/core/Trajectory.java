package org.bpttlab.core;

/**
 * The recorded forward pass of a network over one batch: for t = 0..T the cell's state, output and
 * auxiliary quantities, the readout y_t, and for t = 1..T the direct loss gradient ∂L/∂y_t and the
 * step's loss (index 0 is the zero initial state). Filled by the network's forward pass; read by the
 * learning rules. Layouts are those of {@link Cell}. Reusable: {@link #rebind} points it at another
 * batch of the same shape, so training allocates it once.
 */
public final class Trajectory {
  private final int batchSize;
  private final int steps;
  private final int hidden;
  private final int outputs;
  private final double[][] state;
  private final double[][] output;
  private final double[][] aux;
  private final double[][] readout;
  private final double[][] lossGradient;
  private final double[] stepLoss;
  private final double[] rateGradient;
  private double regularizerLoss;
  private Batch batch;

  /**
   * Allocates the record of a forward pass of {@code cell} with {@code outputs} readout units over
   * batches shaped like {@code batch}.
   */
  public Trajectory(Cell cell, int outputs, Batch batch) {
    this.batchSize = batch.size();
    this.steps = batch.steps();
    this.hidden = cell.hidden();
    this.outputs = outputs;
    if (batch.inputs() != cell.inputs()) {
      throw new IllegalArgumentException(
          "batch has " + batch.inputs() + " inputs, the network " + cell.inputs());
    }
    if (batch.outputs() != outputs) {
      throw new IllegalArgumentException(
          "batch has " + batch.outputs() + " outputs, the network " + outputs);
    }
    this.batch = batch;
    state = new double[steps + 1][batchSize * cell.stateSize()];
    output = cell.outputIsState() ? state : new double[steps + 1][batchSize * hidden];
    aux = new double[steps + 1][batchSize * cell.auxSize()];
    readout = new double[steps + 1][batchSize * outputs];
    lossGradient = new double[steps + 1][batchSize * outputs];
    stepLoss = new double[steps + 1];
    rateGradient = new double[hidden];
  }

  /** Points this trajectory at another batch of the same shape (its contents become stale). */
  public void rebind(Batch other) {
    if (other.size() != batchSize || other.steps() != steps
        || other.inputs() != batch.inputs() || other.outputs() != outputs) {
      throw new IllegalArgumentException("batch shape differs from the trajectory's");
    }
    this.batch = other;
  }

  public Batch batch() {
    return batch;
  }

  /** B. */
  public int batchSize() {
    return batchSize;
  }

  /** T. */
  public int steps() {
    return steps;
  }

  /** n. */
  public int hidden() {
    return hidden;
  }

  /** n_out. */
  public int outputs() {
    return outputs;
  }

  /** The B×n_in input of step t (1..T). */
  public double[] input(int t) {
    return batch.input(t);
  }

  /** The state s_t (t = 0..T), B·S, component-major. */
  public double[] state(int t) {
    return state[t];
  }

  /** The output o_t (t = 0..T), B×n. */
  public double[] output(int t) {
    return output[t];
  }

  /** The cell's recorded auxiliary quantities of step t (t = 0..T). */
  public double[] aux(int t) {
    return aux[t];
  }

  /** The readout y_t (t = 0..T), B×n_out. */
  public double[] readout(int t) {
    return readout[t];
  }

  /** The direct gradient ∂L/∂y_t of the loss's step-t term (t = 1..T), B×n_out. */
  public double[] lossGradient(int t) {
    return lossGradient[t];
  }

  /** The loss's step-t term (t = 1..T). */
  public double stepLoss(int t) {
    return stepLoss[t];
  }

  /** Sets the loss's step-t term. */
  public void setStepLoss(int t, double value) {
    stepLoss[t] = value;
  }

  /**
   * The firing-rate regulariser's gradient with respect to each output z_t[b][j], the same for every
   * t and b (length n; zeros when the regulariser is off).
   */
  public double[] rateGradient() {
    return rateGradient;
  }

  public double regularizerLoss() {
    return regularizerLoss;
  }

  public void setRegularizerLoss(double value) {
    regularizerLoss = value;
  }

  /** The total loss: the masked task loss summed over steps, plus the regulariser. */
  public double loss() {
    double sum = 0;
    for (int t = 1; t <= steps; t++) {
      sum += stepLoss[t];
    }
    return sum + regularizerLoss;
  }

  /** The task loss alone (without the regulariser). */
  public double taskLoss() {
    return loss() - regularizerLoss;
  }
}
