package org.bpttlab.results.reproduce;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bpttlab.core.InitSpec;
import org.bpttlab.core.NetworkSpec;
import org.bpttlab.core.RateCellSpec;
import org.bpttlab.experiment.io.AtomicFiles;
import org.bpttlab.experiment.io.Parallel;
import org.bpttlab.experiment.train.Checkpoint;
import org.bpttlab.experiment.train.RuleTraining;
import org.bpttlab.experiment.train.TrainingSpec;
import org.bpttlab.rules.RuleSpec;
import org.bpttlab.rules.Rules;
import org.bpttlab.rules.optim.OptimizerSpec;
import org.bpttlab.tasks.Task;
import org.bpttlab.tasks.Tasks;

/**
 * {@code snap-copy}: Menick, Elsen, Evci, Osindero, Simonyan &amp; Graves 2021 (ICLR, "Practical Real
 * Time Recurrent Learning with a Sparse Approximation"), the copy task with a curriculum over its
 * length: SnAp-1 and SnAp-2 against RTRL and BPTT on a sparse recurrent network.
 *
 * <p>The task at length L is the binary copy task ({@code copy:delay=1,alphabet=2,length=L}): L
 * random bits, a delimiter, then the L bits to be reproduced, 2L + 1 steps, the cross-entropy
 * scored on the L recall steps. The curriculum is Mujika, Meier &amp; Steger 2018's for this task
 * as we recall it (neither paper's text was at hand to check it: docs/reproductions.md): training
 * starts at L = 1, and L grows by one when the training loss per recalled bit, averaged
 * over the last {@value #WINDOW} iterations at the current length, drops below
 * {@value #THRESHOLD_BITS} bits. The network: a tanh RNN (α = 1) of {@link #HIDDEN} units whose
 * W_rec keeps a fixed random {@value #DENSITY} of its entries (75% sparsity, the option
 * {@code recurrent_density}), Gaussian with gain 2 (a spectral radius of about 1 after the mask);
 * Adam, batch {@value #BATCH}. The rules: {@code bptt}, {@code rtrl}, {@code snap} (SnAp-1) and
 * {@code snap:n=2} with one update per batch (per sequence) at {@value #LEARNING_RATE}, and
 * {@code rtrl}, {@code snap}, {@code snap:n=2} with an update after every step ({@code online=1})
 * at {@value #ONLINE_LEARNING_RATE} (of 1e-3 and 3e-3 tried on the online rules, seed 1, the faster);
 * per sequence, RTRL's gradient is BPTT's, so the two differ only by rounding.
 *
 * <p>The curriculum is driven here, not in the trainer: each length is a stage, a
 * {@link RuleTraining} on that length's task restored from the {@link Checkpoint} the last stage
 * ended with (parameters, optimizer state, iteration), so iteration i's batch is the seed's
 * {@code derive("task", i)} at the length then in force, and the trainer stays as it is.
 *
 * <p>Files: {@code metrics.csv} (iteration, rule, seed, loss, bits_per_char, length, sequences:
 * every {@link #RECORD_EVERY}th iteration's training batch), {@code curriculum.csv} (series,
 * sequences, length: the length in force against the sequences seen, drawn as a figure),
 * {@code stages.csv} (rule, seed, length, iteration and sequences at which it was reached).
 */
final class SnapCopy implements Reproduction {
  static final List<String> RULES = List.of("bptt", "rtrl", "snap", "snap:n=2", "rtrl:online=1",
      "snap:online=1", "snap:n=2,online=1");
  /** The rules in the order they start: the costly ones first, the cheap ones fill in. */
  private static final List<String> START_ORDER = List.of("rtrl:online=1", "rtrl",
      "snap:n=2,online=1", "snap:n=2", "snap:online=1", "snap", "bptt");
  static final double THRESHOLD_BITS = 0.15;
  static final int WINDOW = 10;
  static final int HIDDEN = 32;
  static final double DENSITY = 0.25;
  static final double LEARNING_RATE = 1e-2;
  static final double ONLINE_LEARNING_RATE = 3e-3;
  /** The length whose data cost the comparison reports. */
  static final int MILESTONE = 10;
  static final int BATCH = 16;
  static final int RECORD_EVERY = 10;

  /** The iterations of each form. */
  static int iterations(boolean quick) {
    return quick ? 300 : 2000;
  }

  /** The seeds of each form. */
  static List<Long> seeds(boolean quick) {
    return quick ? List.of(1L) : List.of(1L, 2L, 3L);
  }

  /**
   * One rule's curriculum on one seed.
   *
   * @param rule the rule
   * @param seed the seed
   * @param reachedAt reachedAt[L − 1] the iteration after which length L was in force (0 for L = 1)
   * @param rows every {@link #RECORD_EVERY}th iteration: iteration, length, loss, bits per bit
   * @param seconds training seconds
   */
  record Curriculum(String rule, long seed, List<Integer> reachedAt, List<double[]> rows,
      double seconds) {
    /** The largest length in force at the end. */
    int finalLength() {
      return reachedAt.size();
    }

    /** The largest length in force after {@code iteration} iterations. */
    int lengthAfter(int iteration) {
      int l = 0;
      for (int at : reachedAt) {
        if (at <= iteration) {
          l++;
        }
      }
      return l;
    }
  }

  @Override
  public String id() {
    return "snap-copy";
  }

  @Override
  public String source() {
    return "Menick, Elsen, Evci, Osindero, Simonyan & Graves 2021, ICLR, copy task with a"
        + " curriculum";
  }

  @Override
  public String setup() {
    return "binary copy task, the length L growing by one when the training loss drops below "
        + THRESHOLD_BITS + " bits per recalled bit; tanh RNN n = " + HIDDEN + " with "
        + Math.round(100 * (1 - DENSITY)) + "% of W_rec masked; Adam " + LEARNING_RATE
        + " per sequence / " + ONLINE_LEARNING_RATE + " online, batch " + BATCH + ", "
        + iterations(false) * BATCH + " sequences; BPTT, RTRL, SnAp-1, SnAp-2 per sequence,"
        + " RTRL, SnAp-1, SnAp-2 online; seeds 1-3";
  }

  /** The network: a tanh RNN with a fixed sparse W_rec. */
  static NetworkSpec network(Task task, double density) {
    return NetworkSpec.of(task.inputs(), RateCellSpec.vanilla(HIDDEN), task.outputs(),
        task.loss()).withInit(InitSpec.gaussian().withRecurrentGain(1 / Math.sqrt(density))
        .withRecurrentDensity(density));
  }

  /** The copy task at length {@code length}. */
  static Task task(int length) {
    return Tasks.create("copy:delay=1,alphabet=2,length=" + length);
  }

  /** Trains {@code rule} on {@code seed} through the curriculum for {@code iterations} updates. */
  static Curriculum train(String rule, long seed, int iterations) {
    return train(rule, seed, iterations, learningRate(rule), DENSITY);
  }

  /** Adam's learning rate for {@code rule}: smaller for an update after every step. */
  static double learningRate(String rule) {
    return rule.contains("online") ? ONLINE_LEARNING_RATE : LEARNING_RATE;
  }

  /** {@link #train(String, long, int)} at another learning rate and recurrent density. */
  static Curriculum train(String rule, long seed, int iterations, double learningRate,
      double density) {
    int length = 1;
    NetworkSpec net = network(task(1), density);
    TrainingSpec spec = new TrainingSpec(net, OptimizerSpec.adam(learningRate), seed,
        iterations, BATCH, iterations, 0, 0);
    List<Integer> reachedAt = new ArrayList<>(List.of(0));
    List<double[]> rows = new ArrayList<>();
    Checkpoint carried = null;
    double seconds = 0;
    while (carried == null || carried.iteration() < iterations) {
      Task task = task(length);
      // the per-step loss is masked 1/(2L + 1) on each of the L recall steps
      double bitsPerNat = (2.0 * length + 1) / (length * Math.log(2));
      double[] window = new double[WINDOW];
      int seen = 0;
      try (RuleTraining training =
          new RuleTraining(task, spec, rule, Rules.create(RuleSpec.parse(rule)))) {
        if (carried != null) {
          training.restore(carried);
        }
        boolean advance = false;
        while (!training.done() && !advance) {
          RuleTraining.Step step = training.next();
          double bits = step.loss() * bitsPerNat;
          window[seen++ % WINDOW] = bits;
          if (step.iteration() % RECORD_EVERY == 0) {
            rows.add(new double[] {step.iteration(), length, step.loss(), bits});
          }
          advance = seen >= WINDOW && Training.mean(window) < THRESHOLD_BITS;
        }
        carried = training.checkpoint();
        seconds = training.seconds();
        if (advance && !training.done()) {
          reachedAt.add(training.iteration());
          length++;
        }
      }
    }
    return new Curriculum(rule, seed, List.copyOf(reachedAt), List.copyOf(rows), seconds);
  }

  @Override
  public List<Comparison> run(boolean quick, Path folder, Context context) throws IOException {
    int iterations = iterations(quick);
    List<Parallel.Job<Curriculum, RuntimeException>> jobs = new ArrayList<>();
    for (String rule : START_ORDER) {
      for (long seed : seeds(quick)) {
        jobs.add(() -> train(rule, seed, iterations));
      }
    }
    List<Curriculum> runs = Parallel.run(jobs, context.threads(), "snap-copy",
        RuntimeException.class);
    write(folder, runs);
    int half = iterations / 2;
    String sequences = Integer.toString(iterations * BATCH);
    List<Comparison> out = new ArrayList<>();
    for (String rule : RULES) {
      List<Curriculum> of = of(runs, rule);
      StringBuilder milestone = new StringBuilder();
      double seconds = 0;
      for (Curriculum c : of) {
        int at = c.lengthAfter(iterations) >= MILESTONE ? c.reachedAt().get(MILESTONE - 1) : -1;
        milestone.append(milestone.length() == 0 ? "" : " / ")
            .append(at < 0 ? "not reached" : Integer.toString(at * BATCH));
        seconds += c.seconds();
      }
      out.add(new Comparison("length L reached after " + sequences + " sequences (after "
          + half * BATCH + "), " + name(rule), paper(rule), lengths(of, iterations) + " ("
          + lengths(of, half) + ")", Comparison.Verdict.PENDING, "seeds " + seedList(of)
          + "; sequences to reach L = " + MILESTONE + ": " + milestone + "; "
          + String.format(Locale.ROOT, "%.0f", seconds) + " s of training"
          + (quick ? "; quick form" : "") + "; the paper's figure was not read: see"
          + " docs/reproductions.md"));
    }
    out.add(ordered(runs, "bptt", "rtrl:online=1", half, "online RTRL at least as far as"
        + " per-sequence BPTT after " + half * BATCH + " sequences",
        "online updates learn faster than BPTT's per-sequence ones"));
    out.add(ordered(runs, "snap", "snap:n=2", iterations, "SnAp-2 at least as far as SnAp-1,"
        + " per sequence", "SnAp-2 ahead of SnAp-1"));
    out.add(ordered(runs, "snap:online=1", "snap:n=2,online=1", iterations, "SnAp-2 at least as"
        + " far as SnAp-1, online", "SnAp-2 ahead of SnAp-1"));
    out.add(ordered(runs, "bptt", "snap:n=2,online=1", half, "online SnAp-2 at least as far as"
        + " per-sequence BPTT after " + half * BATCH + " sequences", "on highly sparse networks"
        + " online SnAp-2 can beat BPTT in learning speed (abstract)"));
    return out;
  }

  /** The runs of one rule, in the seeds' order. */
  private static List<Curriculum> of(List<Curriculum> runs, String rule) {
    return runs.stream().filter(c -> c.rule().equals(rule)).toList();
  }

  /** "12 / 9 / 14": the lengths after {@code iteration} iterations, by seed. */
  private static String lengths(List<Curriculum> of, int iteration) {
    StringBuilder s = new StringBuilder();
    for (Curriculum c : of) {
      s.append(s.length() == 0 ? "" : " / ").append(c.lengthAfter(iteration));
    }
    return s.toString();
  }

  /**
   * Whether {@code ahead} reaches at least the length of {@code behind} after {@code iteration}
   * iterations on every seed.
   */
  private static Comparison ordered(List<Curriculum> runs, String behind, String ahead,
      int iteration, String quantity, String paper) {
    boolean ordered = true;
    List<Curriculum> a = of(runs, ahead);
    List<Curriculum> b = of(runs, behind);
    for (int k = 0; k < a.size(); k++) {
      ordered &= a.get(k).lengthAfter(iteration) >= b.get(k).lengthAfter(iteration);
    }
    return Comparison.of(quantity, paper, lengths(a, iteration) + " vs " + lengths(b, iteration),
        ordered, "L of " + ahead + " vs L of " + behind + ", by seed (" + seedList(a) + ")");
  }

  private static String name(String rule) {
    String base = rule.startsWith("snap:n=2") ? "SnAp-2" : rule.startsWith("snap") ? "SnAp-1"
        : rule.startsWith("rtrl") ? "RTRL" : "BPTT";
    return base + (rule.contains("online") ? " online" : " per sequence") + " (" + rule + ")";
  }

  private static String paper(String rule) {
    String base = rule.startsWith("snap:n=2") ? "close to RTRL"
        : rule.startsWith("snap") ? "behind SnAp-2 and RTRL"
        : rule.startsWith("rtrl") ? "the best of the RTRL family" : "the reference";
    return base + " (qualitative)";
  }

  private static String seedList(List<Curriculum> of) {
    StringBuilder s = new StringBuilder();
    for (Curriculum c : of) {
      s.append(s.length() == 0 ? "" : ", ").append(c.seed());
    }
    return s.toString();
  }

  /** metrics.csv, curriculum.csv and stages.csv, in the rules' order then the seeds'. */
  private static void write(Path folder, List<Curriculum> runs) throws IOException {
    StringBuilder metrics = new StringBuilder(
        "iteration,rule,seed,loss,bits_per_char,length,sequences\n");
    StringBuilder curriculum = new StringBuilder("series,sequences,length\n");
    StringBuilder stages = new StringBuilder("rule,seed,length,iteration,sequences\n");
    for (String rule : RULES) {
      // a rule with options holds commas: quoted, as CsvTable reads it
      String quoted = rule.contains(",") ? "\"" + rule + "\"" : rule;
      for (Curriculum c : runs) {
        if (!c.rule().equals(rule)) {
          continue;
        }
        for (double[] r : c.rows()) {
          int it = (int) r[0];
          metrics.append(String.format(Locale.ROOT, "%d,%s,%d,%.6g,%.6g,%d,%d%n", it, quoted,
              c.seed(), r[2], r[3], (int) r[1], (long) it * BATCH));
          curriculum.append(String.format(Locale.ROOT, "%s,%d,%d%n", quoted, (long) it * BATCH,
              (int) r[1]));
        }
        for (int l = 1; l <= c.reachedAt().size(); l++) {
          int at = c.reachedAt().get(l - 1);
          stages.append(String.format(Locale.ROOT, "%s,%d,%d,%d,%d%n", quoted, c.seed(), l, at,
              (long) at * BATCH));
        }
      }
    }
    AtomicFiles.write(folder.resolve("metrics.csv"),
        metrics.toString().getBytes(StandardCharsets.UTF_8));
    AtomicFiles.write(folder.resolve("curriculum.csv"),
        curriculum.toString().getBytes(StandardCharsets.UTF_8));
    AtomicFiles.write(folder.resolve("stages.csv"),
        stages.toString().getBytes(StandardCharsets.UTF_8));
  }
}
