package org.bpttlab.core;

import org.bpttlab.kernels.MatrixProducts;

import java.util.List;

/**
 * A recurrent cell: one differentiable step {@code s_t = F(s_{t-1}, x_t; θ)} and its output
 * {@code o_t = G(s_t)} (h_t for rate cells, z_t for spiking cells), with the pieces every learning rule
 * is built from (DESIGN §2). The vector-Jacobian products and the dense Jacobians are written
 * independently; contract B2 checks that they agree.
 *
 * <p>Layouts. A batch of B sequences is processed together. The state of step t is one array of
 * B·{@link #stateSize()} doubles, component-major: for a cell whose state has c components per neuron
 * (rate, lif: v; alif: v then a), component k of neuron j of sequence b is at {@code k·B·n + b·n + j}.
 * Outputs are B×n row-major. The cell's parameter groups are the first groups of the network's
 * {@link Parameters} (W_in, W_rec, and b for rate cells); the columns of the immediate influence follow
 * the same order, each group row-major.
 *
 * <p>Times run t = 1..T; index 0 of a {@link Trajectory} is the initial state.
 */
public interface Cell {
  CellSpec spec();

  /** n_in. */
  int inputs();

  /** n. */
  int hidden();

  /** Size S of one sequence's differentiable state (n, or 2n for adaptive cells). */
  int stateSize();

  /** Size of one sequence's recorded non-differentiable quantities (surrogates, refractory counters). */
  int auxSize();

  /** True if o_t is the state itself (rate cells), so a trajectory stores it once. */
  default boolean outputIsState() {
    return false;
  }

  /** The cell's parameter groups, in order. */
  List<ParameterShape> parameterShapes();

  /** Number of cell parameters P (sum of {@link #parameterShapes()} sizes). */
  default int parameterCount() {
    int p = 0;
    for (ParameterShape s : parameterShapes()) {
      p += s.size();
    }
    return p;
  }

  /**
   * Floating-point operations of one {@link #step} for {@code batch} sequences (2 per multiply-add of
   * the products, a few per neuron for the rest; dense, spike sparsity not subtracted).
   */
  long stepFlops(int batch);

  /** Floating-point operations of one {@link #backpropOutput} plus {@link #backpropStep}. */
  long backpropFlops(int batch);

  /** Doubles of scratch space {@link #backpropStep} needs for a batch of {@code batch} sequences. */
  int scratchSize(int batch);

  /**
   * Step t (1..T): reads state, output and aux of step t-1 and the input of step t from the
   * trajectory, and writes state, output and aux of step t.
   */
  void step(Parameters params, Trajectory trajectory, int t);

  /**
   * {@code dState += (∂o_t/∂s_t)ᵀ dOutput} for every sequence of the batch.
   *
   * @param dOutput B×n, Not modified
   * @param dState B·S, Modified
   */
  void backpropOutput(Trajectory trajectory, int t, double[] dOutput, double[] dState);

  /**
   * The vector-Jacobian product of step t: {@code dPrevState += J_tᵀ dState}, where
   * J_t = ∂s_t/∂s_{t-1} under the declared gradient options, and the adjoint of the synaptic drive,
   * {@code dDrive[b][j] = Σ_c q_jc^t dState[c][b][j]} with q the {@link LocalDynamics#drive() drive}:
   * the factor that {@code M̄_tᵀ dState} shares across the cell's groups, since every group is a
   * synapse group with {@link #presynaptic presynaptic} activity pre or a bias, so
   * {@code (M̄_tᵀ dState)_g[j][i] = Σ_b dDrive[b][j] pre_g[b][i]} (W_rec's diagonal excluded
   * without {@link #selfConnections}). {@link SynapseGradients} forms those sums.
   *
   * @param dState B·S, Not modified
   * @param dPrevState B·S, Modified (added to)
   * @param dDrive B×n, Modified (overwritten)
   * @param scratch at least {@link #scratchSize(int)} doubles, Modified
   */
  void backpropStep(
      Parameters params,
      Trajectory trajectory,
      int t,
      double[] dState,
      double[] dPrevState,
      double[] dDrive,
      double[] scratch);

  /**
   * The dense state Jacobian J_t = ∂s_t/∂s_{t-1} of sequence b, S×S row-major (row: component of
   * s_t), in the per-sequence order (component-major: v_1..v_n, then a_1..a_n).
   *
   * @param jacobian S·S doubles, Modified (overwritten)
   */
  void stateJacobian(Parameters params, Trajectory trajectory, int t, int b, double[] jacobian);

  /**
   * The dense immediate influence M̄_t = ∂s_t/∂θ of sequence b, S×P row-major, with s_{t-1} held
   * fixed.
   *
   * @param influence S·P doubles, Modified (overwritten)
   */
  void immediateInfluence(Parameters params, Trajectory trajectory, int t, int b, double[] influence);

  /**
   * The dense output Jacobian ∂o_t/∂s_t of sequence b, n×S row-major.
   *
   * @param jacobian n·S doubles, Modified (overwritten)
   */
  void outputJacobian(Trajectory trajectory, int t, int b, double[] jacobian);

  /**
   * This cell's matrix products: the network spec's {@code products} arithmetic, on the threads of
   * the network's {@link org.bpttlab.kernels.ProductTeam}; the gradients of its synapse groups
   * ({@link SynapseGradients}) use the same.
   */
  MatrixProducts products();

  /** State components per neuron c = S / n (1 for rate and lif cells, 2 for adaptive cells). */
  default int stateComponents() {
    return stateSize() / hidden();
  }

  /**
   * Whether W_rec's diagonal is a connection. Spiking cells have none (the diagonal is ignored and
   * gets zero gradient); a rate cell's self-connection is part of its recurrent input.
   */
  default boolean selfConnections() {
    return true;
  }

  /**
   * Whether cell parameter group g is W_rec of a cell without {@link #selfConnections}: its diagonal
   * is no synapse, so every rule leaves it without gradient or trace.
   */
  default boolean lacksDiagonal(int group) {
    return !selfConnections()
        && parameterShapes().get(group).name().equals(Parameters.RECURRENT_WEIGHTS);
  }

  /**
   * The presynaptic activity of cell parameter group g at step t: the immediate influence of
   * θ_g[j][i] factorises as {@code ∂h_j^t/∂θ_g[j][i] = q_j^t pre_i^t} with q the
   * {@link LocalDynamics#drive() drive}. pre is x_t for W_in, o_{t-1} for W_rec, and 1 for a bias.
   *
   * @return the trajectory's live B×cols(g) array (Not to be modified), or null for a bias (pre = 1)
   */
  double[] presynaptic(int group, Trajectory trajectory, int t);

  /** A buffer for this cell's {@link #localDynamics} over {@code batch} sequences. */
  LocalDynamics newLocalDynamics(int batch);

  /**
   * The neuron-local dynamics of step t (decay, drive, pseudo-derivative; see {@link LocalDynamics}):
   * the neuron-diagonal blocks of J_t on the {@link CellSpec#eligibilityGraph() eligibility graph}
   * (whatever the cell's own gradient options), q_t and ∂o_t/∂s_t's diagonal. Reads steps t − 1
   * and t.
   *
   * @param out Modified (overwritten)
   */
  void localDynamics(Parameters params, Trajectory trajectory, int t, LocalDynamics out);

  /**
   * The part of Bellec et al.'s total learning signal dE/dz_{t-1} that comes through step t: the
   * adjoint of o_{t-1} along the paths of the declared graph that the eligibility vectors
   * ({@link #localDynamics}) leave out — the recurrent input W_rec o_{t-1} unless its gradient is
   * stopped, and for spiking cells the reset −v_th z_{t-1} unless it is detached:
   * {@code dPrevOutput += (∂s_t/∂o_{t-1})ᵀ dState} over those paths, for every sequence of the
   * batch. On the {@link CellSpec#eligibilityGraph() eligibility graph} it adds nothing.
   *
   * @param dState B·S, Not modified
   * @param dPrevOutput B×n, Modified (added to)
   * @param scratch at least {@link #scratchSize(int)} doubles, Modified
   */
  void backpropLearningSignal(
      Parameters params, Trajectory trajectory, int t, double[] dState, double[] dPrevOutput,
      double[] scratch);
}
