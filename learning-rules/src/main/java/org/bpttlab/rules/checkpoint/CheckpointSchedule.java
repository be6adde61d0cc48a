package org.bpttlab.rules.checkpoint;

/**
 * The dynamic programme of checkpointed BPTT: for a sequence of T steps and a budget of M stored
 * step records, where to store checkpoints so that the backward pass recomputes the fewest forward
 * steps (after Gruslys, Munos, Danihelka, Lanctot &amp; Graves 2016, "Memory-efficient
 * backpropagation through time", BPTT-HSM).
 *
 * <p>Our unit of memory is a step record: everything the forward pass needs to resume from step t
 * and everything the backward pass reads of step t (state, output, surrogates, readout, ∂L/∂y_t).
 * Backpropagating step t reads the records of steps t − 1 and t. A segment (s, e] whose end records
 * s and e are held, with m more records free, is backpropagated at the least recomputation cost
 *
 * <pre>
 * E(t, m) = 0                                             t ≤ 1    (t = e − s)
 * E(t, 0) = t(t − 1)/2                                    for each step k = e..s+2, recompute
 *                                                         record k − 1 from record s
 * E(t, m) = min_{1≤y&lt;t} y + E(t − y, m − 1) + E(y, m − 1)   recompute y steps to store record
 *                                                         s + y, do (s+y, e], then (s, s+y]
 * </pre>
 *
 * The first, shared forward pass runs from 0 to T anyway, so along it ("the spine") the records are
 * stored for free: P(t, 0) = E(t, 0), P(t, m) = min_y P(t − y, m − 1) + E(y, m − 1), and the whole
 * backward pass recomputes P(T, M) forward steps. With M ≥ T − 1 that is 0 (every record stored:
 * plain BPTT); with M = 0 it is T(T − 1)/2. The records of step 0 (the zero state) and step T (the
 * last step, which the forward pass leaves behind) are not counted in M. The tables take O(T·M)
 * memory and at most O(T²·M) time to fill; the search over y stops as soon as the lower bounds
 * E(t, ·) ≥ t − 1 show no larger split can win. Measured: T = 1000 takes about 0.3 s at M = 32 and
 * several seconds at M = 300..700 (one table serves every smaller budget: {@link #spine}(T, m)).
 */
public final class CheckpointSchedule {
  private final int steps;
  private final int budget;
  private final long[][] cost;
  private final int[][] split;
  private final long[][] spineCost;
  private final int[][] spineSplit;

  /**
   * @param steps T ≥ 1
   * @param budget M ≥ 0 records
   */
  public CheckpointSchedule(int steps, int budget) {
    if (steps < 1) {
      throw new IllegalArgumentException("steps must be >= 1, was " + steps);
    }
    if (budget < 0) {
      throw new IllegalArgumentException("budget must be >= 0, was " + budget);
    }
    this.steps = steps;
    this.budget = budget;
    // more records than t − 2 (E) or t − 1 (P) do not help: E(t, m) = t − 1 and P(t, m) = 0 there,
    // so the tables hold m = 0..min(M, t − 3) for E and 0..min(M, t − 2) for P
    cost = new long[steps + 1][];
    split = new int[steps + 1][];
    spineCost = new long[steps + 1][];
    spineSplit = new int[steps + 1][];
    // with M ≥ T − 1 every record is stored along the spine and no table is needed
    int rows = budget >= steps - 1 ? 1 : steps + 1;
    for (int t = 0; t < rows; t++) {
      int me = Math.max(0, Math.min(budget, t - 3));
      int mp = Math.max(0, Math.min(budget, t - 2));
      cost[t] = new long[me + 1];
      split[t] = new int[me + 1];
      spineCost[t] = new long[mp + 1];
      spineSplit[t] = new int[mp + 1];
      cost[t][0] = (long) t * Math.max(0, t - 1) / 2;
      spineCost[t][0] = cost[t][0];
      for (int m = 1; m <= mp; m++) {
        boolean both = m <= me;
        long best = Long.MAX_VALUE;
        long bestSpine = Long.MAX_VALUE;
        int at = 1;
        int atSpine = 1;
        for (int y = 1; y < t; y++) {
          // lower bounds: E(t − y, ·) ≥ t − y − 1 and E(y, ·) ≥ y − 1, so no larger y can do better
          // than y + t − 2 (E) and y − 1 (P)
          if ((!both || y + t - 2 >= best) && y - 1 >= bestSpine) {
            break;
          }
          long left = e(y, m - 1);
          if (both) {
            long c = y + e(t - y, m - 1) + left;
            if (c < best) {
              best = c;
              at = y;
            }
          }
          long cs = p(t - y, m - 1) + left;
          if (cs < bestSpine) {
            bestSpine = cs;
            atSpine = y;
          }
        }
        if (both) {
          cost[t][m] = best;
          split[t][m] = at;
        }
        spineCost[t][m] = bestSpine;
        spineSplit[t][m] = atSpine;
      }
    }
  }

  /** E(t, m) for m ≤ M. */
  private long e(int t, int m) {
    if (t <= 1) {
      return 0;
    }
    return m >= t - 2 ? t - 1 : cost[t][m];
  }

  /** P(t, m) for m ≤ M. */
  private long p(int t, int m) {
    if (t <= 1 || m >= t - 1) {
      return 0;
    }
    return spineCost[t][m];
  }

  /** T. */
  public int steps() {
    return steps;
  }

  /** M. */
  public int budget() {
    return budget;
  }

  /** E(t, m): forward steps recomputed to backpropagate a segment of t steps with m free records. */
  public long recomputation(int t, int m) {
    return e(t, Math.min(m, budget));
  }

  /** P(t, m): the same for a segment whose forward pass was the shared one (the spine). */
  public long spine(int t, int m) {
    return p(t, Math.min(m, budget));
  }

  /** The forward steps the whole backward pass recomputes: P(T, M). */
  public long totalRecomputation() {
    return spine(steps, budget);
  }

  /** The best split y of a recomputed segment (t ≥ 2, 1 ≤ m). */
  int split(int t, int m) {
    return m >= t - 2 ? 1 : split[t][m];
  }

  /** The best split y of a spine segment (t ≥ 2, 1 ≤ m). */
  int spineSplit(int t, int m) {
    return m >= t - 1 ? 1 : spineSplit[t][m];
  }
}
