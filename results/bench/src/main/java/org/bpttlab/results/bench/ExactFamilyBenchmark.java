package org.bpttlab.results.bench;

import java.util.Arrays;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.bpttlab.core.Batch;
import org.bpttlab.core.CellSpec;
import org.bpttlab.core.LossKind;
import org.bpttlab.core.NetworkSpec;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.RateCellSpec;
import org.bpttlab.core.Seeds;
import org.bpttlab.core.SpikingCellSpec;
import org.bpttlab.core.Trajectory;
import org.bpttlab.core.net.Network;
import org.bpttlab.rules.LearningRule;
import org.bpttlab.rules.SequenceRunner;
import org.bpttlab.rules.Session;

/** What the exact-gradient family's benchmarks share: a network, a batch, a session, one pass. */
final class ExactFamilyBenchmark {
  private ExactFamilyBenchmark() {}

  /** The vanilla rate cell, or LIF neurons with {@link SpikingCellSpec#lif}'s defaults. */
  static CellSpec cell(String kind, int hidden) {
    return "rate".equals(kind) ? RateCellSpec.vanilla(hidden) : SpikingCellSpec.lif(hidden);
  }

  /** Gaussian inputs and targets, every step scored. */
  static Batch batch(int size, int steps, int inputs, int outputs) {
    Batch b = Batch.zeros(size, steps, inputs, outputs);
    UniformRandomProvider rng = new Seeds(2).rng();
    ZigguratSampler.NormalizedGaussian normal = ZigguratSampler.NormalizedGaussian.of(rng);
    for (int t = 0; t < steps; t++) {
      for (int i = 0; i < b.x()[t].length; i++) {
        b.x()[t][i] = normal.sample();
      }
      for (int i = 0; i < b.target()[t].length; i++) {
        b.target()[t][i] = normal.sample();
      }
      Arrays.fill(b.mask()[t], 1.0);
    }
    return b;
  }

  /** A rule's session over a network, run pass after pass on the trajectory it needs. */
  static final class Pass {
    final Network net;
    final Parameters params;
    final Parameters grad;
    final Trajectory trajectory;
    final Session session;
    final List<Session> sessions;

    Pass(NetworkSpec spec, LearningRule rule, int batchSize, int steps) {
      net = new Network(spec);
      params = net.initialize(new Seeds(1));
      grad = net.newParameters();
      session = rule.begin(net, params, batchSize);
      sessions = List.of(session);
      Batch b = batch(batchSize, steps, spec.inputs(), spec.outputs());
      trajectory = net.newTrajectory(b, SequenceRunner.slots(sessions, steps));
    }

    /** The forward pass with the session observing, then its gradient. */
    Parameters run() {
      SequenceRunner.run(net, params, trajectory, sessions);
      session.gradient(trajectory, grad);
      return grad;
    }
  }

  static NetworkSpec spec(String kind, int hidden, int inputs, int outputs) {
    return NetworkSpec.of(inputs, cell(kind, hidden), outputs, LossKind.MSE);
  }
}
