package org.bpttlab.core;

import org.bpttlab.kernels.Products;

/**
 * A whole differentiable model: inputs, cell, readout, loss and regulariser, and how its parameters
 * are initialised. "Exact" always means exact for the computational graph this spec declares.
 *
 * @param inputs n_in, &gt; 0
 * @param cell the recurrent cell
 * @param outputs n_out, &gt; 0
 * @param readout the readout
 * @param loss the per-step loss
 * @param regularizer the firing-rate regulariser (spiking cells only; must be off for rate cells)
 * @param init the initialisation
 * @param products the arithmetic of the cell's matrix products ({@link Products#FLOAT64}, the
 *     default, for which every exactness contract holds; {@link Products#FLOAT32} for speed)
 */
public record NetworkSpec(
    int inputs,
    CellSpec cell,
    int outputs,
    ReadoutSpec readout,
    LossKind loss,
    RateRegularizerSpec regularizer,
    InitSpec init,
    Products products) {

  public NetworkSpec {
    if (inputs <= 0) {
      throw new IllegalArgumentException("inputs must be > 0, was " + inputs);
    }
    if (cell == null) {
      throw new IllegalArgumentException("cell must be given");
    }
    if (outputs <= 0) {
      throw new IllegalArgumentException("outputs must be > 0, was " + outputs);
    }
    if (loss == LossKind.CROSS_ENTROPY && outputs < 2) {
      throw new IllegalArgumentException("outputs must be >= 2 for the softmax cross-entropy"
          + " (a softmax over one class is 1 whatever the network), was " + outputs);
    }
    if (readout == null || loss == null || regularizer == null || init == null
        || products == null) {
      throw new IllegalArgumentException(
          "readout, loss, regularizer, init and products must be given");
    }
    if (regularizer.enabled() && !(cell instanceof SpikingCellSpec)) {
      throw new IllegalArgumentException("regularizer applies to spiking cells only (cell is rate)");
    }
  }

  /** A spec with double-precision products ({@link Products#FLOAT64}). */
  public NetworkSpec(int inputs, CellSpec cell, int outputs, ReadoutSpec readout, LossKind loss,
      RateRegularizerSpec regularizer, InitSpec init) {
    this(inputs, cell, outputs, readout, loss, regularizer, init, Products.FLOAT64);
  }

  /**
   * The usual network around a cell: a linear readout and orthogonal W_rec for rate cells; a leaky
   * readout with τ_out = 20 ms and Gaussian W_rec for spiking cells; no regulariser.
   */
  public static NetworkSpec of(int inputs, CellSpec cell, int outputs, LossKind loss) {
    boolean spiking = cell instanceof SpikingCellSpec;
    double dt = spiking ? ((SpikingCellSpec) cell).dtMs() : 1.0;
    return new NetworkSpec(
        inputs,
        cell,
        outputs,
        spiking ? new ReadoutSpec(20, dt) : ReadoutSpec.linear(),
        loss,
        RateRegularizerSpec.off(),
        spiking ? InitSpec.gaussian() : InitSpec.orthogonal());
  }

  /** Number of hidden neurons. */
  public int hidden() {
    return cell.hidden();
  }

  public NetworkSpec withCell(CellSpec c) {
    return new NetworkSpec(inputs, c, outputs, readout, loss, regularizer, init, products);
  }

  public NetworkSpec withLoss(LossKind l) {
    return new NetworkSpec(inputs, cell, outputs, readout, l, regularizer, init, products);
  }

  public NetworkSpec withReadout(ReadoutSpec r) {
    return new NetworkSpec(inputs, cell, outputs, r, loss, regularizer, init, products);
  }

  public NetworkSpec withRegularizer(RateRegularizerSpec r) {
    return new NetworkSpec(inputs, cell, outputs, readout, loss, r, init, products);
  }

  public NetworkSpec withProducts(Products p) {
    return new NetworkSpec(inputs, cell, outputs, readout, loss, regularizer, init, p);
  }

  public NetworkSpec withInit(InitSpec i) {
    return new NetworkSpec(inputs, cell, outputs, readout, loss, regularizer, i, products);
  }
}
