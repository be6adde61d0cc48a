package org.bpttlab.core.cell;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.bpttlab.core.Batch;
import org.bpttlab.core.Cell;
import org.bpttlab.core.CellSpec;
import org.bpttlab.core.LocalDynamics;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.Seeds;
import org.bpttlab.core.SpikingCellSpec;
import org.bpttlab.core.SynapseGradients;
import org.bpttlab.core.Trajectory;
import org.bpttlab.core.net.Network;
import org.bpttlab.core.testing.ReferenceModel;
import org.bpttlab.core.testing.TestNetworks;
import org.bpttlab.core.testing.TestNetworks.Case;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract every cell satisfies, applied to every cell and option combination: the forward pass
 * equals the independent reference implementation of DESIGN §3, the vector-Jacobian products equal
 * the transposed dense Jacobians (contract B2, ≤ 1e-12), and the same seed gives bit-identical
 * trajectories.
 */
class CellContractTest {
  static List<Case> allCases() {
    return TestNetworks.allCases();
  }

  private static Trajectory run(Network net, Parameters p, Batch batch) {
    Trajectory tr = net.newTrajectory(batch);
    net.forward(p, tr);
    return tr;
  }

  /** Steps from..to of a batch as a batch of their own. */
  private static Batch steps(Batch batch, int from, int to) {
    Batch part = Batch.zeros(batch.size(), to - from + 1, batch.inputs(), batch.outputs());
    for (int t = from; t <= to; t++) {
      System.arraycopy(batch.input(t), 0, part.input(t - from + 1), 0, batch.input(t).length);
      System.arraycopy(batch.targetAt(t), 0, part.targetAt(t - from + 1), 0,
          batch.targetAt(t).length);
      System.arraycopy(batch.maskAt(t), 0, part.maskAt(t - from + 1), 0, batch.maskAt(t).length);
    }
    return part;
  }

  /**
   * A trajectory carried over ({@link Trajectory#carryOver}) continues the sequence it held: the
   * two halves of a batch, the second from the first's last step, give the whole batch's states,
   * outputs and readouts bit for bit (refractory counters, adaptation and the leaky readout
   * included), and again when the second half is run once more; after
   * {@link Trajectory#startAfresh} step 0 is the initial state again.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("allCases")
  void aCarriedOverSequenceContinuesTheLastOne(Case c) {
    Network net = new Network(c.spec());
    Seeds seeds = new Seeds(11);
    Parameters p = TestNetworks.parameters(net, seeds);
    Batch batch = TestNetworks.batch(c.spec(), TestNetworks.BATCH, TestNetworks.STEPS, seeds);
    Trajectory whole = run(net, p, batch);
    int half = TestNetworks.STEPS / 2;
    Trajectory tr = run(net, p, steps(batch, 1, half));
    tr.carryOver();
    tr.rebind(steps(batch, half + 1, TestNetworks.STEPS));
    assertTrue(tr.continuesPrevious());
    net.forward(p, tr);
    for (int t = 0; t <= half; t++) {
      assertArrayEquals(whole.state(half + t), tr.state(t), 0.0, "state at t=" + (half + t));
      assertArrayEquals(whole.output(half + t), tr.output(t), 0.0, "output at t=" + (half + t));
      assertArrayEquals(whole.readout(half + t), tr.readout(t), 0.0, "readout at t=" + (half + t));
    }
    double[] end = tr.state(half).clone();
    net.forward(p, tr);
    assertArrayEquals(end, tr.state(half), 0.0, "a recomputation starts from the same state");
    tr.startAfresh();
    net.forward(p, tr);
    double[] initial = new double[tr.state(0).length];
    Arrays.fill(initial, c.spec().cell().initialState());
    assertArrayEquals(initial, tr.state(0), 0.0);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("allCases")
  void forwardPassEqualsTheReferenceEquations(Case c) {
    Network net = new Network(c.spec());
    Seeds seeds = new Seeds(11);
    Parameters p = TestNetworks.parameters(net, seeds);
    Batch batch = TestNetworks.batch(c.spec(), TestNetworks.BATCH, TestNetworks.STEPS, seeds);
    Trajectory tr = run(net, p, batch);
    double[][][] outputs = new double[batch.steps() + 1][batch.size()][];
    double reference = ReferenceModel.loss(c.spec(), p, batch, null, outputs);
    assertEquals(reference, tr.loss().total(), 1e-12 * Math.abs(reference));
    int n = net.cell().hidden();
    for (int t = 1; t <= batch.steps(); t++) {
      for (int b = 0; b < batch.size(); b++) {
        double[] o = Arrays.copyOfRange(tr.output(t), b * n, (b + 1) * n);
        assertArrayEquals(outputs[t][b], o, 1e-12, "output at t=" + t + " b=" + b);
      }
    }
    if (c.spec().cell() instanceof SpikingCellSpec s && s.refractorySteps() > 0) {
      assertTrue(refractoryStepCount(tr) > 0, "the batch must exercise refractoriness");
    }
  }

  private static int refractoryStepCount(Trajectory tr) {
    int count = 0;
    int bn = tr.batchSize() * tr.hidden();
    for (int t = 1; t <= tr.steps(); t++) {
      for (int k = 0; k < bn; k++) {
        if (tr.aux(t)[bn + k] > 0) {
          count++;
        }
      }
    }
    return count;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("allCases")
  void vectorJacobianProductsEqualTransposedJacobians(Case c) {
    Network net = new Network(c.spec());
    Cell cell = net.cell();
    Seeds seeds = new Seeds(12);
    Parameters p = TestNetworks.parameters(net, seeds);
    Batch batch = TestNetworks.batch(c.spec(), TestNetworks.BATCH, TestNetworks.STEPS, seeds);
    Trajectory tr = run(net, p, batch);
    int batchSize = batch.size();
    int n = cell.hidden();
    int size = cell.stateSize();
    int components = size / n;
    int params = cell.parameterCount();
    double[] jacobian = new double[size * size];
    double[] influence = new double[size * params];
    double[] outJacobian = new double[n * size];
    double[] scratch = new double[cell.scratchSize(batchSize)];
    Random random = new Random(99);
    for (int t = 1; t <= batch.steps(); t++) {
      for (int b = 0; b < batchSize; b++) {
        double[] v = new double[size];
        for (int i = 0; i < size; i++) {
          v[i] = random.nextGaussian();
        }
        double[] dState = new double[batchSize * size];
        scatter(v, dState, b, batchSize, n, components);
        double[] dPrev = new double[batchSize * size];
        Parameters grad = net.newParameters();
        double[] dDrive = new double[batchSize * n];
        cell.backpropStep(p, tr, t, dState, dPrev, dDrive, scratch);
        SynapseGradients synapses = new SynapseGradients(cell, batchSize);
        synapses.add(tr, t, dDrive, grad);
        synapses.flush();
        cell.stateJacobian(p, tr, t, b, jacobian);
        cell.immediateInfluence(p, tr, t, b, influence);

        double[] expectedPrev = transposeTimes(jacobian, size, size, v);
        double[] actualPrev = gather(dPrev, b, batchSize, n, components);
        assertClose(expectedPrev, actualPrev, "J_t^T v at t=" + t + " b=" + b);
        for (int other = 0; other < batchSize; other++) {
          if (other != b) {
            assertClose(new double[size], gather(dPrev, other, batchSize, n, components),
                "other sequences untouched");
          }
        }
        double[] expectedGrad = transposeTimes(influence, size, params, v);
        double[] actualGrad = Arrays.copyOf(grad.flatten(), params);
        assertClose(expectedGrad, actualGrad, "M̄_t^T v at t=" + t + " b=" + b);
        double[] rest = Arrays.copyOfRange(grad.flatten(), params, grad.size());
        assertClose(new double[rest.length], rest, "readout groups untouched");

        double[] u = new double[n];
        for (int i = 0; i < n; i++) {
          u[i] = random.nextGaussian();
        }
        double[] dOut = new double[batchSize * n];
        System.arraycopy(u, 0, dOut, b * n, n);
        double[] dS = new double[batchSize * size];
        cell.backpropOutput(tr, t, dOut, dS);
        cell.outputJacobian(tr, t, b, outJacobian);
        assertClose(transposeTimes(outJacobian, n, size, u),
            gather(dS, b, batchSize, n, components), "(∂o/∂s)^T u at t=" + t);
      }
    }
  }

  /**
   * The neuron-local dynamics are the dense pieces on the eligibility graph, whatever the cell's own
   * gradient options: D is J_t of the same cell on {@link
   * org.bpttlab.core.CellSpec#eligibilityGraph()}, which must be block diagonal; q_j pre_i is
   * M̄_t's entry for θ[j][i] (zero for other neurons, and on W_rec's diagonal when it is no
   * connection); ψ is ∂o_t/∂s_t, which must be diagonal per neuron. A shared component's decay and
   * drive are the same constants everywhere and it receives nothing from the other components.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("allCases")
  void localDynamicsAreTheNeuronDiagonalBlocksOfTheEligibilityGraphsJacobian(Case c) {
    Network net = new Network(c.spec());
    Network stopped = new Network(c.spec().withCell(c.spec().cell().eligibilityGraph()));
    Cell cell = net.cell();
    Seeds seeds = new Seeds(13);
    Parameters p = TestNetworks.parameters(net, seeds);
    Batch batch = TestNetworks.batch(c.spec(), TestNetworks.BATCH, TestNetworks.STEPS, seeds);
    Trajectory tr = run(net, p, batch);
    int batchSize = batch.size();
    int n = cell.hidden();
    int size = cell.stateSize();
    int comps = cell.stateComponents();
    int params = cell.parameterCount();
    LocalDynamics local = cell.newLocalDynamics(batchSize);
    assertEquals(comps, local.components());
    double[] jacobian = new double[size * size];
    double[] influence = new double[size * params];
    double[] outJacobian = new double[n * size];
    int bn = batchSize * n;
    for (int t = 1; t <= batch.steps(); t++) {
      cell.localDynamics(p, tr, t, local);
      for (int b = 0; b < batchSize; b++) {
        stopped.cell().stateJacobian(p, tr, t, b, jacobian);
        cell.immediateInfluence(p, tr, t, b, influence);
        cell.outputJacobian(tr, t, b, outJacobian);
        for (int k = 0; k < comps; k++) {
          for (int j = 0; j < n; j++) {
            int row = k * n + j;
            for (int k2 = 0; k2 < comps; k2++) {
              for (int i = 0; i < n; i++) {
                double expected = jacobian[row * size + k2 * n + i];
                double actual = i == j ? local.decay()[((k * comps + k2) * batchSize + b) * n + j]
                    : 0.0;
                assertEquals(expected, actual, 1e-12, "D at t=" + t + " row " + row + " col "
                    + (k2 * n + i));
              }
            }
            double q = local.drive()[(k * batchSize + b) * n + j];
            int col = 0;
            for (int g = 0; g < cell.parameterShapes().size(); g++) {
              int cols = cell.parameterShapes().get(g).cols();
              double[] pre = cell.presynaptic(g, tr, t);
              for (int jj = 0; jj < n; jj++) {
                for (int i = 0; i < cols; i++) {
                  boolean noSynapse = g == 1 && jj == i && !cell.selfConnections();
                  double expected = jj != j || noSynapse ? 0.0
                      : q * (pre == null ? 1.0 : pre[b * cols + i]);
                  assertEquals(expected, influence[row * params + col + jj * cols + i], 1e-12,
                      "q pre for group " + g + " at t=" + t);
                }
              }
              col += n * cols;
            }
            for (int jj = 0; jj < n; jj++) {
              double expected = jj == j ? local.pseudoDerivative()[(k * batchSize + b) * n + j]
                  : 0.0;
              assertEquals(expected, outJacobian[jj * size + row], 1e-12, "ψ at t=" + t);
            }
          }
        }
      }
      for (int k = 0; k < comps; k++) {
        if (local.sharedComponent(k)) {
          for (int m = 0; m < bn; m++) {
            assertEquals(local.sharedDecay(k), local.decay()[(k * comps + k) * bn + m]);
            assertEquals(local.sharedDrive(k), local.drive()[k * bn + m]);
            for (int k2 = 0; k2 < comps; k2++) {
              if (k2 != k) {
                assertEquals(0.0, local.decay()[(k * comps + k2) * bn + m]);
              }
            }
          }
        }
      }
    }
  }

  /**
   * The learning signal's adjoint through step t, mapped back to the state by
   * (∂o_{t-1}/∂s_{t-1})ᵀ, is (J_t − J_t on the eligibility graph)ᵀ u: exactly the part of the declared
   * graph's Jacobian that the eligibility vectors leave out (the recurrent input unless stopped,
   * a spiking neuron's reset unless detached), and nothing on the eligibility graph itself.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("allCases")
  void learningSignalAdjointIsTheJacobianOutsideTheEligibilityGraph(Case c) {
    Network stopped = new Network(c.spec().withCell(c.spec().cell().eligibilityGraph()));
    Network net = new Network(c.spec());
    Cell cell = net.cell();
    Seeds seeds = new Seeds(14);
    Parameters p = TestNetworks.parameters(net, seeds);
    Batch batch = TestNetworks.batch(c.spec(), TestNetworks.BATCH, TestNetworks.STEPS, seeds);
    Trajectory tr = run(net, p, batch);
    int batchSize = batch.size();
    int n = cell.hidden();
    int size = cell.stateSize();
    int comps = cell.stateComponents();
    double[] jFull = new double[size * size];
    double[] jStopped = new double[size * size];
    double[] outJacobian = new double[n * size];
    double[] scratch = new double[cell.scratchSize(batchSize)];
    Random random = new Random(98);
    double largest = 0;
    for (int t = 2; t <= batch.steps(); t++) {
      double[] dState = new double[batchSize * size];
      for (int i = 0; i < dState.length; i++) {
        dState[i] = random.nextGaussian();
      }
      double[] dPrevOutput = new double[batchSize * n];
      cell.backpropLearningSignal(p, tr, t, dState, dPrevOutput, scratch);
      double[] none = new double[batchSize * n];
      stopped.cell().backpropLearningSignal(p, tr, t, dState, none, scratch);
      assertArrayEquals(new double[none.length], none, 0.0, "nothing on the eligibility graph");
      for (int b = 0; b < batchSize; b++) {
        net.cell().stateJacobian(p, tr, t, b, jFull);
        stopped.cell().stateJacobian(p, tr, t, b, jStopped);
        for (int i = 0; i < jFull.length; i++) {
          jFull[i] -= jStopped[i];
        }
        double[] u = gather(dState, b, batchSize, n, comps);
        cell.outputJacobian(tr, t - 1, b, outJacobian);
        double[] w = Arrays.copyOfRange(dPrevOutput, b * n, (b + 1) * n);
        double[] expected = transposeTimes(jFull, size, size, u);
        assertClose(expected, transposeTimes(outJacobian, n, size, w),
            "outside part of J_t^T u at t=" + t + " b=" + b);
        for (double e : expected) {
          largest = Math.max(largest, Math.abs(e));
        }
      }
    }
    CellSpec spec = c.spec().cell();
    boolean outside = !spec.stopRecurrentGradient()
        || spec instanceof SpikingCellSpec s && !s.detachReset();
    assertEquals(outside, largest > 0, "the declared graph has paths outside the traces");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("allCases")
  void sameSeedGivesBitIdenticalTrajectoriesAndAnotherSeedDiffers(Case c) {
    Network net = new Network(c.spec());
    Trajectory a = run(net, TestNetworks.parameters(net, new Seeds(5)),
        TestNetworks.batch(c.spec(), 2, 8, new Seeds(5)));
    Trajectory b = run(net, TestNetworks.parameters(net, new Seeds(5)),
        TestNetworks.batch(c.spec(), 2, 8, new Seeds(5)));
    Trajectory other = run(net, TestNetworks.parameters(net, new Seeds(6)),
        TestNetworks.batch(c.spec(), 2, 8, new Seeds(6)));
    for (int t = 0; t <= 8; t++) {
      assertArrayEquals(a.state(t), b.state(t));
      assertArrayEquals(a.output(t), b.output(t));
      assertArrayEquals(a.readout(t), b.readout(t));
    }
    assertEquals(Double.doubleToLongBits(a.loss().total()), Double.doubleToLongBits(b.loss().total()));
    assertTrue(a.loss().total() != other.loss().total());
  }

  /** Writes sequence b's per-sequence state vector v into the component-major batch layout. */
  static void scatter(double[] v, double[] batchState, int b, int batch, int n, int components) {
    for (int c = 0; c < components; c++) {
      System.arraycopy(v, c * n, batchState, c * batch * n + b * n, n);
    }
  }

  static double[] gather(double[] batchState, int b, int batch, int n, int components) {
    double[] v = new double[components * n];
    for (int c = 0; c < components; c++) {
      System.arraycopy(batchState, c * batch * n + b * n, v, c * n, n);
    }
    return v;
  }

  /** Aᵀ v for a row-major rows×cols matrix A. */
  static double[] transposeTimes(double[] a, int rows, int cols, double[] v) {
    double[] r = new double[cols];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        r[j] += a[i * cols + j] * v[i];
      }
    }
    return r;
  }

  /** max |expected − actual| ≤ 1e-12 · max(1, max |expected|). */
  static void assertClose(double[] expected, double[] actual, String what) {
    double scale = 1;
    for (double e : expected) {
      scale = Math.max(scale, Math.abs(e));
    }
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], 1e-12 * scale, what + " [" + i + "]");
    }
  }
}
