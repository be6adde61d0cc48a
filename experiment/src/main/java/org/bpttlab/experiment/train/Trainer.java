package org.bpttlab.experiment.train;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.bpttlab.kernels.ProductTeam;
import org.bpttlab.experiment.io.Parallel;
import org.bpttlab.rules.LearningRule;
import org.bpttlab.rules.RuleSpec;
import org.bpttlab.rules.Rules;
import org.bpttlab.tasks.StreamTask;
import org.bpttlab.tasks.Task;

/**
 * The training loop. For a rule, with {@code seeds = new Seeds(seed)}:
 *
 * <pre>
 * θ = network.initialize(seeds)                                  the same start for every rule
 * for i = 1..iterations:
 *   batch = task.sample(batchSize, seeds.derive("task", i))      the same batches for every rule
 *   run the network over the batch with the rule's session observing
 *     (an online rule's mid-sequence gradients update θ at once, with the same optimizer)
 *     (on alignment iterations a passive BPTT session observes too)
 *   g = the session's gradient (of the steps since its last online update)
 *   if i % alignEvery == 0 or i == iterations: measure g against BPTT's gradient (AlignmentHarness)
 *   θ = optimizer.update(θ, g)                                   (clipping first, if asked)
 *   if i % evalEvery == 0 or i == iterations: record (i, loss, metric, ‖g‖, seconds, cost)
 * score θ on the held-out batches seeds.derive("eval", k) (validation) or ("test", k) (test)
 * </pre>
 *
 * A NaN or infinite loss, gradient or parameter stops a rule's run ({@link
 * TrainingDivergedException} naming the rule, the iteration and the parameter group); its result
 * keeps the rows recorded so far and the other rules train on. The loop of one rule is
 * {@link RuleTraining}.
 *
 * <p><b>On a stream</b> ({@link #stream}): iteration i trains on chunk i − 1 of one stream,
 * {@code task.chunk(batchSize, seeds.derive("task"), i − 1)}, and the network's state at the end of
 * a chunk is its initial state in the next ({@link org.bpttlab.core.Trajectory#carryOver}), as are
 * the traces of every forward-mode session (RTRL, e-prop, RFLO, the readout's; {@link
 * org.bpttlab.rules.Session#startSequence}): with a rule's online updates every k steps (T a multiple
 * of k), K chunks of T steps train exactly as one sequence of K·T steps would. Truncated BPTT's
 * backward pass does not reach into the previous chunk (its window is cut at each chunk's step 0).
 * There is no held-out score (the stream's own loss is the measure: metrics rows every
 * {@code evalEvery} chunks). Runs are deterministic: the same task, spec, seed and rule give bit-identical
 * rows (but for the seconds), whether rules and seeds run one after another or in parallel.
 */
public final class Trainer {
  /** Told after every iteration of every rule (from the thread that trains the rule). */
  @FunctionalInterface
  public interface Progress {
    /**
     * Iteration {@code iteration} of {@code rule} on {@code seed} is done; its training batch's loss
     * was {@code loss}.
     */
    void iterationDone(String rule, long seed, int iteration, double loss);

    /** Progress that ignores everything. */
    static Progress none() {
      return (rule, seed, iteration, loss) -> {};
    }
  }

  private final Task task;
  private final TrainingSpec spec;
  private final boolean stream;

  /** Throws if the network does not fit the task (inputs, outputs). */
  public Trainer(Task task, TrainingSpec spec) {
    this(task, spec, false);
  }

  private Trainer(Task task, TrainingSpec spec, boolean stream) {
    requireFits(task, spec);
    if (stream) {
      requireStream(task, spec);
    }
    this.task = task;
    this.spec = spec;
    this.stream = stream;
  }

  /**
   * A trainer on one stream of {@code task} (see the class comment); {@code spec.evalBatches()}
   * must be 0. Throws if the network does not fit the task.
   */
  public static Trainer stream(Task task, TrainingSpec spec) {
    return new Trainer(task, spec, true);
  }

  /** True if iterations are consecutive chunks of one stream. */
  public boolean onStream() {
    return stream;
  }

  static void requireFits(Task task, TrainingSpec spec) {
    if (spec.network().inputs() != task.inputs()) {
      throw new IllegalArgumentException("network has " + spec.network().inputs()
          + " inputs, task " + task.name() + " " + task.inputs());
    }
    if (spec.network().outputs() != task.outputs()) {
      throw new IllegalArgumentException("network has " + spec.network().outputs()
          + " outputs, task " + task.name() + " " + task.outputs());
    }
  }

  /** Throws unless the task is a stream and the spec scores no held-out batches. */
  static void requireStream(Task task, TrainingSpec spec) {
    if (!(task instanceof StreamTask)) {
      throw new IllegalArgumentException("task " + task.name() + " is not a stream of chunks"
          + " (a StreamTask, such as online-add)");
    }
    if (spec.evalBatches() != 0) {
      throw new IllegalArgumentException("evalBatches must be 0 for training on a stream (its"
          + " chunks' own losses are the measure), was " + spec.evalBatches());
    }
  }

  public Task task() {
    return task;
  }

  public TrainingSpec spec() {
    return spec;
  }

  /**
   * Checks a list of rules: each must exist with valid options ({@link Rules#create}), and none may
   * be listed twice. Throws {@link IllegalArgumentException} naming the problem.
   */
  public static List<LearningRule> createRules(List<RuleSpec> rules) {
    if (rules.isEmpty()) {
      throw new IllegalArgumentException("at least one rule must be given");
    }
    Set<String> seen = new HashSet<>();
    List<LearningRule> created = new ArrayList<>();
    for (RuleSpec r : rules) {
      if (!seen.add(r.toString())) {
        throw new IllegalArgumentException("rule " + r + " is listed twice");
      }
      created.add(Rules.create(r));
    }
    return created;
  }

  /**
   * Trains every rule from the same start on the spec's seed, on up to {@code threads} threads;
   * returns the results in the rules' order.
   */
  public List<RuleResult> trainAll(List<RuleSpec> rules, int threads, Progress progress) {
    return trainSeeds(rules, List.of(spec.seed()), threads, progress).get(0);
  }

  /**
   * Trains every rule on every seed (the spec with that seed), all (seed, rule) pairs on up to
   * {@code threads} threads; returns the results by seed, then in the rules' order. With fewer
   * trainings than threads, each training's large matrix products are split over threads ÷
   * trainings of them, and threads freed by trainings that end join those still running (the same
   * numbers). A rule that diverges gives a result with its
   * {@link RuleResult#divergence()}; any other failure stops the others and is thrown.
   */
  public List<List<RuleResult>> trainSeeds(List<RuleSpec> rules, List<Long> seeds, int threads,
      Progress progress) {
    List<LearningRule> created = createRules(rules);
    if (seeds.isEmpty()) {
      throw new IllegalArgumentException("at least one seed must be given");
    }
    if (new HashSet<>(seeds).size() != seeds.size()) {
      throw new IllegalArgumentException("seeds must differ, were " + seeds);
    }
    // The first seed's trainings are made at once, so a rule that does not apply to the network
    // fails here; the others when they start, so that memory holds only the trainings running.
    int productThreads = Math.max(1, threads / (seeds.size() * rules.size()));
    List<Supplier<RuleTraining>> jobs = new ArrayList<>();
    List<RuleTraining> made = new ArrayList<>();
    List<RuleResult> done;
    try {
      for (int s = 0; s < seeds.size(); s++) {
        TrainingSpec seeded = spec.withSeed(seeds.get(s));
        for (int r = 0; r < rules.size(); r++) {
          String name = rules.get(r).toString();
          LearningRule rule = created.get(r);
          if (s == 0) {
            RuleTraining first = new RuleTraining(task, seeded, name, rule, stream, productThreads);
            made.add(first);
            jobs.add(() -> first);
          } else {
            jobs.add(() -> new RuleTraining(task, seeded, name, rule, stream, productThreads));
          }
        }
      }
      done = runAll(jobs, threads, progress);
    } finally {
      // those that never ran (a failure stopped the others) end their helpers here
      made.forEach(RuleTraining::close);
    }
    List<List<RuleResult>> bySeed = new ArrayList<>();
    for (int s = 0; s < seeds.size(); s++) {
      bySeed.add(List.copyOf(done.subList(s * rules.size(), (s + 1) * rules.size())));
    }
    return bySeed;
  }

  /**
   * Runs the trainings on up to {@code threads} threads. A thread whose training has ended when
   * none is left to start lends itself to one still running ({@link ProductTeam#help}, the one with
   * the fewest threads), until that one ends, then to another: the last trainings use the cores
   * the first ones freed, with the same numbers.
   */
  private static List<RuleResult> runAll(List<Supplier<RuleTraining>> jobs, int threads,
      Progress progress) {
    AtomicInteger notStarted = new AtomicInteger(jobs.size());
    Set<ProductTeam> running = ConcurrentHashMap.newKeySet();
    List<Parallel.Job<RuleResult, RuntimeException>> runs = new ArrayList<>();
    for (Supplier<RuleTraining> job : jobs) {
      runs.add(() -> {
        notStarted.decrementAndGet();
        RuleTraining training = job.get();
        running.add(training.team());
        RuleResult result;
        try {
          result = run(training, progress);
        } finally {
          running.remove(training.team());
        }
        if (threads > 1) {
          lend(notStarted, running);
        }
        return result;
      });
    }
    return Parallel.run(runs, threads, "bpttlab-train", RuntimeException.class);
  }

  /**
   * Lends the calling thread to the running trainings' product teams while no training is left to
   * start (the one with the fewest threads, until it ends, then another).
   */
  public static void lend(AtomicInteger notStarted, Set<ProductTeam> running) {
    while (notStarted.get() == 0 && !Thread.currentThread().isInterrupted()) {
      ProductTeam fewest = null;
      for (ProductTeam team : running) {
        if (!team.isClosed() && (fewest == null || team.threads() < fewest.threads())) {
          fewest = team;
        }
      }
      if (fewest == null) {
        return;
      }
      fewest.help();
    }
  }

  /** Trains one rule on the spec's seed (see the class comment). */
  public RuleResult train(RuleSpec ruleSpec, Progress progress) {
    return run(new RuleTraining(task, spec, ruleSpec.toString(), Rules.create(ruleSpec), stream),
        progress);
  }

  /**
   * Runs a training to its end, collecting its rows, then scores it on the held-out batches; closes
   * it.
   */
  private static RuleResult run(RuleTraining job, Progress progress) {
    try (job) {
      return runToEnd(job, progress);
    }
  }

  private static RuleResult runToEnd(RuleTraining job, Progress progress) {
    List<MetricsRow> rows = new ArrayList<>(job.spec().rowCount());
    List<AlignmentRow> alignment = new ArrayList<>();
    String name = job.rule();
    long seed = job.spec().seed();
    try {
      while (!job.done()) {
        if (Thread.currentThread().isInterrupted()) {
          throw new CancellationException("training of " + name + " interrupted");
        }
        RuleTraining.Step step = job.next();
        if (step.metrics() != null) {
          rows.add(step.metrics());
        }
        alignment.addAll(step.alignment());
        progress.iterationDone(name, seed, step.iteration(), step.loss());
      }
    } catch (TrainingDivergedException e) {
      return new RuleResult(name, seed, rows, alignment, Evaluation.none(),
          job.parameters().copy(), job.seconds(), e);
    }
    Evaluation heldOut = job.evaluate();
    return new RuleResult(name, seed, rows, alignment, heldOut, job.parameters(), job.seconds(),
        null);
  }
}
