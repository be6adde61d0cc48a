package org.bpttlab.experiment.align;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.Trajectory;
import org.bpttlab.core.net.Network;
import org.bpttlab.rules.LearningRule;
import org.bpttlab.rules.Session;

/**
 * Alignment per update (issue 29), and the rule × rule matrix of Marschall et al. 2020: a rule's
 * gradient at each of its updates beside the gradients that other sessions compute for the very
 * same steps on the very same trajectory and state.
 *
 * <p>The comparison sessions are passive: they observe each step before the rule's update at that
 * step is applied (the trainer runs them first), so each sees the weights the step ran with, and
 * they hand out a gradient after every step ({@code online=1}) or, for a rule that updates once per
 * sequence, at its end. Their gradients are summed over the steps since the rule's last update, so at
 * an update after step t each holds its estimate of the gradient of the same losses, L_{t'+1} + … +
 * L_t, as the update does. The first comparison is the exact one: for an online rule RTRL with
 * {@code online=1}, whose per-step gradient is ∂L_t/∂θ through the whole history at the weights each
 * step ran with; so each update is measured against the exact gradient of what it estimates, not
 * against weights that drifted over a chunk. (A rule that updates once per sequence keeps BPTT's
 * {@link AlignmentHarness}.)
 *
 * <p>Per update: the {@link Alignment} of the rule's gradient with the exact one, per group, and the
 * cosine of every pair of the rule and the comparisons, per group. Per sequence, their means over the
 * updates (an undefined cosine, both gradients zero, left out). Allocates its buffers once.
 */
public final class UpdateAlignment {
  /**
   * One cell of the matrix for a sequence: the mean cosine of two rules' gradients over the updates.
   *
   * @param first a rule's name (index 0: the rule that trains)
   * @param second another's
   * @param group {@link Alignment#ALL} or a parameter group
   * @param cosine the mean over the updates where it is defined
   * @param updates how many updates the mean is over
   */
  public record Pair(String first, String second, String group, double cosine, int updates) {}

  private final List<String> names;
  private final List<Session> sessions;
  private final Parameters[] windows;
  private final int[] lastStep;
  private final boolean online;
  private final int groups;
  private final String[] groupNames;
  /** Sums of the alignment's 5 measures per group (all, then each), and their counts. */
  private final double[][] sums;
  private final int[][] counts;
  /** Sums of pair cosines: [pair][group], and counts. */
  private final double[][] pairSums;
  private final int[][] pairCounts;
  private final Parameters scratch;
  private int updates;

  /**
   * A harness for a rule named {@code rule} that trains {@code params} of {@code network} on
   * batches of {@code batchSize} sequences, compared with {@code comparisons} (the first is the
   * exact one), each begun on the live parameters and named as {@code labels} says (their specs as
   * given).
   *
   * @param online whether the rule updates within a sequence (the comparisons must then hand out a
   *     gradient at each of its updates)
   */
  public UpdateAlignment(Network network, Parameters params, int batchSize, String rule,
      boolean online, List<LearningRule> comparisons, List<String> labels) {
    if (comparisons.isEmpty() || labels.size() != comparisons.size()) {
      throw new IllegalArgumentException(
          "an update alignment needs the exact rule to compare with, and a label for each rule");
    }
    this.online = online;
    List<String> n = new ArrayList<>();
    n.add(rule);
    List<Session> s = new ArrayList<>();
    for (int i = 0; i < comparisons.size(); i++) {
      n.add(labels.get(i));
      s.add(new Timed(comparisons.get(i).begin(network, params, batchSize)));
    }
    names = List.copyOf(n);
    sessions = List.copyOf(s);
    windows = new Parameters[sessions.size()];
    for (int i = 0; i < windows.length; i++) {
      windows[i] = params.zerosLike();
    }
    lastStep = new int[sessions.size()];
    groups = params.groupCount() + 1;
    groupNames = new String[groups];
    groupNames[0] = Alignment.ALL;
    for (int g = 1; g < groups; g++) {
      groupNames[g] = params.shape(g - 1).name();
    }
    sums = new double[groups][5];
    counts = new int[groups][5];
    int rules = names.size();
    pairSums = new double[rules * (rules - 1) / 2][groups];
    pairCounts = new int[pairSums.length][groups];
    scratch = params.zerosLike();
  }

  /** The most doubles RTRL's influence matrices may hold for the per-update measure (64 MiB). */
  static final long MAX_INFLUENCE_DOUBLES = 1L << 23;
  /** The most floating-point operations per step RTRL may cost for it (about 50 ms here). */
  static final double MAX_FLOPS_PER_STEP = 1 << 28;

  /**
   * Whether RTRL, the exact per-step gradient, is affordable beside a training of {@code network}
   * on batches of {@code batchSize}: its influence (B·S·P doubles) at most
   * {@value #MAX_INFLUENCE_DOUBLES} and its work (2·B·S²·P per step) at most 2^28. Otherwise an
   * online rule is measured by the sum of its gradients over the sequence against BPTT's at the
   * sequence's first weights ({@link AlignmentHarness}).
   */
  public static boolean exactAffordable(Network network, int batchSize) {
    double s = network.cell().stateSize();
    double p = network.cell().parameterCount();
    return batchSize * s * p <= MAX_INFLUENCE_DOUBLES
        && 2 * batchSize * s * s * p <= MAX_FLOPS_PER_STEP;
  }

  /** The rules' names: the rule that trains, then the comparisons (the exact one first). */
  public List<String> names() {
    return names;
  }

  /** The passive sessions, to run before the rule's (they only read the trajectory). */
  public List<Session> passive() {
    return sessions;
  }

  /** A measured sequence is about to start. */
  public void startSequence() {
    for (Parameters w : windows) {
      w.fill(0.0);
    }
    Arrays.fill(lastStep, 0);
    for (double[] row : sums) {
      Arrays.fill(row, 0.0);
    }
    for (int[] row : counts) {
      Arrays.fill(row, 0);
    }
    for (double[] row : pairSums) {
      Arrays.fill(row, 0.0);
    }
    for (int[] row : pairCounts) {
      Arrays.fill(row, 0);
    }
    updates = 0;
  }

  /**
   * Passive session {@code index} (of {@link #passive()}) handed out {@code gradient} after step t.
   *
   * @param gradient Not modified
   */
  public void passiveGradient(int index, int t, Parameters gradient) {
    windows[index].addScaled(1.0, gradient);
    lastStep[index] = t;
  }

  /**
   * The rule updates after step t with {@code gradient} (before clipping): measured against the
   * comparisons' gradients of the same steps.
   *
   * @param gradient Not modified
   * @throws IllegalArgumentException if a comparison did not hand out a gradient at this step
   */
  public void update(int t, Parameters gradient) {
    for (int i = 0; i < sessions.size(); i++) {
      if (online && lastStep[i] != t) {
        throw new IllegalArgumentException("the comparison rule " + names.get(i + 1)
            + " must hand out a gradient at every update of " + names.get(0) + " (step " + t
            + "): give it online=1");
      }
    }
    measure(gradient);
  }

  /**
   * After the sequence and the rule's {@link Session#gradient}: the comparisons' gradients of the
   * steps after the last update, measured against the rule's.
   *
   * @param gradient Not modified: the rule's gradient for the rest of the sequence
   */
  public void finish(Trajectory trajectory, Parameters gradient) {
    for (int i = 0; i < sessions.size(); i++) {
      sessions.get(i).gradient(trajectory, scratch);
      windows[i].addScaled(1.0, scratch);
    }
    measure(gradient);
  }

  private void measure(Parameters gradient) {
    List<Alignment.OfGroup> exact = Alignment.byGroup(gradient, windows[0]);
    for (int g = 0; g < groups; g++) {
      Alignment a = exact.get(g).alignment();
      add(g, 0, a.cosine());
      add(g, 1, a.normRatio());
      add(g, 2, a.signAgreement());
      add(g, 3, a.estimateNorm());
      add(g, 4, a.exactNorm());
    }
    int pair = 0;
    for (int i = 0; i < names.size(); i++) {
      for (int j = i + 1; j < names.size(); j++) {
        Parameters a = i == 0 ? gradient : windows[i - 1];
        List<Alignment.OfGroup> cells = Alignment.byGroup(a, windows[j - 1]);
        for (int g = 0; g < groups; g++) {
          double c = cells.get(g).alignment().cosine();
          if (!Double.isNaN(c)) {
            pairSums[pair][g] += c;
            pairCounts[pair][g]++;
          }
        }
        pair++;
      }
    }
    for (Parameters w : windows) {
      w.fill(0.0);
    }
    updates++;
  }

  private void add(int group, int measure, double value) {
    if (!Double.isNaN(value) && !Double.isInfinite(value)) {
      sums[group][measure] += value;
      counts[group][measure]++;
    }
  }

  /**
   * The rule's carried state followed by the comparisons' (a stochastic one's noise counter), for a
   * checkpoint: {@code [rule's..., each comparison's..., length of the rule's, of each comparison's]}.
   *
   * @param rule Not modified
   */
  public double[] withCarriedState(double[] rule) {
    List<double[]> parts = new ArrayList<>();
    parts.add(rule);
    for (Session s : sessions) {
      parts.add(s.carriedState());
    }
    int total = 0;
    for (double[] part : parts) {
      total += part.length;
    }
    double[] out = new double[total + parts.size()];
    int at = 0;
    for (int i = 0; i < parts.size(); i++) {
      System.arraycopy(parts.get(i), 0, out, at, parts.get(i).length);
      at += parts.get(i).length;
      out[total + i] = parts.get(i).length;
    }
    return out;
  }

  /**
   * Restores the comparisons from a {@link #withCarriedState} array and returns the rule's part.
   *
   * @throws IllegalArgumentException if the array does not hold this harness's parts
   */
  public double[] restoreCarriedState(double[] state) {
    int parts = sessions.size() + 1;
    if (state.length < parts) {
      throw new IllegalArgumentException("the checkpoint's carried state does not hold the"
          + " comparison rules' (" + state.length + " values)");
    }
    int total = state.length - parts;
    int sum = 0;
    for (int i = 0; i < parts; i++) {
      double len = state[total + i];
      if (!(len >= 0 && len == Math.rint(len))) {
        throw new IllegalArgumentException("the checkpoint's carried state does not hold the"
            + " comparison rules'");
      }
      sum += (int) len;
    }
    if (sum != total) {
      throw new IllegalArgumentException("the checkpoint's carried state does not hold the"
          + " comparison rules'");
    }
    int at = (int) state[total];
    for (int i = 0; i < sessions.size(); i++) {
      int len = (int) state[total + 1 + i];
      sessions.get(i).restoreCarriedState(Arrays.copyOfRange(state, at, at + len));
      at += len;
    }
    return Arrays.copyOfRange(state, 0, (int) state[total]);
  }

  /** Nanoseconds the passive sessions have spent so far (not the rule's training time). */
  public long nanos() {
    long sum = 0;
    for (Session s : sessions) {
      sum += ((Timed) s).nanos;
    }
    return sum;
  }

  /** Updates measured in the current sequence. */
  public int updates() {
    return updates;
  }

  /**
   * The rule's alignment with the exact gradient, each measure the mean over the sequence's updates
   * where it is defined (NaN where it is nowhere), over all parameters and per group.
   */
  public List<Alignment.OfGroup> meanAlignment() {
    List<Alignment.OfGroup> out = new ArrayList<>(groups);
    for (int g = 0; g < groups; g++) {
      out.add(new Alignment.OfGroup(groupNames[g], new Alignment(mean(g, 0), mean(g, 1),
          mean(g, 2), mean(g, 3), mean(g, 4))));
    }
    return out;
  }

  private double mean(int g, int measure) {
    return counts[g][measure] == 0 ? Double.NaN : sums[g][measure] / counts[g][measure];
  }

  /** A session with the time spent in it counted. */
  private static final class Timed implements Session {
    private final Session session;
    private long nanos;

    Timed(Session session) {
      this.session = session;
    }

    @Override
    public void startSequence(Trajectory trajectory) {
      long t0 = System.nanoTime();
      session.startSequence(trajectory);
      nanos += System.nanoTime() - t0;
    }

    @Override
    public void observe(Trajectory trajectory, int t) {
      long t0 = System.nanoTime();
      session.observe(trajectory, t);
      nanos += System.nanoTime() - t0;
    }

    @Override
    public boolean onlineGradient(Trajectory trajectory, int t, Parameters out) {
      long t0 = System.nanoTime();
      boolean handed = session.onlineGradient(trajectory, t, out);
      nanos += System.nanoTime() - t0;
      return handed;
    }

    @Override
    public void gradient(Trajectory trajectory, Parameters out) {
      long t0 = System.nanoTime();
      session.gradient(trajectory, out);
      nanos += System.nanoTime() - t0;
    }

    @Override
    public int window() {
      return session.window();
    }

    @Override
    public double[] carriedState() {
      return session.carriedState();
    }

    @Override
    public void restoreCarriedState(double[] state) {
      session.restoreCarriedState(state);
    }

    @Override
    public org.bpttlab.rules.RuleCost cost() {
      return session.cost();
    }
  }

  /** The matrix of the sequence: every pair of rules, per group, in the order of {@link #names()}. */
  public List<Pair> pairs() {
    List<Pair> out = new ArrayList<>();
    int pair = 0;
    for (int i = 0; i < names.size(); i++) {
      for (int j = i + 1; j < names.size(); j++) {
        for (int g = 0; g < groups; g++) {
          int c = pairCounts[pair][g];
          out.add(new Pair(names.get(i), names.get(j), groupNames[g],
              c == 0 ? Double.NaN : pairSums[pair][g] / c, c));
        }
        pair++;
      }
    }
    return out;
  }
}
