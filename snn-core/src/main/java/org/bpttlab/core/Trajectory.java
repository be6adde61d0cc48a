package org.bpttlab.core;

import java.util.Arrays;

/**
 * The recorded forward pass of a network over one batch: for t = 0..T the cell's state, output and
 * auxiliary quantities, the readout y_t, and for t = 1..T the direct loss gradient ∂L/∂y_t
 * (index 0 is the zero initial state), with the {@link PassLoss loss} of the pass. Filled by the
 * network's forward pass; read by the learning rules. Layouts are those of {@link Cell}. Reusable: {@link #rebind} points it at another
 * batch of the same shape, so training allocates it once.
 *
 * <p>A trajectory either holds every step (the default, what BPTT needs) or only a window of the
 * last {@code slots} steps (step t lives in slot t mod slots), so that online rules run in memory
 * that does not grow with T. Reading a step that has left the window, or that lies ahead of the last
 * step {@link #advance advanced} to, throws.
 *
 * <p>Step 0 is the cell's initial state ({@link CellSpec#initialState()}, zero unless a rate cell
 * starts elsewhere) unless the trajectory {@link #carryOver carries over} from the
 * sequence it held before (online training on one stream cut into chunks): then step 0 of each
 * following sequence is the last step of that one.
 */
public final class Trajectory {
  private final int batchSize;
  private final int steps;
  private final int hidden;
  private final int outputs;
  private final int slots;
  private final double[][] state;
  private final double[][] output;
  private final double[][] aux;
  private final double[][] readout;
  private final double[][] lossGradient;
  private final PassLoss loss;
  /** Every component of s_0 (and o_0 when the output is the state) when nothing is carried. */
  private final double initialState;
  private Perturbation perturbation;
  private int latest;
  private Batch batch;
  /** Step 0 of the sequences now (state, output unless the state, aux, readout), or null. */
  private double[] carried;
  /** The last step set aside by {@link #carryOver} for the next batch, or null. */
  private double[] pending;
  private boolean carrying;
  private boolean carryPending;

  /**
   * Allocates the record of a forward pass of {@code cell} with {@code outputs} readout units over
   * batches shaped like {@code batch}.
   */
  public Trajectory(Cell cell, int outputs, Batch batch) {
    this(cell, outputs, batch, batch.steps() + 1);
  }

  /**
   * Allocates a record of the last {@code slots} steps only (2 ≤ slots; at least T + 1 means every
   * step).
   */
  public Trajectory(Cell cell, int outputs, Batch batch, int slots) {
    if (slots < 2) {
      throw new IllegalArgumentException("a trajectory needs at least 2 slots, was " + slots);
    }
    this.slots = Math.min(slots, batch.steps() + 1);
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
    this.initialState = cell.spec().initialState();
    int k = this.slots;
    state = new double[k][batchSize * cell.stateSize()];
    output = cell.outputIsState() ? state : new double[k][batchSize * hidden];
    aux = new double[k][batchSize * cell.auxSize()];
    readout = new double[k][batchSize * outputs];
    lossGradient = new double[k][batchSize * outputs];
    loss = new PassLoss(steps, batchSize, hidden);
    latest = steps;
  }

  /** The number of steps held (T + 1 when the trajectory holds every step). */
  public int slots() {
    return slots;
  }

  /** True if every step t = 0..T is held. */
  public boolean complete() {
    return slots == steps + 1;
  }

  /**
   * Doubles stored per held step (state, output unless it is the state, aux, readout, loss
   * gradient), for memory accounting.
   */
  public long doublesPerSlot() {
    long d = state[0].length + aux[0].length + readout[0].length + lossGradient[0].length;
    return output == state ? d : d + output[0].length;
  }

  /**
   * Step t (1..T) is about to be computed: it becomes the newest step of the window, and t − slots
   * leaves it. Step 1 also clears the initial state (slot of step 0) and restarts the
   * {@link #loss() loss}'s running sums, so a window can be reused for another sequence.
   */
  public void advance(int t) {
    if (t < 1 || t > steps) {
      throw new IllegalArgumentException("step must be in 1.." + steps + ", was " + t);
    }
    if (t == 1) {
      if (carrying) {
        int at = copyIn(carried, 0, state[0]);
        if (output != state) {
          at = copyIn(carried, at, output[0]);
        }
        at = copyIn(carried, at, aux[0]);
        copyIn(carried, at, readout[0]);
      } else {
        Arrays.fill(state[0], initialState);
        if (output != state) {
          Arrays.fill(output[0], 0.0);
        }
        Arrays.fill(aux[0], 0.0);
        Arrays.fill(readout[0], 0.0);
      }
      loss.startSequence();
    }
    latest = t;
  }

  /**
   * The next batch continues the sequence held now: its last step T (state, output, aux and readout)
   * is set aside at once, and from the next {@link #rebind} on it is step 0 of every sequence
   * computed, instead of zeros, until {@link #startAfresh} — however often that batch is run (a
   * recomputation of it starts from the same state). Call it after the last step of a sequence; the
   * next batch then continues this one's streams, sequence b from sequence b. The losses, spike
   * counts and the regulariser start afresh with each sequence.
   */
  public void carryOver() {
    int i = slot(steps);
    if (pending == null) {
      int size = (int) doublesPerSlot() - lossGradient[0].length;
      pending = new double[size];
      carried = new double[size];
    }
    int at = copyOut(state[i], pending, 0);
    if (output != state) {
      at = copyOut(output[i], pending, at);
    }
    at = copyOut(aux[i], pending, at);
    copyOut(readout[i], pending, at);
    carryPending = true;
  }

  /** Step 0 of the following sequences is the initial state again (undoes {@link #carryOver}). */
  public void startAfresh() {
    carrying = false;
    carryPending = false;
  }

  /**
   * True if step 0 is the last step of the sequence before ({@link #carryOver}, then
   * {@link #rebind}): a session that
   * carries its traces across sequences (online RTRL, e-prop, RFLO) keeps them then.
   */
  public boolean continuesPrevious() {
    return carrying;
  }

  /**
   * Copies everything held for step t (state, output unless it is the state, aux, readout, loss
   * gradient) into {@code record}, {@link #doublesPerSlot()} doubles: a checkpoint from which the
   * forward pass can resume and from which step t can be backpropagated.
   *
   * @param record Modified (overwritten)
   */
  public void saveStep(int t, double[] record) {
    int i = slot(t);
    int at = copyOut(state[i], record, 0);
    if (output != state) {
      at = copyOut(output[i], record, at);
    }
    at = copyOut(aux[i], record, at);
    at = copyOut(readout[i], record, at);
    copyOut(lossGradient[i], record, at);
  }

  /**
   * Makes step t the newest step held, with the contents of a {@link #saveStep} record (the steps
   * before it stay held as far as the window reaches).
   *
   * @param record Not modified
   */
  public void loadStep(int t, double[] record) {
    if (t < 0 || t > steps) {
      throw new IllegalArgumentException("step must be in 0.." + steps + ", was " + t);
    }
    latest = t;
    int i = slot(t);
    int at = copyIn(record, 0, state[i]);
    if (output != state) {
      at = copyIn(record, at, output[i]);
    }
    at = copyIn(record, at, aux[i]);
    at = copyIn(record, at, readout[i]);
    copyIn(record, at, lossGradient[i]);
  }

  private static int copyOut(double[] from, double[] record, int at) {
    System.arraycopy(from, 0, record, at, from.length);
    return at + from.length;
  }

  private static int copyIn(double[] record, int at, double[] to) {
    System.arraycopy(record, at, to, 0, to.length);
    return at + to.length;
  }

  private int slot(int t) {
    if (t > latest || t < latest - slots + 1 || t < 0) {
      throw new IllegalStateException(
          "step " + t + " is not held (window " + Math.max(0, latest - slots + 1) + ".." + latest
              + " of " + slots + " slots)");
    }
    // a whole-sequence trajectory holds step t in slot t: no division on every access
    return t < slots ? t : t % slots;
  }

  /**
   * Points this trajectory at another batch of the same shape (its contents become stale); after a
   * {@link #carryOver}, that batch continues the sequence carried over.
   */
  public void rebind(Batch other) {
    if (other.size() != batchSize || other.steps() != steps
        || other.inputs() != batch.inputs() || other.outputs() != outputs) {
      throw new IllegalArgumentException("batch shape differs from the trajectory's");
    }
    this.batch = other;
    this.latest = steps;
    if (carryPending) {
      double[] swap = carried;
      carried = pending;
      pending = swap;
      carrying = true;
      carryPending = false;
    }
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
    return state[slot(t)];
  }

  /** The output o_t (t = 0..T), B×n. */
  public double[] output(int t) {
    return output[slot(t)];
  }

  /** The cell's recorded auxiliary quantities of step t (t = 0..T). */
  public double[] aux(int t) {
    return aux[slot(t)];
  }

  /** The readout y_t (t = 0..T), B×n_out. */
  public double[] readout(int t) {
    return readout[slot(t)];
  }

  /** The direct gradient ∂L/∂y_t of the loss's step-t term (t = 1..T), B×n_out. */
  public double[] lossGradient(int t) {
    return lossGradient[slot(t)];
  }

  /** The perturbation of the input currents the cells apply, or null for none. */
  public Perturbation perturbation() {
    return perturbation;
  }

  /** Sets (or, with null, removes) the perturbation of the input currents. */
  public void setPerturbation(Perturbation p) {
    perturbation = p;
  }

  /** The loss of the pass: its step terms, sequence shares and the regulariser. */
  public PassLoss loss() {
    return loss;
  }
}
