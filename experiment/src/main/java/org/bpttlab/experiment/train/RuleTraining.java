package org.bpttlab.experiment.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.bpttlab.core.Batch;
import org.bpttlab.core.BatchBuffers;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.Perturbation;
import org.bpttlab.core.Seeds;
import org.bpttlab.core.Trajectory;
import org.bpttlab.kernels.ProductTeam;
import org.bpttlab.core.net.Network;
import org.bpttlab.experiment.align.Alignment;
import org.bpttlab.experiment.align.AlignmentHarness;
import org.bpttlab.experiment.align.UpdateAlignment;
import org.bpttlab.rules.LearningRule;
import org.bpttlab.rules.RuleCost;
import org.bpttlab.rules.RuleSpec;
import org.bpttlab.rules.Rules;
import org.bpttlab.rules.SequenceRunner;
import org.bpttlab.rules.bptt.Bptt;
import org.bpttlab.rules.rtrl.Rtrl;
import org.bpttlab.rules.Session;
import org.bpttlab.rules.optim.Optimizer;
import org.bpttlab.tasks.StreamTask;
import org.bpttlab.tasks.Task;

/**
 * One rule's training on one seed, an iteration at a time (the loop of {@link Trainer}'s class
 * comment), with its state exported to and restored from a {@link Checkpoint}. On the iterations
 * {@link TrainingSpec#alignsAt} names, a passive BPTT session runs beside the rule's on the same
 * trajectory ({@link AlignmentHarness}) and the rule's gradient is measured against the exact one
 * before the update; that changes none of the rule's numbers.
 *
 * <p>Every trajectory, gradient and buffer is allocated once. Not thread-safe: one thread drives a
 * training (different trainings may run on different threads).
 */
public final class RuleTraining implements AutoCloseable {
  /**
   * What one iteration did.
   *
   * @param iteration the iteration, 1-based
   * @param loss its training batch's loss, before the update
   * @param metrics its metrics row, or null if it records none
   * @param alignment its alignment rows (all parameters, then per group), empty if not measured
   * @param pairs the rule × rule matrix of the iteration ({@link UpdateAlignment#pairs}), empty
   *     without comparison rules or if not measured
   */
  public record Step(int iteration, double loss, MetricsRow metrics, List<AlignmentRow> alignment,
      List<UpdateAlignment.Pair> pairs) {
    public Step {
      alignment = List.copyOf(alignment);
      pairs = List.copyOf(pairs);
    }
  }

  private final Task task;
  private final TrainingSpec spec;
  private final String name;
  private final Network network;
  private final ProductTeam team;
  private final Seeds seeds;
  private final Parameters params;
  private final Parameters grad;
  private final Optimizer optimizer;
  private final Session session;
  private final PerturbationWatch watch = new PerturbationWatch();
  private final List<Session> alone;
  private final List<Session> withPassive;
  private final AlignmentHarness harness;
  /** Each update against the exact one and the comparison rules; null if neither is measured. */
  private final UpdateAlignment updates;
  /** Whether the rule's alignment rows are measured per update (it updates online). */
  private final boolean perUpdate;
  /** The rule's session's index in the list the runner drives (after the passive comparisons). */
  private final int trained;
  private final SequenceRunner.OnlineUpdates online;
  private final StreamTask stream;
  /** W_rec's entries outside a sparse connectivity, whose gradient is zeroed (empty if dense). */
  private final int[] masked;
  /** The arrays every batch of this training is drawn into (one batch is in use at a time). */
  private final BatchBuffers batches = BatchBuffers.reused();
  private Trajectory trajectory;
  private int iteration;
  private boolean measuring;
  private long elapsedNanos;

  /**
   * A training of {@code rule} (named {@code name}) from the initial parameters of
   * {@code spec.seed()}. Throws {@link IllegalArgumentException} if the network does not fit the
   * task or the rule does not apply to the network.
   */
  public RuleTraining(Task task, TrainingSpec spec, String name, LearningRule rule) {
    this(task, spec, name, rule, false);
  }

  /**
   * A training as {@link #RuleTraining(Task, TrainingSpec, String, LearningRule)}; with
   * {@code onStream}, on consecutive chunks of one stream of the task (a {@link StreamTask}; see
   * {@link Trainer}'s class comment).
   */
  public RuleTraining(Task task, TrainingSpec spec, String name, LearningRule rule,
      boolean onStream) {
    this(task, spec, name, rule, onStream, 1);
  }

  /**
   * A training as {@link #RuleTraining(Task, TrainingSpec, String, LearningRule, boolean)} whose
   * network splits its large matrix products over {@code productThreads} threads (its own
   * {@link ProductTeam}, ended by {@link #close}), and over any thread lent to it
   * ({@link #team()}): the same numbers as on one.
   */
  public RuleTraining(Task task, TrainingSpec spec, String name, LearningRule rule,
      boolean onStream, int productThreads) {
    Trainer.requireFits(task, spec);
    if (onStream) {
      Trainer.requireStream(task, spec);
    }
    this.stream = onStream ? (StreamTask) task : null;
    this.task = task;
    this.spec = spec;
    this.name = name;
    this.team = new ProductTeam(productThreads);
    try {
      this.network = new Network(spec.network(), team);
      this.seeds = new Seeds(spec.seed());
      this.params = network.initialize(seeds);
      this.masked = network.maskedRecurrentEntries(seeds);
      this.grad = network.newParameters();
      this.optimizer = spec.optimizer().create(params);
      this.session = rule.begin(network, params, spec.batchSize(), spec.optimizer());
    } catch (RuntimeException e) {
      team.close();
      throw e;
    }
    this.alone = List.of(session, watch);
    perUpdate = spec.alignEvery() > 0 && rule.updatesOnline()
        && UpdateAlignment.exactAffordable(network, spec.batchSize());
    if (rule.updatesOnline() && !perUpdate && !spec.alignWith().isEmpty()) {
      team.close();
      throw new IllegalArgumentException("align_with: the comparisons of " + name + ", which"
          + " updates online, are measured against RTRL's per-step gradient, too costly beside"
          + " this network (n = " + network.cell().hidden() + ", batch " + spec.batchSize()
          + "); use a smaller network or batch");
    }
    List<LearningRule> comparisons = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    if (perUpdate || !spec.alignWith().isEmpty()) {
      // the exact gradient of the same steps: RTRL's per step for an online rule, else BPTT's
      LearningRule exact = perUpdate ? new Rtrl(1) : new Bptt();
      comparisons.add(exact);
      labels.add(exact.name());
      for (String r : spec.alignWith()) {
        comparisons.add(Rules.create(RuleSpec.parse(r)));
        labels.add(r);
      }
    }
    updates = comparisons.isEmpty() ? null : new UpdateAlignment(network, params,
        spec.batchSize(), name, perUpdate, comparisons, labels);
    List<Session> measured = new ArrayList<>();
    if (updates != null) {
      // first: they see each step at the weights it ran with, before the rule's update after it
      measured.addAll(updates.passive());
    }
    trained = measured.size();
    measured.add(session);
    measured.add(watch);
    if (spec.alignEvery() > 0 && !perUpdate) {
      harness = new AlignmentHarness(network, params, spec.batchSize());
      measured.add(harness.passive());
    } else {
      harness = null;
    }
    withPassive = List.copyOf(measured);
    this.online = this::applyOnline;
  }

  /** Ends the helper threads of the network's products (a training is not run after this). */
  @Override
  public void close() {
    team.close();
  }

  /** The team of the network's products, which idle threads may {@link ProductTeam#help}. */
  public ProductTeam team() {
    return team;
  }

  /** The rule, as its spec is written. */
  public String rule() {
    return name;
  }

  public TrainingSpec spec() {
    return spec;
  }

  /** Iterations done. */
  public int iteration() {
    return iteration;
  }

  /** True once every iteration is done. */
  public boolean done() {
    return iteration >= spec.iterations();
  }

  /** Training seconds so far (the alignment's passive sessions not counted). */
  public double seconds() {
    return elapsedNanos * 1e-9;
  }

  /** The live parameters (Not to be modified). */
  public Parameters parameters() {
    return params;
  }

  /**
   * Runs the next iteration. Throws {@link TrainingDivergedException} if its loss, the rule's
   * gradient or the updated parameters are not finite (naming the group), leaving the training as
   * it was before the offending update.
   */
  public Step next() {
    if (done()) {
      throw new IllegalStateException("all " + spec.iterations() + " iterations are done");
    }
    int i = iteration + 1;
    long begin = System.nanoTime();
    Trajectory tr;
    if (stream == null) {
      tr = trajectory(task.sample(spec.batchSize(), seeds.derive("task", i), batches.next()));
    } else {
      // chunk i − 1 of the stream, from the state the last chunk ended in (set aside below)
      tr = trajectory(
          stream.chunk(spec.batchSize(), seeds.derive("task"), i - 1, batches.next()));
    }
    boolean align = spec.alignsAt(i);
    measuring = align;
    if (align && harness != null) {
      harness.startSequence();
    }
    // on a stream the passive comparisons carry their traces from chunk to chunk: they run on every
    // chunk, measured or not
    boolean passive = align || (updates != null && stream != null);
    long passiveBefore = updates == null ? 0 : updates.nanos();
    if (passive && updates != null) {
      updates.startSequence();
    }
    double loss = SequenceRunner.run(network, params, tr, passive ? withPassive : alone, grad,
        online);
    if (stream != null) {
      // the state the next chunk starts from, before any recomputation of this one (alignment, a
      // clean forward pass) overwrites the trajectory
      tr.carryOver();
    }
    if (!Double.isFinite(loss)) {
      String group = largestGroup(params);
      throw new TrainingDivergedException(name, i, group, "loss is " + loss
          + "; the largest parameters are in " + group + " (|w| up to "
          + String.format(Locale.ROOT, "%.3g", maxAbs(params.read(group))) + ")");
    }
    session.gradient(tr, grad);
    boolean record = spec.recordsAt(i);
    // a rule that perturbed the network it trains: score the clean network instead (one more
    // forward pass, at the parameters of the update; for an online rule those it ended with)
    boolean clean = !watch.perturbed();
    if (!clean && (record || (align && harness != null && !harness.online()))) {
      loss = cleanForward(tr);
      clean = true;
    }
    double metric = record ? task.metric(tr) : Double.NaN;
    RuleCost cost = record ? session.cost() : null;
    long alignNanos = 0;
    List<AlignmentRow> alignment = List.of();
    List<UpdateAlignment.Pair> pairs = List.of();
    if (align) {
      long a = System.nanoTime();
      if (updates != null) {
        // before the harness, whose clean pass may overwrite the trajectory
        updates.finish(tr, grad);
        pairs = spec.alignWith().isEmpty() ? List.of() : updates.pairs();
      }
      List<AlignmentRow> rows = new ArrayList<>();
      for (Alignment.OfGroup g : perUpdate ? updates.meanAlignment()
          : harness.measure(tr, grad, clean)) {
        rows.add(new AlignmentRow(i, name, g.group(), g.alignment()));
      }
      alignment = rows;
      alignNanos = System.nanoTime() - a;
    } else if (passive) {
      // keep the comparisons' traces going (their gradients are not measured)
      long a = System.nanoTime();
      updates.finish(tr, grad);
      alignNanos = System.nanoTime() - a;
    }
    if (updates != null) {
      alignNanos += updates.nanos() - passiveBefore;
    }
    double norm = update(i, grad, "gradient");
    elapsedNanos += System.nanoTime() - begin - alignNanos;
    iteration = i;
    MetricsRow row = record
        ? new MetricsRow(i, name, loss, metric, norm, seconds(), cost) : null;
    return new Step(i, loss, row, alignment, pairs);
  }

  /** The network's forward pass over the trajectory's batch without any perturbation. */
  private double cleanForward(Trajectory tr) {
    Perturbation p = tr.perturbation();
    tr.setPerturbation(null);
    try {
      return network.forward(params, tr);
    } finally {
      tr.setPerturbation(p);
    }
  }

  /**
   * An online gradient of a session: a passive comparison's (indices before the rule's) is kept for
   * the next measured update; the rule's is measured and applied (the passive BPTT hands out none).
   */
  private void applyOnline(int index, int t, Parameters g) {
    if (index < trained) {
      updates.passiveGradient(index, t, g);
      return;
    }
    if (index != trained) {
      return;
    }
    if (measuring) {
      if (perUpdate) {
        updates.update(t, g);
      } else {
        harness.onlineGradient(g);
      }
    }
    update(iteration + 1, g, "online gradient after step " + t);
  }

  /** Applies {@code g}; returns its norm; throws naming the group if g or the result is not finite. */
  private double update(int i, Parameters g, String what) {
    for (String group : spec.frozen()) {
      Arrays.fill(g.get(group), 0.0);
    }
    if (masked.length > 0) {
      double[] recurrent = g.get(Parameters.RECURRENT_WEIGHTS);
      for (int k : masked) {
        recurrent[k] = 0;
      }
    }
    // a gradient with a non-finite norm is left unapplied (Optimizer.update)
    double norm = optimizer.update(params, g);
    if (!Double.isFinite(norm)) {
      String group = nonFiniteGroup(g);
      if (group == null) {
        group = largestGroup(g);
        throw new TrainingDivergedException(name, i, group,
            "the norm of the " + what + " overflows (largest entries in " + group + ")");
      }
      throw new TrainingDivergedException(name, i, group,
          what + " is not finite in " + group + " (" + firstNonFinite(g, group) + ")");
    }
    String group = nonFiniteGroup(params);
    if (group != null) {
      throw new TrainingDivergedException(name, i, group,
          "parameters " + group + " are not finite after the update by the " + what);
    }
    return norm;
  }

  /** The first group holding a NaN or an infinity, or null. */
  static String nonFiniteGroup(Parameters p) {
    for (int g = 0; g < p.groupCount(); g++) {
      for (double x : p.get(g)) {
        if (!Double.isFinite(x)) {
          return p.shape(g).name();
        }
      }
    }
    return null;
  }

  private static String firstNonFinite(Parameters p, String group) {
    double[] v = p.get(group);
    for (int k = 0; k < v.length; k++) {
      if (!Double.isFinite(v[k])) {
        return v[k] + " at entry " + k;
      }
    }
    return "finite";
  }

  private static String largestGroup(Parameters p) {
    String best = p.shape(0).name();
    double max = -1;
    for (int g = 0; g < p.groupCount(); g++) {
      for (double x : p.get(g)) {
        if (Math.abs(x) > max) {
          max = Math.abs(x);
          best = p.shape(g).name();
        }
      }
    }
    return best;
  }

  private static double maxAbs(double[] v) {
    double max = 0;
    for (double x : v) {
      max = Math.max(max, Math.abs(x));
    }
    return max;
  }

  private Trajectory trajectory(Batch batch) {
    if (trajectory == null) {
      trajectory = network.newTrajectory(batch);
    } else {
      trajectory.rebind(batch);
    }
    return trajectory;
  }

  /** The state after the iterations done so far. */
  public Checkpoint checkpoint() {
    double[] carried = session.carriedState();
    return new Checkpoint(name, spec.seed(), iteration, seconds(), params, optimizer.state(),
        updates == null ? carried : updates.withCarriedState(carried));
  }

  /**
   * Continues from {@code c}, which must come from a training of the same rule, seed and network;
   * throws {@link IllegalArgumentException} naming the mismatch.
   */
  public void restore(Checkpoint c) {
    if (stream != null) {
      throw new IllegalArgumentException("a training on a stream cannot be restored: a checkpoint"
          + " does not hold the network's carried state");
    }
    if (!c.rule().equals(name)) {
      throw new IllegalArgumentException(
          "checkpoint is of rule " + c.rule() + ", this training's rule is " + name);
    }
    if (c.seed() != spec.seed()) {
      throw new IllegalArgumentException(
          "checkpoint is of seed " + c.seed() + ", this training's seed is " + spec.seed());
    }
    if (c.iteration() > spec.iterations()) {
      throw new IllegalArgumentException("checkpoint is after iteration " + c.iteration()
          + ", beyond this training's " + spec.iterations());
    }
    Parameters p = c.parameters();
    p.requireSameLayout(params);
    optimizer.restore(c.optimizer());
    session.restoreCarriedState(updates == null ? c.carriedState()
        : updates.restoreCarriedState(c.carriedState()));
    params.copyFrom(p);
    iteration = c.iteration();
    elapsedNanos = Math.round(c.seconds() * 1e9);
  }

  /** Scores the parameters on the held-out batches, reusing the training's trajectory. */
  public Evaluation evaluate() {
    int k = spec.evalBatches();
    if (k == 0) {
      return Evaluation.none();
    }
    double loss = 0;
    double metric = 0;
    for (int b = 0; b < k; b++) {
      Trajectory tr =
          trajectory(task.sample(spec.batchSize(), seeds.derive(spec.heldOut().stream(), b),
              batches.next()));
      loss += network.forward(params, tr);
      metric += task.metric(tr);
    }
    return new Evaluation(loss / k, metric / k, k * spec.batchSize());
  }
}
