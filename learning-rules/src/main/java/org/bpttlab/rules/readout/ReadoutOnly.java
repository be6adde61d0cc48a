package org.bpttlab.rules.readout;

import org.bpttlab.core.Parameters;
import org.bpttlab.core.Trajectory;
import org.bpttlab.core.net.Network;
import org.bpttlab.rules.OnlineRule;
import org.bpttlab.rules.OnlineSession;
import org.bpttlab.rules.RuleCost;
import org.bpttlab.rules.Session;

/**
 * The readout-only baseline (the echo-state / reservoir setting, Jaeger 2001): the exact gradient for
 * W_out and b_out ({@link ReadoutTrace}), zero for every other group, computed online. With
 * {@code online=k} the gradient of the last k steps is handed out every k steps (the "output
 * weights only" baseline of Marschall et al. 2020's online comparison). Memory O(B·n); cost per
 * step O(B·n·n_out).
 */
public final class ReadoutOnly extends OnlineRule {
  /** Once per sequence. */
  public ReadoutOnly() {
    this(0);
  }

  /** @param online hand out a gradient every {@code online} steps; 0 for once per sequence */
  public ReadoutOnly(int online) {
    super("readout-only", online);
  }

  @Override
  public Session begin(Network network, Parameters params, int batchSize) {
    return new ReadoutSession(new ReadoutTrace(network, batchSize), online);
  }

  private static final class ReadoutSession extends OnlineSession {
    private final ReadoutTrace trace;
    private long slotDoubles;

    ReadoutSession(ReadoutTrace trace, int online) {
      super(online);
      this.trace = trace;
    }

    @Override
    public void startSequence(Trajectory trajectory) {
      // a continued sequence keeps the filtered trace of the outputs
      if (trajectory.continuesPrevious()) {
        trace.clearGradient();
      } else {
        trace.reset();
      }
      restartCount();
    }

    @Override
    public void observe(Trajectory tr, int t) {
      trace.observe(tr, t);
      countStep();
    }

    @Override
    public void gradient(Trajectory trajectory, Parameters out) {
      slotDoubles = trajectory.doublesPerSlot();
      writeSinceUpdate(out);
    }

    @Override
    protected void writeSinceUpdate(Parameters out) {
      out.fill(0.0);
      trace.write(out);
      trace.clearGradient();
      restartCount();
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
