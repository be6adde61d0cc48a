package org.bpttlab.core;

/**
 * The neuron-local dynamics of one step t for a batch (DESIGN §2, fourth row): what e-prop, RFLO and
 * the three-factor rules propagate forward in time. For neuron j of sequence b, with c state
 * components per neuron (1 for rate and lif cells; 2, v then a, for adaptive cells):
 *
 * <pre>
 * decay   D_j^t = ∂h_j^t/∂h_j^{t-1}   c×c   the neuron's own block of J_t with o_{t-1} held fixed
 *                                           where it enters as an output (the recurrent input, a rate
 *                                           cell's self-connection included, and a spiking cell's
 *                                           reset): the leak, and for spiking cells the adaptation
 * drive   q_j^t = ∂h_j^t/∂I_j^t       c     how the neuron's input current I_j^t = Σ_i W_ji pre_i^t
 *                                           (+ b_j) enters its state, so ∂h_j^t/∂W_ji = q_j^t pre_i^t
 *                                           (the immediate influence, {@link Cell#presynaptic})
 * pseudo  ψ_j^t = ∂o_j^t/∂h_j^t       c     the pseudo-derivative of the output (1 for rate cells)
 * </pre>
 *
 * On that graph ({@link CellSpec#eligibilityGraph()}) J_t is block diagonal and these blocks are all
 * of it, which is why symmetric e-prop equals BPTT there (E1).
 *
 * <p>Layout, component-major like the state: D's entry (k, k') of neuron j of sequence b is at
 * {@code ((k·c + k')·B + b)·n + j}; entry k of q and of ψ at {@code (k·B + b)·n + j}.
 *
 * <p>{@link #sharedComponent(int) Shared} components: when a component's decay is the same constant
 * for every neuron and step, its drive the same constant, and it gets nothing from the neuron's other
 * components (a spiking neuron's membrane: ε_v^t = α ε_v^{t-1} + pre^t), its
 * eligibility vector is the same for every postsynaptic neuron and a rule may keep one per
 * presynaptic neuron (O(n) instead of O(n²)).
 */
public final class LocalDynamics {
  private final int components;
  private final int batch;
  private final int hidden;
  private final boolean[] shared;
  private final double[] decay;
  private final double[] drive;
  private final double[] pseudoDerivative;

  /**
   * Buffers for {@code batch} sequences of {@code hidden} neurons with {@code components} state
   * components each; {@code shared[k]} declares component k shared (see the class comment).
   */
  public LocalDynamics(int components, int batch, int hidden, boolean[] shared) {
    if (components < 1 || batch < 1 || hidden < 1 || shared.length != components) {
      throw new IllegalArgumentException("local dynamics need components, batch and hidden >= 1"
          + " and one shared flag per component");
    }
    this.components = components;
    this.batch = batch;
    this.hidden = hidden;
    this.shared = shared.clone();
    int bn = batch * hidden;
    decay = new double[components * components * bn];
    drive = new double[components * bn];
    pseudoDerivative = new double[components * bn];
  }

  /** c. */
  public int components() {
    return components;
  }

  /** B. */
  public int batch() {
    return batch;
  }

  /** n. */
  public int hidden() {
    return hidden;
  }

  /**
   * Whether component k is shared: its decay {@link #sharedDecay(int)} and drive
   * {@link #sharedDrive(int)} are constants and it receives nothing from the other components.
   */
  public boolean sharedComponent(int k) {
    return shared[k];
  }

  /** The constant decay D_kk of a shared component (read from the buffer, neuron 0). */
  public double sharedDecay(int k) {
    return decay[(k * components + k) * batch * hidden];
  }

  /** The constant drive q_k of a shared component (read from the buffer, neuron 0). */
  public double sharedDrive(int k) {
    return drive[k * batch * hidden];
  }

  /** D, c·c·B·n (Modified by the cell that fills it). */
  public double[] decay() {
    return decay;
  }

  /** q, c·B·n (Modified by the cell that fills it). */
  public double[] drive() {
    return drive;
  }

  /** ψ, c·B·n (Modified by the cell that fills it). */
  public double[] pseudoDerivative() {
    return pseudoDerivative;
  }

  /** Doubles held. */
  public long storedDoubles() {
    return (long) decay.length + drive.length + pseudoDerivative.length;
  }
}
