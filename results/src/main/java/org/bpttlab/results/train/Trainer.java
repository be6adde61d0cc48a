package org.bpttlab.results.train;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bpttlab.core.Batch;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.Seeds;
import org.bpttlab.core.Trajectory;
import org.bpttlab.core.net.Network;
import org.bpttlab.rules.LearningRule;
import org.bpttlab.rules.RuleSpec;
import org.bpttlab.rules.Rules;
import org.bpttlab.rules.SequenceRunner;
import org.bpttlab.rules.Session;
import org.bpttlab.rules.optim.Optimizer;
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
 *   g = the session's gradient (of the steps since its last online update)
 *   if i % evalEvery == 0 or i == iterations: record (i, loss, metric, ‖g‖, seconds, cost)
 *   θ = optimizer.update(θ, g)                                   (clipping first, if asked)
 * score θ on the held-out batches seeds.derive("eval", k)
 * </pre>
 *
 * A NaN or infinite loss or gradient stops the run with a {@link TrainingDivergedException} naming
 * the rule and the iteration. The trajectory and the gradient are allocated once per run. Runs are
 * deterministic: the same task, spec and rule give bit-identical rows (but for the seconds), whether
 * rules run one after another or in parallel.
 */
public final class Trainer {
  /** Told after every iteration of every rule (from the thread that trains the rule). */
  @FunctionalInterface
  public interface Progress {
    void iterationDone(String rule, int iteration);

    /** Progress that ignores everything. */
    static Progress none() {
      return (rule, iteration) -> {};
    }
  }

  private final Task task;
  private final TrainingSpec spec;

  /** Throws if the network does not fit the task (inputs, outputs). */
  public Trainer(Task task, TrainingSpec spec) {
    if (spec.network().inputs() != task.inputs()) {
      throw new IllegalArgumentException("network has " + spec.network().inputs()
          + " inputs, task " + task.name() + " " + task.inputs());
    }
    if (spec.network().outputs() != task.outputs()) {
      throw new IllegalArgumentException("network has " + spec.network().outputs()
          + " outputs, task " + task.name() + " " + task.outputs());
    }
    this.task = task;
    this.spec = spec;
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
   * Trains every rule from the same start, on up to {@code threads} threads; returns the results in
   * the rules' order. If a rule fails, the others are stopped and its exception is thrown.
   */
  public List<RuleResult> trainAll(List<RuleSpec> rules, int threads, Progress progress) {
    List<LearningRule> created = createRules(rules);
    int n = rules.size();
    if (threads <= 1 || n == 1) {
      List<RuleResult> results = new ArrayList<>();
      for (int r = 0; r < n; r++) {
        results.add(train(rules.get(r).toString(), created.get(r), progress));
      }
      return results;
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, n), runnable -> {
      Thread t = new Thread(runnable, "bpttlab-train");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<RuleResult>> futures = new ArrayList<>();
      for (int r = 0; r < n; r++) {
        String name = rules.get(r).toString();
        LearningRule rule = created.get(r);
        futures.add(pool.submit(() -> train(name, rule, progress)));
      }
      List<RuleResult> results = new ArrayList<>();
      for (Future<RuleResult> f : futures) {
        results.add(f.get());
      }
      return results;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("training interrupted");
    } finally {
      pool.shutdownNow();
    }
  }

  /** Trains one rule (see the class comment). */
  public RuleResult train(RuleSpec ruleSpec, Progress progress) {
    return train(ruleSpec.toString(), Rules.create(ruleSpec), progress);
  }

  private RuleResult train(String name, LearningRule rule, Progress progress) {
    Network network = new Network(spec.network());
    Seeds seeds = new Seeds(spec.seed());
    Parameters params = network.initialize(seeds);
    Parameters grad = network.newParameters();
    Optimizer optimizer = spec.optimizer().create(params);
    int batchSize = spec.batchSize();
    Session session = rule.begin(network, params, batchSize, spec.optimizer());
    List<Session> sessions = List.of(session);
    int[] iteration = {0};
    SequenceRunner.OnlineUpdates online = (index, t, g) -> {
      if (!g.isFinite()) {
        throw new TrainingDivergedException(
            name, iteration[0], "online gradient after step " + t + " is not finite");
      }
      optimizer.update(params, g);
    };
    List<MetricsRow> rows = new ArrayList<>(spec.rowCount());
    Trajectory tr = null;
    long start = System.nanoTime();
    for (int i = 1; i <= spec.iterations(); i++) {
      if (Thread.currentThread().isInterrupted()) {
        throw new CancellationException("training of " + name + " interrupted");
      }
      iteration[0] = i;
      Batch batch = task.sample(batchSize, seeds.derive("task", i));
      if (tr == null) {
        tr = network.newTrajectory(batch);
      } else {
        tr.rebind(batch);
      }
      double loss = SequenceRunner.run(network, params, tr, sessions, grad, online);
      if (!Double.isFinite(loss)) {
        throw new TrainingDivergedException(name, i, "loss is " + loss);
      }
      session.gradient(tr, grad);
      long beforeUpdate = System.nanoTime();
      // ‖g‖ before clipping; a gradient with a non-finite norm is left unapplied and untouched.
      double norm = optimizer.update(params, grad);
      if (!Double.isFinite(norm)) {
        throw new TrainingDivergedException(
            name, i, grad.isFinite() ? "gradient norm overflows" : "gradient is not finite");
      }
      if (i % spec.evalEvery() == 0 || i == spec.iterations()) {
        double seconds = (beforeUpdate - start) * 1e-9;
        rows.add(new MetricsRow(i, name, loss, task.metric(tr), norm, seconds, session.cost()));
      }
      progress.iterationDone(name, i);
    }
    double seconds = (System.nanoTime() - start) * 1e-9;
    if (!params.isFinite()) {
      throw new TrainingDivergedException(name, spec.iterations(), "parameters are not finite");
    }
    Evaluation heldOut = evaluate(network, params, tr, seeds);
    return new RuleResult(name, rows, heldOut, params, seconds);
  }

  /** Scores {@code params} on the held-out batches, reusing the run's trajectory. */
  private Evaluation evaluate(Network network, Parameters params, Trajectory tr, Seeds seeds) {
    int k = spec.evalBatches();
    if (k == 0) {
      return Evaluation.none();
    }
    double loss = 0;
    double metric = 0;
    for (int b = 0; b < k; b++) {
      tr.rebind(task.sample(spec.batchSize(), seeds.derive("eval", b)));
      loss += network.forward(params, tr);
      metric += task.metric(tr);
    }
    return new Evaluation(loss / k, metric / k, k * spec.batchSize());
  }
}
