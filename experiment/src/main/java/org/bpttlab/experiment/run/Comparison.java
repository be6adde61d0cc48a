package org.bpttlab.experiment.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.bpttlab.core.Parameters;
import org.bpttlab.kernels.ProductTeam;
import org.bpttlab.experiment.align.Alignment;
import org.bpttlab.experiment.io.AtomicFiles;
import org.bpttlab.experiment.io.Csv;
import org.bpttlab.experiment.io.Json;
import org.bpttlab.experiment.io.Parallel;
import org.bpttlab.experiment.train.AlignmentRow;
import org.bpttlab.experiment.train.Evaluation;
import org.bpttlab.experiment.train.MetricsRow;
import org.bpttlab.experiment.train.RuleResult;
import org.bpttlab.experiment.train.RuleTraining;
import org.bpttlab.experiment.train.Trainer;
import org.bpttlab.experiment.train.TrainingDivergedException;
import org.bpttlab.rules.RuleCost;
import org.bpttlab.rules.RuleSpec;
import org.bpttlab.rules.Rules;

/**
 * A comparison trained so that it can be stopped and resumed (docs/runs.md, "Checkpoints and
 * --resume"). Its in-progress folder, {@code runs/.<name>.in-progress/}, holds compare's
 * {@code config.json} and, under {@code members/}, one {@link Run} folder per seed and rule
 * ({@code seed<S>-rule<R>}, R from 1 in the rules' order), with its own rows and checkpoints: a
 * stopped comparison continues each member from its last checkpoint. When every member is done,
 * {@link #results} reads their rows back from their CSVs (doubles written by
 * {@link Double#toString} read back bit for bit), whether they trained in this process or in an
 * earlier one, so the comparison's outputs do not depend on where it was stopped.
 *
 * <p>A member that diverged keeps no mark of it: resumed, it trains again from its last
 * checkpoint and diverges where it did (the runs are deterministic), so its exception is at hand.
 */
public final class Comparison {
  /** The folder of the members' runs. */
  public static final String MEMBERS = "members";

  private final CompareConfig config;
  private final Path folder;
  private final Map<Integer, RuleResult> trained = new ConcurrentHashMap<>();

  private Comparison(CompareConfig config, Path folder) {
    this.config = config;
    this.folder = folder.toAbsolutePath().normalize();
  }

  /** Where the comparison whose results go to {@code target} trains: a hidden sibling. */
  public static Path inProgress(Path target) {
    Path abs = target.toAbsolutePath().normalize();
    return abs.resolveSibling("." + abs.getFileName() + ".in-progress");
  }

  /**
   * Throws {@link IllegalArgumentException} if a rule does not apply to the network (rflo to a
   * spiking cell), before anything is written.
   */
  public static void check(CompareConfig config) {
    for (RuleSpec rule : config.rules()) {
      RunConfig rc = config.run(rule, config.seeds().get(0));
      new RuleTraining(rc.createTask(), rc.training(), rule.toString(), Rules.create(rule), false,
          1).close();
    }
  }

  /** Starts a comparison in a staged in-progress folder, which this commits. */
  public static Comparison create(CompareConfig config, AtomicFiles.StagedFolder stage)
      throws IOException {
    Json.write(stage.path().resolve(Run.CONFIG), config.written());
    Files.createDirectory(stage.path().resolve(MEMBERS));
    stage.commit();
    return new Comparison(config, stage.target());
  }

  /**
   * The config a stopped comparison in {@code folder} started with; throws
   * {@link IllegalArgumentException} if the folder holds none.
   */
  public static CompareConfig started(Path folder, String name) throws IOException {
    Path file = folder.resolve(Run.CONFIG);
    JsonNode written;
    try {
      written = Json.read(file);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(folder + " has no " + Run.CONFIG
          + ": it is not a stopped compare");
    }
    try {
      return CompareConfig.fromJson(written, name);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  /** The stopped comparison of {@code config} in {@code folder} (see {@link #started}). */
  public static Comparison resume(CompareConfig config, Path folder) {
    return new Comparison(config, folder);
  }

  /** The in-progress folder. */
  public Path folder() {
    return folder;
  }

  /** The iterations done by the members before this process (for a progress line). */
  public long iterationsDone() throws IOException {
    long done = 0;
    for (int s = 0; s < config.seeds().size(); s++) {
      for (int r = 0; r < config.rules().size(); r++) {
        Path dir = member(s, r);
        if (Files.exists(dir.resolve(Run.SUMMARY_CSV))) {
          done += config.base().iterations();
        } else if (Files.exists(dir.resolve(Run.CHECKPOINT))) {
          RunConfig rc = config.run(config.rules().get(r), config.seeds().get(s));
          done += CheckpointFile.read(dir.resolve(Run.CHECKPOINT), Json.toText(rc.toJson()))
              .training().iteration();
        }
      }
    }
    return done;
  }

  /**
   * Trains every member not yet done, on up to {@code threads} threads (each member's large
   * products over threads ÷ members of them, and threads whose member has ended lent to those
   * still running, as in {@link Trainer#trainSeeds}: the same numbers), asking {@code stop}
   * before each iteration. Returns the iterations at which members stopped with a checkpoint, 0
   * for those that had not started (empty if every member is done).
   */
  public List<Integer> train(int threads, Trainer.Progress progress, BooleanSupplier stop)
      throws IOException {
    int rules = config.rules().size();
    int members = rules * config.seeds().size();
    int productThreads = Math.max(1, threads / members);
    List<Integer> stopped = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger notStarted = new AtomicInteger(members);
    Set<ProductTeam> running = ConcurrentHashMap.newKeySet();
    List<Parallel.Job<Void, IOException>> jobs = new ArrayList<>();
    for (int k = 0; k < members; k++) {
      int index = k;
      jobs.add(() -> {
        notStarted.decrementAndGet();
        Integer at = trainMember(index / rules, index % rules, productThreads, progress, stop,
            running);
        if (at != null) {
          stopped.add(at);
        }
        if (threads > 1) {
          Trainer.lend(notStarted, running);
        }
        return null;
      });
    }
    Parallel.run(jobs, threads, "bpttlab-train", IOException.class);
    List<Integer> sorted = new ArrayList<>(stopped);
    Collections.sort(sorted);
    return sorted;
  }

  /** Trains one member; returns the iteration it stopped at, or null if it is done. */
  private Integer trainMember(int s, int r, int threads, Trainer.Progress progress,
      BooleanSupplier stop, Set<ProductTeam> running) throws IOException {
    Path dir = member(s, r);
    if (Files.exists(dir.resolve(Run.SUMMARY_CSV))) {
      return null;
    }
    boolean begun = Files.exists(dir);
    if (stop.getAsBoolean()) {
      return begun ? iterationsOf(s, r, dir) : 0;
    }
    RunConfig rc = config.run(config.rules().get(r), config.seeds().get(s));
    Run run;
    if (begun) {
      // a member that diverged trains again from its last checkpoint (see the class comment)
      Files.deleteIfExists(dir.resolve(Run.SUMMARY));
      run = Run.resume(rc, dir, threads);
    } else {
      try (AtomicFiles.StagedFolder stage = AtomicFiles.stage(dir, false)) {
        run = Run.create(rc, stage, threads);
      }
    }
    running.add(run.team());
    try (Run m = run) {
      try {
        if (m.trainUntil(rc.iterations(), progress, stop)) {
          return m.iteration();
        }
      } catch (TrainingDivergedException e) {
        trained.put(s * config.rules().size() + r, m.result());
        return null;
      }
      trained.put(s * config.rules().size() + r, m.finish());
      return null;
    } finally {
      running.remove(run.team());
    }
  }

  private int iterationsOf(int s, int r, Path dir) throws IOException {
    Path checkpoint = dir.resolve(Run.CHECKPOINT);
    if (!Files.exists(checkpoint)) {
      return 0;
    }
    RunConfig rc = config.run(config.rules().get(r), config.seeds().get(s));
    return CheckpointFile.read(checkpoint, Json.toText(rc.toJson())).training().iteration();
  }

  private Path member(int s, int r) {
    return folder.resolve(MEMBERS).resolve(memberName(config.seeds().get(s), r));
  }

  /**
   * The folder name of rule {@code rule} (0-based, in the config's order) on seed {@code seed}:
   * {@code seed<S>-rule<R>}, R from 1; the member's run folder, and its parameters' folder under
   * the comparison's {@code parameters/}.
   */
  public static String memberName(long seed, int rule) {
    return "seed" + seed + "-rule" + (rule + 1);
  }

  /**
   * Writes every result's trained parameters into {@code folder/parameters/<member>/}
   * ({@link #memberName}), results by seed then rule as {@link #results} gives them.
   */
  public void writeParameters(Path folder, List<List<RuleResult>> results) throws IOException {
    for (int s = 0; s < results.size(); s++) {
      for (int r = 0; r < results.get(s).size(); r++) {
        Run.writeParameters(folder.resolve(Run.PARAMETERS)
            .resolve(memberName(config.seeds().get(s), r)), config.base().network(),
            results.get(s).get(r).parameters());
      }
    }
  }

  /**
   * After {@link #train} returned no stop: every member's result, by seed then rule, with all of
   * its rows (read from its CSVs).
   */
  public List<List<RuleResult>> results() throws IOException {
    List<List<RuleResult>> bySeed = new ArrayList<>();
    for (int s = 0; s < config.seeds().size(); s++) {
      List<RuleResult> seed = new ArrayList<>();
      for (int r = 0; r < config.rules().size(); r++) {
        seed.add(result(s, r));
      }
      bySeed.add(seed);
    }
    return bySeed;
  }

  /**
   * After {@link #train} returned no stop: the members' {@code alignment-pairs.csv} in one, by seed
   * then rule (one header), or null for a comparison without comparison rules ({@code align_with}).
   */
  public String pairsCsv() throws IOException {
    if (config.base().training().alignWith().isEmpty()) {
      return null;
    }
    StringBuilder sb = new StringBuilder(Outputs.pairsHeader());
    for (int s = 0; s < config.seeds().size(); s++) {
      for (int r = 0; r < config.rules().size(); r++) {
        String text = Files.readString(member(s, r).resolve(Run.PAIRS), StandardCharsets.UTF_8);
        sb.append(text, text.indexOf('\n') + 1, text.length());
      }
    }
    return sb.toString();
  }

  private RuleResult result(int s, int r) throws IOException {
    Path dir = member(s, r);
    List<MetricsRow> rows = new ArrayList<>();
    for (List<String> f : rows(dir.resolve(Run.METRICS))) {
      rows.add(new MetricsRow(Integer.parseInt(f.get(0)), f.get(1), number(f.get(3)),
          number(f.get(4)), number(f.get(5)), number(f.get(6)),
          new RuleCost(Long.parseLong(f.get(7)), number(f.get(8)))));
    }
    List<AlignmentRow> alignment = new ArrayList<>();
    for (List<String> f : rows(dir.resolve(Run.ALIGNMENT))) {
      alignment.add(new AlignmentRow(Integer.parseInt(f.get(0)), f.get(1), f.get(3),
          new Alignment(number(f.get(4)), number(f.get(5)), number(f.get(6)), number(f.get(7)),
              number(f.get(8)))));
    }
    RuleResult here = trained.get(s * config.rules().size() + r);
    if (here != null) {
      return new RuleResult(here.rule(), here.seed(), rows, alignment, here.heldOut(),
          here.parameters(), here.seconds(), here.divergence());
    }
    // done in an earlier process: its summary.csv and parameters/ hold the rest
    List<List<String>> summary = rows(dir.resolve(Run.SUMMARY_CSV));
    if (summary.size() != 1) {
      throw new IOException(dir.resolve(Run.SUMMARY_CSV) + " has " + summary.size()
          + " rows; 1 expected");
    }
    List<String> f = summary.get(0);
    int sequences = Integer.parseInt(f.get(8));
    Evaluation heldOut = sequences > 0
        ? new Evaluation(number(f.get(2)), number(f.get(3)), sequences) : Evaluation.none();
    Parameters p = Run.readParameters(dir.resolve(Run.PARAMETERS), config.base().network());
    return new RuleResult(f.get(0), Long.parseLong(f.get(1)), rows, alignment, heldOut, p,
        number(f.get(7)), null);
  }

  /** A CSV's rows without its header, as fields. */
  private static List<List<String>> rows(Path csv) throws IOException {
    List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    List<List<String>> rows = new ArrayList<>();
    for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
      rows.add(Csv.fields(line));
    }
    return rows;
  }

  private static double number(String text) {
    return Double.parseDouble(text);
  }

  /** Removes the in-progress folder (once the comparison's outputs are in place). */
  public void delete() throws IOException {
    AtomicFiles.deleteRecursively(folder);
  }
}
