package org.bpttlab.core.net;

import java.util.ArrayList;
import java.util.List;
import org.bpttlab.core.Batch;
import org.bpttlab.core.Cell;
import org.bpttlab.core.Loss;
import org.bpttlab.core.LossKind;
import org.bpttlab.core.NetworkSpec;
import org.bpttlab.core.ParameterShape;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.RateCellSpec;
import org.bpttlab.core.Seeds;
import org.bpttlab.core.SpikingCellSpec;
import org.bpttlab.core.Trajectory;
import org.bpttlab.core.cell.RateCell;
import org.bpttlab.core.cell.SpikingCell;
import org.bpttlab.core.init.Initializer;
import org.bpttlab.kernels.MatrixProducts;
import org.bpttlab.kernels.ProductTeam;
import org.bpttlab.core.loss.FiringRateRegularizer;
import org.bpttlab.core.loss.MeanSquaredError;
import org.bpttlab.core.loss.SoftmaxCrossEntropy;
import org.bpttlab.core.readout.LeakyReadout;

/**
 * A network built from a {@link NetworkSpec}: the cell, the readout, the loss (a sum over steps with a
 * mask, a mean over the batch) and the firing-rate regulariser. Stateless between calls: the state of a
 * forward pass lives in a {@link Trajectory}, the weights in {@link Parameters}. Parameter layout: the
 * cell's groups, then W_out and b_out.
 */
public final class Network {
  private final NetworkSpec spec;
  private final Cell cell;
  private final LeakyReadout readout;
  private final Loss loss;
  private final FiringRateRegularizer regularizer;
  private final List<ParameterShape> shapes;
  private final ProductTeam team;

  /** The network of {@code spec}, its products on the calling thread. */
  public Network(NetworkSpec spec) {
    this(spec, ProductTeam.solo());
  }

  /**
   * The network of {@code spec}, the rows of its cell's large matrix products split over
   * {@code team}'s threads: the same numbers, bit for bit, as on one thread. The team is the
   * caller's to close.
   */
  public Network(NetworkSpec spec, ProductTeam team) {
    this.spec = spec;
    this.team = team;
    MatrixProducts products = spec.products().on(team);
    if (spec.cell() instanceof RateCellSpec rate) {
      this.cell = new RateCell(rate, spec.inputs(), products);
    } else {
      this.cell = new SpikingCell((SpikingCellSpec) spec.cell(), spec.inputs(), products);
    }
    List<ParameterShape> all = new ArrayList<>(cell.parameterShapes());
    this.readout = new LeakyReadout(spec.readout(), spec.hidden(), spec.outputs(), all.size());
    all.addAll(readout.parameterShapes());
    this.shapes = List.copyOf(all);
    this.loss =
        spec.loss() == LossKind.MSE
            ? new MeanSquaredError(spec.outputs())
            : new SoftmaxCrossEntropy(spec.outputs());
    double dt = spec.cell() instanceof SpikingCellSpec s ? s.dtMs() : 1.0;
    this.regularizer = new FiringRateRegularizer(spec.regularizer(), dt);
  }

  public NetworkSpec spec() {
    return spec;
  }

  /**
   * The threads of this network's matrix products (a rule that builds a second network from this
   * one's spec gives it the same team).
   */
  public ProductTeam team() {
    return team;
  }

  public Cell cell() {
    return cell;
  }

  public LeakyReadout readout() {
    return readout;
  }

  /** The firing-rate regulariser (a no-op when the spec turns it off). */
  public FiringRateRegularizer regularizer() {
    return regularizer;
  }

  /** The parameter layout: cell groups, then W_out, b_out. */
  public List<ParameterShape> parameterShapes() {
    return shapes;
  }

  /** Zero parameters (or a zero gradient) of this network's layout. */
  public Parameters newParameters() {
    return new Parameters(shapes);
  }

  /** Parameters drawn from {@code seeds} as {@link org.bpttlab.core.InitSpec} documents. */
  public Parameters initialize(Seeds seeds) {
    Parameters p = newParameters();
    Initializer.initialize(spec, p, seeds);
    return p;
  }

  /**
   * The entries of W_rec that the spec's sparse connectivity leaves out for {@code seeds} (zero at
   * {@link #initialize} and kept at zero by training); empty for a dense W_rec.
   */
  public int[] maskedRecurrentEntries(Seeds seeds) {
    return Initializer.maskedRecurrentEntries(spec, seeds);
  }

  /** A trajectory to record forward passes over batches shaped like {@code batch}. */
  public Trajectory newTrajectory(Batch batch) {
    return new Trajectory(cell, spec.outputs(), batch);
  }

  /** A trajectory that holds only the last {@code slots} steps (see {@link Trajectory}). */
  public Trajectory newTrajectory(Batch batch, int slots) {
    return new Trajectory(cell, spec.outputs(), batch, slots);
  }

  /** Floating-point operations of one {@link #step} (cell and readout; the loss not counted). */
  public long stepFlops(int batch) {
    return cell.stepFlops(batch) + readout.stepFlops(batch);
  }

  /** Floating-point operations of one step of BPTT's backward pass (readout and cell). */
  public long backpropFlops(int batch) {
    return cell.backpropFlops(batch) + readout.backpropFlops(batch);
  }

  /**
   * Step t (1..T): the cell, the readout, and the loss's step-t term and its gradient ∂L/∂y_t. Steps
   * must come in order from 1 (a windowed trajectory keeps only the last ones).
   */
  public void step(Parameters params, Trajectory tr, int t) {
    tr.advance(t);
    cell.step(params, tr, t);
    regularizer.count(tr, t);
    readout.step(params, tr, t);
    Batch batch = tr.batch();
    int b = tr.batchSize();
    tr.loss().setStep(
        t,
        loss.lossAndGradient(
            b, tr.readout(t), batch.targetAt(t), batch.maskAt(t), 1.0 / b, tr.lossGradient(t),
            tr.loss().sequenceShares()));
  }

  /** After step T: the firing-rate regulariser over the whole trajectory. */
  public void finish(Trajectory tr) {
    regularizer.apply(tr);
  }

  /** The whole forward pass over the trajectory's batch; returns the total loss. */
  public double forward(Parameters params, Trajectory tr) {
    for (int t = 1; t <= tr.steps(); t++) {
      step(params, tr, t);
    }
    finish(tr);
    return tr.loss().total();
  }
}
