package org.bpttlab.core.testing;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.bpttlab.core.Batch;
import org.bpttlab.core.InitSpec;
import org.bpttlab.core.LossKind;
import org.bpttlab.core.NetworkSpec;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.RateCellSpec;
import org.bpttlab.core.RateRegularizerSpec;
import org.bpttlab.core.ReadoutSpec;
import org.bpttlab.core.Seeds;
import org.bpttlab.core.SpikingCellSpec;
import org.bpttlab.core.Surrogate;
import org.bpttlab.core.init.Initializer;
import org.bpttlab.core.net.Network;

/** Small networks, batches and parameters for the contract tests, all from fixed seeds. */
public final class TestNetworks {
  public static final int INPUTS = 3;
  public static final int HIDDEN = 6;
  public static final int BATCH = 3;
  public static final int STEPS = 12;

  private TestNetworks() {}

  /** A named network spec (the name shows in test reports). */
  public record Case(String name, NetworkSpec spec) {
    @Override
    public String toString() {
      return name;
    }
  }

  /**
   * Every cell and option combination whose forward pass is differentiable: rate cells (α = 1 from
   * h_0 = 0, α &lt; 1 from h_0 = 0.3; the linear cell at both α from h_0 = 0.2), and lif, alif and mixed populations with the smooth test
   * activation standing in for the Heaviside; both losses, refractoriness, a leaky readout (of unit
   * gain for the mixed populations), the regulariser, and both values of each gradient option.
   */
  public static List<Case> smoothCases() {
    List<Case> cases = new ArrayList<>();
    for (double alpha : new double[] {1.0, 0.4}) {
      for (boolean stop : new boolean[] {false, true}) {
        for (LossKind loss : LossKind.values()) {
          // the leaky cells start from h_0 = 0.3 (an initial state), the vanilla ones from 0
          double h0 = alpha < 1 ? 0.3 : 0.0;
          RateCellSpec cell = new RateCellSpec(HIDDEN, alpha, stop, h0);
          cases.add(new Case(
              "rate a=" + alpha + " h0=" + h0 + " stop=" + stop + " " + loss.label(),
              NetworkSpec.of(INPUTS, cell, outputs(loss), loss)));
        }
      }
    }
    for (int adaptive : new int[] {0, HIDDEN, HIDDEN / 2}) {
      for (boolean detach : new boolean[] {false, true}) {
        for (boolean stop : new boolean[] {false, true}) {
          LossKind loss = detach == stop ? LossKind.MSE : LossKind.CROSS_ENTROPY;
          SpikingCellSpec cell = spiking(adaptive, detach, stop, Surrogate.SMOOTH_TEST);
          String kind = adaptive == 0 ? "lif" : adaptive == HIDDEN ? "alif" : "mixed";
          // the mixed populations read out through a unit-gain filter, (1 − κ) (W_out z + b_out)
          NetworkSpec net = spikingNetwork(cell, loss, detach);
          if (kind.equals("mixed")) {
            net = net.withReadout(net.readout().withUnitGain(true));
          }
          cases.add(new Case(kind + " detach-reset=" + detach + " stop=" + stop + " "
              + loss.label() + (kind.equals("mixed") ? " unit-gain readout" : ""), net));
        }
      }
    }
    cases.add(new Case("lif no-refractory mse",
        spikingNetwork(spiking(0, false, false, Surrogate.SMOOTH_TEST).withRefractorySteps(0),
            LossKind.MSE, true)));
    // the linear rate cell (φ = identity), α = 1 and 0.4; last, so the cases above keep their indices
    for (double alpha : new double[] {1.0, 0.4}) {
      boolean stop = alpha < 1;
      RateCellSpec cell = new RateCellSpec(HIDDEN, alpha, stop, 0.2,
          RateCellSpec.Activation.LINEAR);
      LossKind loss = stop ? LossKind.CROSS_ENTROPY : LossKind.MSE;
      cases.add(new Case("rate linear a=" + alpha + " h0=0.2 stop=" + stop + " " + loss.label(),
          NetworkSpec.of(INPUTS, cell, outputs(loss), loss)));
    }
    return cases;
  }

  /** {@link #smoothCases()} plus spiking cells with the piecewise-linear and fast-sigmoid surrogates. */
  public static List<Case> allCases() {
    List<Case> cases = new ArrayList<>(smoothCases());
    for (Surrogate s : new Surrogate[] {Surrogate.PIECEWISE_LINEAR, Surrogate.FAST_SIGMOID}) {
      for (int adaptive : new int[] {0, HIDDEN / 2}) {
        for (boolean detach : new boolean[] {false, true}) {
          SpikingCellSpec cell = spiking(adaptive, detach, detach, s);
          cases.add(new Case(
              cell.kind() + " " + s.label() + " detach-reset=" + detach + " adaptive=" + adaptive,
              spikingNetwork(cell, LossKind.CROSS_ENTROPY, true)));
        }
      }
    }
    return cases;
  }

  static int outputs(LossKind loss) {
    return loss == LossKind.MSE ? 2 : 3;
  }

  static SpikingCellSpec spiking(int adaptive, boolean detachReset, boolean stop, Surrogate s) {
    return new SpikingCellSpec(
        HIDDEN, adaptive, 10, 20, 0.6, 0.5, 0.3, 2, s, 1.0, detachReset, stop);
  }

  static NetworkSpec spikingNetwork(SpikingCellSpec cell, LossKind loss, boolean regularized) {
    return new NetworkSpec(
        INPUTS, cell, outputs(loss), ReadoutSpec.leaky(5), loss,
        regularized ? new RateRegularizerSpec(0.7, 20) : RateRegularizerSpec.off(),
        new InitSpec(InitSpec.RecurrentInit.GAUSSIAN, 1.5, 2.0));
  }

  /**
   * Parameters for tests: the network's initialisation, then nonzero biases (which the
   * initialisation leaves at 0) and, for spiking cells, a nonzero diagonal of W_rec, which the cell
   * must ignore.
   */
  public static Parameters parameters(Network network, Seeds seeds) {
    Parameters p = network.initialize(seeds);
    UniformRandomProvider rng = seeds.derive("test-extra").rng();
    for (String name : List.of(Parameters.BIAS, Parameters.OUTPUT_BIAS)) {
      if (p.has(name)) {
        Initializer.gaussian(p.get(name), 0.3, rng);
      }
    }
    if (network.spec().cell() instanceof SpikingCellSpec) {
      double[] w = p.get(Parameters.RECURRENT_WEIGHTS);
      int n = network.spec().hidden();
      for (int j = 0; j < n; j++) {
        w[j * n + j] = 0.5 + rng.nextDouble();
      }
    }
    return p;
  }

  /**
   * A random batch: Gaussian inputs, Gaussian targets (mse) or one-hot targets (ce), and a mask that
   * is 0 on the first quarter of the steps and random in {0, 0.5, 1} after.
   */
  public static Batch batch(NetworkSpec spec, int size, int steps, Seeds seeds) {
    Batch batch = Batch.zeros(size, steps, spec.inputs(), spec.outputs());
    UniformRandomProvider rng = seeds.derive("test-batch").rng();
    for (int t = 0; t < steps; t++) {
      Initializer.gaussian(batch.x()[t], 1.0, rng);
      for (int b = 0; b < size; b++) {
        int out = spec.outputs();
        if (spec.loss() == LossKind.MSE) {
          for (int k = 0; k < out; k++) {
            batch.target()[t][b * out + k] = rng.nextDouble() * 2 - 1;
          }
        } else {
          batch.target()[t][b * out + rng.nextInt(out)] = 1;
        }
        batch.mask()[t][b] = t < steps / 4 ? 0 : rng.nextInt(3) * 0.5;
      }
    }
    return batch;
  }
}
