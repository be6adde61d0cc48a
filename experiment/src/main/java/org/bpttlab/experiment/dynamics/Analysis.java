package org.bpttlab.experiment.dynamics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bpttlab.core.Batch;
import org.bpttlab.core.NetworkSpec;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.RateCellSpec;
import org.bpttlab.core.Seeds;
import org.bpttlab.core.SpikingCellSpec;
import org.bpttlab.core.Trajectory;
import org.bpttlab.core.net.Network;
import org.bpttlab.experiment.io.AtomicFiles;
import org.bpttlab.experiment.io.Csv;
import org.bpttlab.experiment.io.Json;
import org.bpttlab.experiment.io.Parallel;
import org.bpttlab.experiment.run.CompareConfig;
import org.bpttlab.experiment.run.Comparison;
import org.bpttlab.experiment.run.Run;
import org.bpttlab.experiment.train.RuleResult;
import org.bpttlab.tasks.Task;

/**
 * The dynamics of trained networks on held-out trials (docs/figures.md, "Dynamics figures"): the
 * CSVs of {@code analysis/} that the dynamics figures are drawn from, for one or more networks
 * (a run's, or every rule and seed of a compare), each row beginning with its rule and seed.
 *
 * <p>Each network runs {@link #TRIALS} held-out trials, {@code task.sample(TRIALS, new
 * Seeds(seed).derive("analysis"))}, which training never sees, in one forward pass that keeps two
 * steps in memory. Its state at every step is a point for the principal components ({@link Pca}):
 * h for a rate cell, for a spiking cell the spikes filtered with the membrane's decay, f_t = α f_{t−1}
 * + z_t. A trial's path in the top three components is kept at most {@link #PATH_POINTS} points,
 * coloured by the task's {@link Task#condition condition}. A rate network's fixed and slow points
 * under a silent input (x̄ = 0) are searched from {@link #STARTS} states of those paths
 * ({@link FixedPoints}; fixed: ‖F(h) − h‖ ≤ {@link #TOLERANCE}, slow: q ≤ {@link #SLOW_SPEED}·α² for
 * the cell's leak α, at least {@link #SLOW_SEPARATION} apart). A spiking network's spikes of its
 * shown trials (by default {@link #SHOWN}: inputs that are spikes, LIF and ALIF neurons), every
 * hidden neuron's firing rate over all trials, and the membrane potential and threshold of the
 * {@link #TRACED} most active neurons of each population in the lowest shown trial are kept.
 */
public final class Analysis {
  /** The folder, inside a run's folder, the CSVs go to. */
  public static final String FOLDER = "analysis";

  /** Held-out trials per network. */
  public static final int TRIALS = 16;

  /** Principal components written (at most n). */
  public static final int COMPONENTS = 10;

  /** The most points of one trial's path. */
  public static final int PATH_POINTS = 250;

  /** Initial states of the fixed-point search. */
  public static final int STARTS = 64;

  /** ‖F(h) − h‖ of a fixed point. */
  public static final double TOLERANCE = 1e-6;

  /** The largest q of a slow point, for a leak α = 1 (times α² otherwise). */
  public static final double SLOW_SPEED = 1e-4;

  /** The least distance between two slow points. */
  public static final double SLOW_SEPARATION = 0.05;

  /** Levenberg–Marquardt steps per start. */
  public static final int SEARCH_STEPS = 100;

  /** The trials of a spiking network whose spikes are written, by default. */
  public static final List<Integer> SHOWN = List.of(0, 1);

  /** Sample neurons per population whose membrane potential is written. */
  public static final int TRACED = 2;

  /** The files, in the order of docs/figures.md, with their headers. */
  public static final Map<String, String> FILES = headers();

  private final Map<String, StringBuilder> files = new LinkedHashMap<>();
  private final List<Integer> shown;

  /** An analysis that shows the spikes of trials {@link #SHOWN}. */
  public Analysis() {
    this(SHOWN);
  }

  /**
   * An analysis that shows the spikes of {@code shown}, 1 to 4 distinct held-out trials (0 to
   * {@link #TRIALS} − 1), the lowest of them also in traces.csv (the raster figure draws the
   * lowest too); throws naming the allowed values.
   */
  public Analysis(List<Integer> shown) {
    if (shown.isEmpty() || shown.size() > 4 || shown.stream().distinct().count() < shown.size()
        || shown.stream().anyMatch(t -> t == null || t < 0 || t >= TRIALS)) {
      throw new IllegalArgumentException("trials must be 1 to 4 distinct held-out trials, each 0"
          + " to " + (TRIALS - 1) + ", were " + shown);
    }
    this.shown = shown.stream().sorted().toList();
  }

  private static Map<String, String> headers() {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("pca.csv", "rule,seed,component,variance,ratio,cumulative");
    h.put("trajectories.csv", "rule,seed,trial,condition,step,pc1,pc2,pc3");
    h.put("fixed-points.csv", "rule,seed,point,kind,speed,stable,pc1,pc2,pc3");
    h.put("eigenvalues.csv", "rule,seed,point,real,imaginary");
    h.put("spikes.csv", "rule,seed,trial,condition,population,neuron,step");
    h.put("rates.csv", "rule,seed,population,neuron,rate_hz");
    h.put("traces.csv", "rule,seed,trial,population,neuron,step,v,threshold");
    return java.util.Collections.unmodifiableMap(h);
  }

  /**
   * The analysis of every network a run or compare folder saved: a run's {@code parameters/}, or
   * a compare's {@code parameters/seed<S>-rule<R>/} for each rule and seed of its config.json,
   * members analysed on up to {@code threads} threads (the same bytes for any number). Throws
   * {@link IllegalArgumentException} naming the file that is missing or malformed.
   */
  public static Analysis ofFolder(Path folder, int threads) throws IOException {
    return ofFolder(folder, threads, SHOWN);
  }

  /** {@link #ofFolder(Path, int)} showing the spikes of trials {@code shown}. */
  public static Analysis ofFolder(Path folder, int threads, List<Integer> shown)
      throws IOException {
    new Analysis(shown); // the trials are checked before any work
    Path file = folder.resolve("config.json");
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(folder + " has no config.json: it is not the folder of"
          + " a run or a compare");
    }
    CompareConfig config;
    try {
      config = CompareConfig.fromJson(Json.read(file), folder.getFileName().toString());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
    Task task = config.base().createTask();
    NetworkSpec spec = config.base().network();
    Path saved = folder.resolve(Run.PARAMETERS);
    boolean single = config.rules().size() == 1 && config.seeds().size() == 1
        && Files.isRegularFile(saved.resolve(Parameters.RECURRENT_WEIGHTS + ".npy"));
    List<Parallel.Job<Analysis, IOException>> jobs = new ArrayList<>();
    for (long seed : config.seeds()) {
      for (int r = 0; r < config.rules().size(); r++) {
        Path dir = single ? saved : saved.resolve(Comparison.memberName(seed, r));
        if (!Files.isDirectory(dir)) {
          throw new IllegalArgumentException(folder + " has no " + folder.relativize(dir)
              + "/: the trained parameters are saved when a run or compare completes (a compare"
              + " from before they were saved must be run again)");
        }
        String rule = config.rules().get(r).toString();
        jobs.add(() -> {
          Analysis one = new Analysis(shown);
          one.add(rule, seed, spec, task, Run.readParameters(dir, spec));
          return one;
        });
      }
    }
    return all(jobs, threads, IOException.class, shown);
  }

  /**
   * The analysis of networks trained on {@code task} ({@code spec}), {@code results} by seed then
   * rule as {@link org.bpttlab.experiment.train.Trainer#trainSeeds} gives them, on up to
   * {@code threads} threads (the same bytes for any number).
   */
  public static Analysis of(Task task, NetworkSpec spec, List<List<RuleResult>> results,
      int threads) {
    List<Parallel.Job<Analysis, RuntimeException>> jobs = new ArrayList<>();
    for (List<RuleResult> seed : results) {
      for (RuleResult r : seed) {
        jobs.add(() -> {
          Analysis one = new Analysis();
          one.add(r.rule(), r.seed(), spec, task, r.parameters());
          return one;
        });
      }
    }
    return all(jobs, threads, RuntimeException.class, SHOWN);
  }

  private static <E extends Exception> Analysis all(List<Parallel.Job<Analysis, E>> jobs,
      int threads, Class<E> checked, List<Integer> shown) throws E {
    Analysis all = new Analysis(shown);
    for (Analysis one : Parallel.run(jobs, Math.max(1, Math.min(threads, jobs.size())),
        "bpttlab-analyze", checked)) {
      all.append(one);
    }
    return all;
  }

  /** Appends {@code other}'s rows after this one's, file by file. */
  public void append(Analysis other) {
    for (Map.Entry<String, StringBuilder> e : other.files.entrySet()) {
      StringBuilder rows = e.getValue();
      file(e.getKey()).append(rows, rows.indexOf("\n") + 1, rows.length());
    }
  }

  /**
   * Analyses the network {@code spec} at {@code params}, trained by {@code rule} on seed
   * {@code seed}. A network whose parameters or states are not all finite (a diverged training)
   * is left out: it adds no row.
   */
  public void add(String rule, long seed, NetworkSpec spec, Task task, Parameters params) {
    for (int g = 0; g < params.groupCount(); g++) {
      for (double w : params.get(g)) {
        if (!Double.isFinite(w)) {
          return; // a diverged training: left out (summary.csv reports it)
        }
      }
    }
    String key = Csv.field(rule) + "," + seed + ",";
    Network network = new Network(spec);
    Batch batch = task.sample(TRIALS, new Seeds(seed).derive("analysis"));
    Trajectory tr = network.newTrajectory(batch, 2);
    int n = network.cell().hidden();
    int steps = batch.steps();
    int stride = Math.max(1, (steps + PATH_POINTS - 1) / PATH_POINTS);
    SpikingCellSpec spiking = spec.cell() instanceof SpikingCellSpec s ? s : null;
    double decay = spiking != null ? spiking.alpha() : 0;
    double[] feature = new double[TRIALS * n];
    Pca.Builder pcaBuilder = new Pca.Builder(n);
    List<double[]> kept = new ArrayList<>(); // per kept step: TRIALS × n features
    List<Integer> keptSteps = new ArrayList<>();
    Spikes spikes = spiking != null ? new Spikes(spiking, batch, n, shown) : null;
    for (int t = 1; t <= steps; t++) {
      network.step(params, tr, t);
      if (spiking != null) {
        double[] z = tr.output(t);
        for (int i = 0; i < feature.length; i++) {
          feature[i] = decay * feature[i] + z[i];
        }
        spikes.record(tr, t);
      } else {
        System.arraycopy(tr.state(t), 0, feature, 0, feature.length);
      }
      for (double f : feature) {
        if (!Double.isFinite(f)) {
          return; // states that overflow: left out, nothing written
        }
      }
      for (int b = 0; b < TRIALS; b++) {
        pcaBuilder.add(feature, b * n);
      }
      if (t % stride == 0 || t == steps) {
        kept.add(feature.clone());
        keptSteps.add(t);
      }
    }
    Pca pca = pcaBuilder.build();
    int components = Math.min(COMPONENTS, n);
    double total = pca.totalVariance();
    double cumulative = 0;
    StringBuilder out = file("pca.csv");
    for (int k = 0; k < components; k++) {
      double ratio = total > 0 ? pca.variance(k) / total : 0;
      cumulative += ratio;
      out.append(key).append(k + 1).append(',').append(Csv.number(pca.variance(k))).append(',')
          .append(Csv.number(ratio)).append(',').append(Csv.number(cumulative)).append('\n');
    }
    out = file("trajectories.csv");
    for (int b = 0; b < TRIALS; b++) {
      String condition = Csv.field(task.condition(batch, b));
      for (int i = 0; i < kept.size(); i++) {
        out.append(key).append(b).append(',').append(condition).append(',')
            .append(keptSteps.get(i));
        appendProjection(out, pca, kept.get(i), b * n);
        out.append('\n');
      }
    }
    if (spec.cell() instanceof RateCellSpec rate) {
      fixedPoints(key, network, params, pca, kept, n, rate.alpha());
    } else if (spiking != null) {
      spikes.write(key, task, batch, this);
    }
  }

  private static void appendProjection(StringBuilder out, Pca pca, double[] x, int offset) {
    for (int k = 0; k < 3; k++) {
      out.append(',').append(Csv.number(k < pca.size() ? pca.project(x, offset, k) : 0));
    }
  }

  private void fixedPoints(String key, Network network, Parameters params, Pca pca,
      List<double[]> kept, int n, double alpha) {
    List<double[]> starts = new ArrayList<>();
    int available = kept.size() * TRIALS;
    for (int s = 0; s < STARTS; s++) {
      long index = (long) s * available / STARTS;
      double[] states = kept.get((int) (index / TRIALS));
      int b = (int) (index % TRIALS);
      double[] start = new double[n];
      System.arraycopy(states, b * n, start, 0, n);
      starts.add(start);
    }
    FixedPoints finder = new FixedPoints(network, params, new double[network.spec().inputs()]);
    List<FixedPoints.Point> points = finder.find(starts, TOLERANCE, SLOW_SPEED * alpha * alpha,
        SLOW_SEPARATION, SEARCH_STEPS);
    StringBuilder out = file("fixed-points.csv");
    StringBuilder eig = file("eigenvalues.csv");
    double fixedSpeed = TOLERANCE * TOLERANCE / 2;
    for (int p = 0; p < points.size(); p++) {
      FixedPoints.Point point = points.get(p);
      out.append(key).append(p).append(',').append(point.speed() <= fixedSpeed ? "fixed" : "slow")
          .append(',').append(Csv.number(point.speed())).append(',').append(point.stable());
      appendProjection(out, pca, point.state(), 0);
      out.append('\n');
      for (int i = 0; i < point.real().length; i++) {
        eig.append(key).append(p).append(',').append(Csv.number(point.real()[i])).append(',')
            .append(Csv.number(point.imaginary()[i])).append('\n');
      }
    }
  }

  private StringBuilder file(String name) {
    return files.computeIfAbsent(name, f -> new StringBuilder(FILES.get(f)).append('\n'));
  }

  /** The CSVs' text so far, by file name, in the order of {@link #FILES}. */
  public Map<String, String> texts() {
    Map<String, String> texts = new LinkedHashMap<>();
    for (String name : FILES.keySet()) {
      if (files.containsKey(name)) {
        texts.put(name, files.get(name).toString());
      }
    }
    return texts;
  }

  /**
   * Writes the CSVs into {@code folder/analysis/}, which it replaces as a whole (staged, then
   * renamed); returns the files written.
   */
  public List<Path> write(Path folder) throws IOException {
    Path target = folder.resolve(FOLDER);
    List<Path> written = new ArrayList<>();
    try (AtomicFiles.StagedFolder stage = AtomicFiles.stage(target, true)) {
      for (Map.Entry<String, String> e : texts().entrySet()) {
        Files.writeString(stage.path().resolve(e.getKey()), e.getValue(), StandardCharsets.UTF_8);
        written.add(target.resolve(e.getKey()));
      }
      stage.commit();
    }
    return written;
  }

  /** A spiking network's spikes, rates and traces, recorded step by step. */
  private static final class Spikes {
    private final SpikingCellSpec cell;
    private final int n;
    private final int lif;
    private final int steps;
    private final long[] counts;
    /** The first shown trial's v and threshold, per step: n values each. */
    private final double[][] v;
    private final double[][] threshold;
    /** The shown trials' hidden spikes: per trial, per step, the neurons that spiked. */
    private final List<List<int[]>> hidden = new ArrayList<>();
    private final boolean inputsAreSpikes;

    /** The shown trials, in increasing order; the first is traced. */
    private final List<Integer> shown;

    Spikes(SpikingCellSpec cell, Batch batch, int n, List<Integer> shown) {
      this.shown = shown;
      this.cell = cell;
      this.n = n;
      this.lif = n - cell.adaptiveNeurons();
      this.steps = batch.steps();
      counts = new long[n];
      v = new double[steps + 1][];
      threshold = new double[steps + 1][];
      boolean spikes = true;
      for (int t = 1; t <= steps && spikes; t++) {
        for (double x : batch.input(t)) {
          if (x != 0 && x != 1) {
            spikes = false;
            break;
          }
        }
      }
      inputsAreSpikes = spikes;
      for (int r = 0; r < shown.size(); r++) {
        hidden.add(new ArrayList<>());
      }
    }

    void record(Trajectory tr, int t) {
      double[] z = tr.output(t);
      double[] s = tr.state(t);
      int bn = tr.batchSize() * n;
      for (int k = 0; k < bn; k++) {
        if (z[k] != 0) {
          counts[k % n]++;
        }
      }
      for (int i = 0; i < hidden.size(); i++) {
        int r = shown.get(i);
        int count = 0;
        for (int j = 0; j < n; j++) {
          count += z[r * n + j] != 0 ? 1 : 0;
        }
        int[] fired = new int[count];
        for (int j = 0, c = 0; j < n; j++) {
          if (z[r * n + j] != 0) {
            fired[c++] = j;
          }
        }
        hidden.get(i).add(fired);
      }
      v[t] = new double[n];
      threshold[t] = new double[n];
      int o = shown.get(0) * n;
      for (int j = 0; j < n; j++) {
        v[t][j] = s[o + j];
        threshold[t][j] = cell.threshold()
            + (cell.adaptive() ? cell.betaOf(j) * s[bn + o + j] : 0);
      }
    }

    private String population(int j) {
      return j < lif ? "lif" : "alif";
    }

    private int index(int j) {
      return j < lif ? j : j - lif;
    }

    void write(String key, Task task, Batch batch, Analysis analysis) {
      StringBuilder out = analysis.file("spikes.csv");
      int inputs = batch.inputs();
      for (int i = 0; i < hidden.size(); i++) {
        int r = shown.get(i);
        String prefix = key + r + "," + Csv.field(task.condition(batch, r)) + ",";
        for (int t = 1; t <= steps; t++) {
          if (inputsAreSpikes) {
            double[] x = batch.input(t);
            for (int c = 0; c < inputs; c++) {
              if (x[r * inputs + c] != 0) {
                out.append(prefix).append("input,").append(c).append(',').append(t).append('\n');
              }
            }
          }
          for (int j : hidden.get(i).get(t - 1)) {
            out.append(prefix).append(population(j)).append(',').append(index(j)).append(',')
                .append(t).append('\n');
          }
        }
      }
      double seconds = steps * cell.dtMs() / 1000 * batch.size();
      out = analysis.file("rates.csv");
      for (int j = 0; j < n; j++) {
        out.append(key).append(population(j)).append(',').append(index(j)).append(',')
            .append(Csv.number(counts[j] / seconds)).append('\n');
      }
      out = analysis.file("traces.csv");
      for (int j : traced()) {
        for (int t = 1; t <= steps; t++) {
          out.append(key).append(shown.get(0)).append(',').append(population(j)).append(',').append(index(j))
              .append(',').append(t).append(',').append(Csv.number(v[t][j])).append(',')
              .append(Csv.number(threshold[t][j])).append('\n');
        }
      }
    }

    /**
     * The {@link #TRACED} neurons of each population that spiked most in the first shown trial
     * (lowest first on ties).
     */
    private List<Integer> traced() {
      int[] trialCounts = new int[n];
      if (!hidden.isEmpty()) {
        for (int[] fired : hidden.get(0)) {
          for (int j : fired) {
            trialCounts[j]++;
          }
        }
      }
      List<Integer> chosen = new ArrayList<>();
      for (int[] range : new int[][] {{0, lif}, {lif, n}}) {
        List<Integer> population = new ArrayList<>();
        for (int j = range[0]; j < range[1]; j++) {
          population.add(j);
        }
        population.sort((a, b) -> trialCounts[b] != trialCounts[a]
            ? Integer.compare(trialCounts[b], trialCounts[a]) : Integer.compare(a, b));
        chosen.addAll(population.subList(0, Math.min(TRACED, population.size())));
      }
      return chosen;
    }
  }
}
