package org.bpttlab.rules.checkpoint;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.Trajectory;
import org.bpttlab.core.net.Network;
import org.bpttlab.rules.LearningRule;
import org.bpttlab.rules.RuleCost;
import org.bpttlab.rules.Session;
import org.bpttlab.rules.bptt.BackwardPass;

/**
 * Checkpointed BPTT (Gruslys et al. 2016, BPTT-HSM): BPTT's gradient, bit for bit, holding at most
 * M step records at once ({@code budget}) instead of the whole trajectory, at the price of
 * recomputing forward steps where the {@link CheckpointSchedule} says so.
 *
 * <p>During the shared forward pass the session stores the records of the schedule's spine; at the
 * end it backpropagates segment by segment, recomputing missing records from the nearest stored one
 * on a private two-step trajectory and storing new checkpoints as the schedule directs. Every
 * backward step is {@link BackwardPass#step} on records identical to the forward pass's (the forward
 * step is deterministic), so the gradient equals {@link org.bpttlab.rules.bptt.Bptt}'s exactly.
 *
 * <p>Memory: at most M checkpoint records, plus a working set of 6 records (two steps of the shared
 * trajectory, two of the private one, and the upper and lower records of the segment being
 * backpropagated) and the adjoints. {@link #recomputedSteps} and {@link #peakCheckpoints} report the
 * last sequence's recomputation (equal to {@link CheckpointSchedule#totalRecomputation()}) and the
 * most checkpoints held at once.
 */
public final class CheckpointedBptt implements LearningRule {
  private final int budget;

  /** @param budget M ≥ 0, the checkpoint records that may be held at once */
  public CheckpointedBptt(int budget) {
    if (budget < 0) {
      throw new IllegalArgumentException("budget must be >= 0, was " + budget);
    }
    this.budget = budget;
  }

  @Override
  public String name() {
    return "checkpointed:budget=" + budget;
  }

  @Override
  public CheckpointedSession begin(Network network, Parameters params, int batchSize) {
    return new CheckpointedSession(network, params, batchSize, budget);
  }

  /** A session, with the accounting of its last sequence. */
  public static final class CheckpointedSession implements Session {
    private final Network network;
    private final Parameters params;
    private final int budget;
    private final BackwardPass backward;
    private CheckpointSchedule schedule;
    private Trajectory work;
    private double[][] records;
    private final Deque<double[]> free = new ArrayDeque<>();
    /** Step 0 of the sequence (the initial state, or the state carried over). */
    private double[] initial;
    private double[] top;
    private double[] upper;
    private double[] lower;
    private int[] spinePositions;
    private double[][] spineRecords;
    private int spineStored;
    private int held;
    private int peakHeld;
    private long recomputed;
    private long backpropagated;
    private long slotDoubles;
    private int steps;
    private double[] regularizer;
    private Parameters out;

    CheckpointedSession(Network network, Parameters params, int batch, int budget) {
      this.network = network;
      this.params = params;
      this.budget = budget;
      this.backward = new BackwardPass(network, batch);
    }

    /** Forward steps recomputed on the last sequence. */
    public long recomputedSteps() {
      return recomputed;
    }

    /** The most checkpoint records held at once on the last sequence. */
    public int peakCheckpoints() {
      return peakHeld;
    }

    /** The schedule of the last sequence. */
    public CheckpointSchedule schedule() {
      return schedule;
    }

    @Override
    public void startSequence(Trajectory tr) {
      if (schedule == null || schedule.steps() != tr.steps()) {
        schedule = new CheckpointSchedule(tr.steps(), budget);
        slotDoubles = tr.doublesPerSlot();
        int width = (int) slotDoubles;
        work = network.newTrajectory(tr.batch(), 2);
        records = new double[Math.min(budget, tr.steps())][];
        free.clear();
        initial = new double[width];
        top = new double[width];
        upper = new double[width];
        lower = new double[width];
        spinePositions = spine(schedule);
        spineRecords = new double[spinePositions.length][];
      }
      work.rebind(tr.batch());
      steps = tr.steps();
      spineStored = 0;
      held = 0;
      peakHeld = 0;
      recomputed = 0;
      backpropagated = 0;
    }

    /** The positions the shared forward pass stores: s_1 = y(T, M), s_2 = s_1 + y(T − s_1, M − 1), .. */
    private static int[] spine(CheckpointSchedule schedule) {
      int[] positions = new int[Math.min(schedule.budget(), schedule.steps())];
      int count = 0;
      int s = 0;
      int t = schedule.steps();
      int m = schedule.budget();
      while (t > 1 && m > 0) {
        int y = schedule.spineSplit(t, m);
        s += y;
        t -= y;
        m--;
        positions[count++] = s;
      }
      return Arrays.copyOf(positions, count);
    }

    @Override
    public void observe(Trajectory tr, int t) {
      if (t == 1) {
        tr.saveStep(0, initial);
      }
      if (spineStored < spinePositions.length && spinePositions[spineStored] == t) {
        double[] r = acquire();
        tr.saveStep(t, r);
        spineRecords[spineStored++] = r;
      }
    }

    private double[] acquire() {
      held++;
      peakHeld = Math.max(peakHeld, held);
      if (held > budget) {
        throw new IllegalStateException("checkpoint budget " + budget + " exceeded");
      }
      double[] r = free.poll();
      return r != null ? r : new double[(int) slotDoubles];
    }

    private void release(double[] r) {
      held--;
      free.push(r);
    }

    @Override
    public void gradient(Trajectory tr, Parameters grad) {
      out = grad;
      out.fill(0.0);
      regularizer = network.spec().regularizer().enabled() ? tr.loss().rateGradient() : null;
      backward.reset();
      tr.saveStep(steps, top);
      spineSegment(0, initial, steps, budget, 0);
      backward.flush();
      for (int i = 0; i < spineStored; i++) {
        spineRecords[i] = null;
      }
    }

    /**
     * Backpropagates (s, T] of the spine: record s is {@code start}, record T is {@link #top}; the
     * spine's checkpoints from index {@code next} on are stored.
     */
    private void spineSegment(int s, double[] start, int e, int m, int next) {
      int t = e - s;
      if (t <= 1 || m == 0) {
        sweepDown(s, start, e, top);
        return;
      }
      int y = schedule.spineSplit(t, m);
      double[] mid = spineRecords[next];
      if (spinePositions[next] != s + y) {
        throw new IllegalStateException("spine position " + spinePositions[next] + " != " + (s + y));
      }
      spineSegment(s + y, mid, e, m - 1, next + 1);
      segment(s, start, s + y, mid, m - 1);
      release(mid);
    }

    /** Backpropagates (s, e] with records s and e given, recomputing by the schedule. */
    private void segment(int s, double[] start, int e, double[] end, int m) {
      int t = e - s;
      if (t <= 1 || m == 0) {
        sweepDown(s, start, e, end);
        return;
      }
      int y = schedule.split(t, m);
      forward(s, start, s + y);
      double[] mid = acquire();
      work.saveStep(s + y, mid);
      segment(s + y, mid, e, end, m - 1);
      segment(s, start, s + y, mid, m - 1);
      release(mid);
    }

    /**
     * Backpropagates e, e − 1, .., s + 1 holding only records s and e: each record k − 1 is
     * recomputed from record s.
     */
    private void sweepDown(int s, double[] start, int e, double[] end) {
      double[] hi = end;
      for (int k = e; k > s; k--) {
        double[] lo;
        if (k - 1 == s) {
          lo = start;
          work.loadStep(s, start);
        } else {
          forward(s, start, k - 1);
          lo = hi == upper ? lower : upper;
          work.saveStep(k - 1, lo);
        }
        work.loadStep(k, hi);
        backward.step(params, work, k, true, 1.0, regularizer, out);
        backpropagated++;
        hi = lo;
      }
    }

    /** Recomputes steps s + 1..to on the private trajectory from record s. */
    private void forward(int s, double[] start, int to) {
      work.loadStep(s, start);
      for (int k = s + 1; k <= to; k++) {
        network.step(params, work, k);
        recomputed++;
      }
    }

    @Override
    public int window() {
      return 2;
    }

    @Override
    public RuleCost cost() {
      long own = (long) peakHeld * slotDoubles + 4L * slotDoubles + 2L * work.doublesPerSlot()
          + backward.storedDoubles();
      double flops = (backward.stepFlops(work.batchSize()) * (double) backpropagated
          + network.stepFlops(work.batchSize()) * (double) recomputed) / steps;
      return new RuleCost(own + window() * slotDoubles, flops);
    }
  }
}
