package org.bpttlab.rules;

import org.bpttlab.core.Parameters;
import org.bpttlab.core.Trajectory;

/**
 * A session of a rule with option {@code online=k}: it counts the steps observed since its last
 * update and, when one is due ({@link Session#onlineUpdateDue}), hands out its estimate for them.
 */
public abstract class OnlineSession implements Session {
  private final int every;
  private int sinceUpdate;

  /** @param every the option's k; 0: once per sequence */
  protected OnlineSession(int every) {
    this.every = every;
  }

  /** Counts an observed step. */
  protected final void countStep() {
    sinceUpdate++;
  }

  /** Restarts the count: when a sequence starts, and when an estimate was written. */
  protected final void restartCount() {
    sinceUpdate = 0;
  }

  @Override
  public final boolean onlineGradient(Trajectory trajectory, int t, Parameters out) {
    if (!Session.onlineUpdateDue(every, sinceUpdate, trajectory, t)) {
      return false;
    }
    writeSinceUpdate(out);
    return true;
  }

  /**
   * Writes the estimate for the steps since the last update, clears it and restarts the count.
   *
   * @param out Modified (overwritten)
   */
  protected abstract void writeSinceUpdate(Parameters out);
}
