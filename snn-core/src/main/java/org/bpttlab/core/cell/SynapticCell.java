package org.bpttlab.core.cell;

import java.util.ArrayList;
import java.util.List;
import org.bpttlab.core.Cell;
import org.bpttlab.core.CellSpec;
import org.bpttlab.core.ParameterShape;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.Perturbation;
import org.bpttlab.core.Trajectory;
import org.bpttlab.kernels.MatrixProducts;

/**
 * What the rate and the spiking cell share: n neurons driven through W_in (group 0) and W_rec
 * (group 1), optionally a bias b (group 2), their input current W_rec o_{t-1} + W_in x_t computed by
 * the cell's products, and the costs of those products. The pointwise dynamics are the subclass's.
 */
abstract class SynapticCell<S extends CellSpec> implements Cell {
  static final int W_IN = 0;
  static final int W_REC = 1;
  static final int BIAS = 2;

  final S spec;
  final MatrixProducts products;
  final int inputs;
  final int n;
  /** W_in, W_rec [, b]: built once (the list is read inside per-step loops). */
  private final List<ParameterShape> shapes;
  /** Floating-point operations per neuron of the pointwise update (and of its backward pass). */
  private final int pointwiseFlops;

  SynapticCell(S spec, int inputs, MatrixProducts products, boolean bias, int pointwiseFlops) {
    if (products == null) {
      throw new IllegalArgumentException("products must be given");
    }
    if (inputs <= 0) {
      throw new IllegalArgumentException("inputs must be > 0, was " + inputs);
    }
    this.spec = spec;
    this.products = products;
    this.inputs = inputs;
    this.n = spec.hidden();
    this.pointwiseFlops = pointwiseFlops;
    List<ParameterShape> s = new ArrayList<>(List.of(
        new ParameterShape(Parameters.INPUT_WEIGHTS, n, inputs),
        new ParameterShape(Parameters.RECURRENT_WEIGHTS, n, n)));
    if (bias) {
      s.add(new ParameterShape(Parameters.BIAS, n, 1));
    }
    this.shapes = List.copyOf(s);
  }

  @Override
  public S spec() {
    return spec;
  }

  @Override
  public MatrixProducts products() {
    return products;
  }

  @Override
  public int inputs() {
    return inputs;
  }

  @Override
  public int hidden() {
    return n;
  }

  @Override
  public List<ParameterShape> parameterShapes() {
    return shapes;
  }

  @Override
  public long stepFlops(int batch) {
    // W_rec·o_{t-1} + W_in·x_t, then the pointwise update
    return 2L * batch * n * (n + inputs) + (long) pointwiseFlops * batch * n;
  }

  @Override
  public long backpropFlops(int batch) {
    // W_recᵀ δ, δ o_{t-1}ᵀ, δ x_tᵀ, then the pointwise part
    return 2L * batch * n * (2L * n + inputs) + (long) pointwiseFlops * batch * n;
  }

  @Override
  public int scratchSize(int batch) {
    return batch * n;
  }

  /** Overwrites {@code current} (B×n) with W_rec o_{t-1} + W_in x_t. */
  final void synapticCurrent(Parameters params, Trajectory tr, int t, double[] current) {
    int batch = tr.batchSize();
    products.multTransB(batch, n, n, tr.output(t - 1), params.matrix(W_REC), current);
    products.multAddTransB(batch, inputs, n, tr.input(t), params.matrix(W_IN), current);
  }

  /** Adds the trajectory's perturbation of step t to {@code current}, if it has one. */
  static void perturb(Trajectory tr, int t, double[] current) {
    Perturbation perturbation = tr.perturbation();
    if (perturbation != null) {
      perturbation.addTo(t, current);
    }
  }

  /** x_t for W_in, o_{t-1} for W_rec, none (null) for the bias. */
  @Override
  public double[] presynaptic(int group, Trajectory tr, int t) {
    switch (group) {
      case W_IN:
        return tr.input(t);
      case W_REC:
        return tr.output(t - 1);
      case BIAS:
        if (shapes.size() > BIAS) {
          return null;
        }
        // fall through
      default:
        throw new IllegalArgumentException(
            "this cell has groups 0.." + (shapes.size() - 1) + ", not " + group);
    }
  }
}
