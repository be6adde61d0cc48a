package org.bpttlab.experiment.train;

import org.bpttlab.core.Parameters;
import org.bpttlab.core.Trajectory;
import org.bpttlab.rules.RuleCost;
import org.bpttlab.rules.Session;

/**
 * A session that only looks: whether any step of the sequence ran with a perturbation on the
 * trajectory (a rule such as node perturbation injects noise into the network it trains). Then the
 * trajectory is not the clean forward pass of the parameters, and the trainer scores the batch and
 * measures the alignment on a clean pass of its own.
 */
final class PerturbationWatch implements Session {
  private boolean perturbed;

  @Override
  public void startSequence(Trajectory trajectory) {
    perturbed = false;
  }

  @Override
  public void observe(Trajectory trajectory, int t) {
    perturbed |= trajectory.perturbation() != null;
  }

  /** True if a step of the last sequence ran perturbed. */
  boolean perturbed() {
    return perturbed;
  }

  @Override
  public void gradient(Trajectory trajectory, Parameters out) {
    out.fill(0.0);
  }

  @Override
  public int window() {
    return 2;
  }

  @Override
  public RuleCost cost() {
    return new RuleCost(0, 0);
  }
}
