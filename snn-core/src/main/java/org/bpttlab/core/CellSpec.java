package org.bpttlab.core;

/**
 * What a recurrent cell is: its kind, size and options (DESIGN §3). Records validate in their
 * compact constructors; {@code withX} methods copy for sweeps.
 */
public sealed interface CellSpec permits RateCellSpec, SpikingCellSpec {
  /** The cell's name on the command line and in outputs: {@code rate}, {@code lif} or {@code alif}. */
  String kind();

  /** Number of hidden neurons n. */
  int hidden();

  /**
   * Whether the gradient through the recurrent input ({@code W_rec h_{t-1}} or {@code W_rec z_{t-1}})
   * into the previous state is stopped.
   */
  boolean stopRecurrentGradient();

  /**
   * This cell on the graph where BPTT computes exactly what symmetric e-prop computes (contract E1):
   * the previous output is a constant wherever it enters the next step other than through the
   * neuron's own state — the recurrent input, and for spiking cells the reset (the e-prop reference
   * code's {@code stop_z_gradients}); a spiking neuron's adaptation still sees its own spike.
   */
  CellSpec eligibilityGraph();

  /**
   * The value every component of the state starts at, s_0 (0: at rest; a rate cell may start
   * elsewhere, Murray 2019's h_0 = 0.1).
   */
  default double initialState() {
    return 0.0;
  }

  /** A copy with another number of hidden neurons. */
  CellSpec withHidden(int hidden);

  /** A copy with the recurrent gradient stopped or not. */
  CellSpec withStopRecurrentGradient(boolean stop);

  /** Throws {@code IllegalArgumentException("<field> must be > 0, was ...")} if {@code value <= 0}. */
  static void requirePositive(String field, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(field + " must be > 0 and finite, was " + value);
    }
  }
}
