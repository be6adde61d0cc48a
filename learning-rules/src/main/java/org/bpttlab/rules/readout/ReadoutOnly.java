package org.bpttlab.rules.readout;

import org.bpttlab.core.Parameters;
import org.bpttlab.core.Trajectory;
import org.bpttlab.core.net.Network;
import org.bpttlab.rules.LearningRule;
import org.bpttlab.rules.RuleCost;
import org.bpttlab.rules.Session;

/**
 * The readout-only baseline (the echo-state / reservoir setting, Jaeger 2001): the exact gradient for
 * W_out and b_out ({@link ReadoutTrace}), zero for every other group, computed online. Memory
 * O(B·n); cost per step O(B·n·n_out).
 */
public final class ReadoutOnly implements LearningRule {
  @Override
  public String name() {
    return "readout-only";
  }

  @Override
  public Session begin(Network network, Parameters params, int batchSize) {
    return new ReadoutSession(new ReadoutTrace(network, batchSize));
  }

  private static final class ReadoutSession implements Session {
    private final ReadoutTrace trace;
    private long slotDoubles;

    ReadoutSession(ReadoutTrace trace) {
      this.trace = trace;
    }

    @Override
    public void startSequence(Trajectory trajectory) {
      trace.reset();
    }

    @Override
    public void observe(Trajectory tr, int t) {
      trace.observe(tr, t);
    }

    @Override
    public void gradient(Trajectory trajectory, Parameters out) {
      slotDoubles = trajectory.doublesPerSlot();
      out.fill(0.0);
      trace.write(out);
    }

    @Override
    public int window() {
      return 2;
    }

    @Override
    public RuleCost cost() {
      return new RuleCost(trace.storedDoubles() + window() * slotDoubles, trace.flopsPerStep());
    }
  }
}
