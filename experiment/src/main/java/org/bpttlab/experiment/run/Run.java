package org.bpttlab.experiment.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.bpttlab.core.NetworkSpec;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.net.Network;
import org.bpttlab.experiment.codec.NetworkCodec;
import org.bpttlab.experiment.io.AtomicFiles;
import org.bpttlab.experiment.io.Json;
import org.bpttlab.experiment.io.LineChecksums;
import org.bpttlab.experiment.io.Npy;
import org.bpttlab.experiment.io.Provenance;
import org.bpttlab.kernels.ProductTeam;
import org.bpttlab.experiment.align.UpdateAlignment;
import org.bpttlab.experiment.train.AlignmentRow;
import org.bpttlab.experiment.train.Evaluation;
import org.bpttlab.experiment.train.MetricsRow;
import org.bpttlab.experiment.train.RuleResult;
import org.bpttlab.experiment.train.RuleTraining;
import org.bpttlab.experiment.train.Trainer;
import org.bpttlab.experiment.train.TrainingDivergedException;
import org.bpttlab.rules.Rules;
import org.bpttlab.tasks.Task;

/**
 * One run in its folder, written so that no work is lost (DESIGN §7, docs/outputs.md):
 *
 * <ul>
 *   <li>the folder appears whole, with {@code config.json} and the headers of {@code metrics.csv}
 *       and {@code alignment.csv} (staged, then renamed into place);
 *   <li>rows are appended to the CSVs as they come (and flushed at once);
 *   <li>every {@code checkpoint_every} iterations (not after the last) {@code checkpoint.bin} is
 *       rewritten atomically with the training's state and the CSVs' lengths and checksums
 *       ({@link LineChecksums});
 *   <li>{@link #resume} continues a run that was killed: it checks the CSVs against the last
 *       checkpoint (their bytes, and their rows against its iteration), restores it (or starts
 *       over if there is none), cuts the CSVs back to their lengths at that checkpoint, so rows
 *       written after it (perhaps a half-written one) go, and trains on; the rows that follow are
 *       the same, bit for bit but for the seconds, as an uninterrupted run's;
 *   <li>at the end: {@code summary.csv}, {@code parameters/<group>.npy} and {@code summary.md};
 *       then the checkpoint is removed; the command then draws the figures and writes
 *       {@code report.html}, whose presence beside {@code summary.md} marks the run complete
 *       ({@link #status});
 *   <li>a divergence writes {@code summary.csv} (NaN loss and metric, {@code diverged_at}) and
 *       {@code summary.md} saying where, keeps everything else, and is thrown.
 * </ul>
 */
public final class Run implements AutoCloseable {
  public static final String CONFIG = "config.json";
  public static final String METRICS = "metrics.csv";
  public static final String ALIGNMENT = "alignment.csv";
  /** The rule × rule matrix of a run with comparison rules ({@code align_with}). */
  public static final String PAIRS = "alignment-pairs.csv";
  public static final String SUMMARY_CSV = "summary.csv";
  public static final String SUMMARY = "summary.md";
  public static final String CHECKPOINT = "checkpoint.bin";
  public static final String PARAMETERS = "parameters";

  /**
   * The report a command writes last, after the figures (Report.FILE in the results module, which
   * depends on this one).
   */
  public static final String REPORT = "report.html";

  /** How far an existing run folder got. */
  public enum Status {
    /** Stopped (or running) before its end: {@code --resume} continues it. */
    UNFINISHED,
    /** Trained and summarised, stopped while drawing: {@code plot} finishes it. */
    UNDRAWN,
    /** Every output written, figures and report included. */
    COMPLETE
  }

  private final RunConfig config;
  private final String configText;
  private final Path folder;
  private final Task task;
  private final RuleTraining training;
  private final int startIteration;
  private final Log metrics;
  private final Log alignment;
  /** null without comparison rules. */
  private final Log pairs;
  private final List<MetricsRow> rows = new ArrayList<>();
  private final List<AlignmentRow> alignmentRows = new ArrayList<>();
  private RuleResult result;

  /**
   * @param pairsSums null for a run without comparison rules
   */
  private Run(RunConfig config, Path folder, RuleTraining training, LineChecksums metricsSums,
      LineChecksums alignmentSums, LineChecksums pairsSums) throws IOException {
    this.config = config;
    this.configText = Json.toText(config.toJson());
    this.folder = folder;
    this.task = config.createTask();
    this.training = training;
    this.startIteration = training.iteration();
    List<Log> opened = new ArrayList<>();
    try {
      this.metrics = opened(opened, new Log(folder.resolve(METRICS), metricsSums));
      this.alignment = opened(opened, new Log(folder.resolve(ALIGNMENT), alignmentSums));
      this.pairs = pairsSums == null ? null
          : opened(opened, new Log(folder.resolve(PAIRS), pairsSums));
    } catch (IOException | RuntimeException e) {
      for (Log log : opened) {
        try {
          log.close();
        } catch (IOException closing) {
          e.addSuppressed(closing);
        }
      }
      throw e;
    }
  }

  private static Log opened(List<Log> opened, Log log) {
    opened.add(log);
    return log;
  }

  /** A CSV the run appends to, with the checksums of every byte it holds. */
  private static final class Log implements AutoCloseable {
    final LineChecksums sums;
    private final OutputStream out;

    Log(Path file, LineChecksums sums) throws IOException {
      this.sums = sums;
      this.out = new BufferedOutputStream(checksummed(open(file, sums.bytes()), sums, file));
    }

    /** Appends {@code text} and flushes it. */
    void append(String text) throws IOException {
      out.write(text.getBytes(StandardCharsets.UTF_8));
      out.flush();
    }

    void flush() throws IOException {
      out.flush();
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }

  /**
   * A stream to {@code channel} whose bytes, once written, are added to {@code sums}; its errors
   * name {@code file}.
   */
  private static OutputStream checksummed(FileChannel channel, LineChecksums sums, Path file) {
    return new FilterOutputStream(Channels.newOutputStream(channel)) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        try {
          out.write(b, off, len);
        } catch (IOException e) {
          throw AtomicFiles.named(file, e);
        }
        sums.update(b, off, len);
      }

      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }
    };
  }

  /** Opens a CSV for appending after its first {@code length} bytes (what follows is cut). */
  private static FileChannel open(Path file, long length) throws IOException {
    FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE);
    try {
      if (ch.size() < length) {
        throw new IllegalArgumentException(file + " is shorter (" + ch.size()
            + " bytes) than at the last checkpoint (" + length + "); the run cannot be resumed");
      }
      ch.truncate(length);
      ch.position(length);
      return ch;
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  private static LineChecksums of(String text) {
    return LineChecksums.of(text.getBytes(StandardCharsets.UTF_8));
  }

  private static RuleTraining training(RunConfig config, int threads) {
    return new RuleTraining(config.createTask(), config.training(), config.rule().toString(),
        Rules.create(config.rule()), false, threads);
  }

  /**
   * Starts a run in {@code folder}, which must not exist unless {@code replace} (see
   * {@link AtomicFiles#stage}), its products on the calling thread alone.
   */
  public static Run create(RunConfig config, Path folder, boolean replace) throws IOException {
    try (AtomicFiles.StagedFolder stage = AtomicFiles.stage(folder, replace)) {
      return create(config, stage, 1);
    }
  }

  /**
   * Starts a run in a staged folder, which this commits. Everything that can be refused (a rule
   * that does not apply to the network) is refused before anything is written; the caller's
   * closing the stage then leaves nothing behind. The network splits its large matrix products
   * over {@code threads} threads ({@link RuleTraining}'s product threads; the same numbers on any
   * number), ended by {@link #close}.
   */
  public static Run create(RunConfig config, AtomicFiles.StagedFolder stage, int threads)
      throws IOException {
    RuleTraining training = training(config, threads);
    try {
      Task task = config.createTask();
      Json.write(stage.path().resolve(CONFIG), config.written());
      AtomicFiles.write(stage.path().resolve(METRICS),
          Outputs.metricsHeader(task).getBytes(StandardCharsets.UTF_8));
      AtomicFiles.write(stage.path().resolve(ALIGNMENT),
          Outputs.alignmentHeader().getBytes(StandardCharsets.UTF_8));
      boolean compared = !config.training().alignWith().isEmpty();
      if (compared) {
        AtomicFiles.write(stage.path().resolve(PAIRS),
            Outputs.pairsHeader().getBytes(StandardCharsets.UTF_8));
      }
      stage.commit();
      return new Run(config, stage.target(), training, of(Outputs.metricsHeader(task)),
          of(Outputs.alignmentHeader()), compared ? of(Outputs.pairsHeader()) : null);
    } catch (IOException | RuntimeException e) {
      training.close();
      throw e;
    }
  }

  /**
   * How far the run in {@code folder} (a folder with {@code config.json}) got: complete with
   * {@code summary.md} and {@code report.html}, undrawn with {@code summary.md} alone, else
   * unfinished.
   */
  public static Status status(Path folder) {
    if (!Files.exists(folder.resolve(SUMMARY))) {
      return Status.UNFINISHED;
    }
    return Files.exists(folder.resolve(REPORT)) ? Status.COMPLETE : Status.UNDRAWN;
  }

  /**
   * Continues the run in {@code folder}, started with {@code config} and stopped before its end.
   * Throws {@link IllegalArgumentException} if there is no such run, if it is complete (or only
   * needs its figures drawn), if it was started with another config (naming the first field that
   * differs), or if its files do not fit its checkpoint (naming the file and the first line that
   * changed since), all before writing anything. The products are split over {@code threads}
   * threads, as in {@link #create(RunConfig, AtomicFiles.StagedFolder, int)}: a run may resume on
   * another number of threads than it started on, to the same numbers.
   */
  public static Run resume(RunConfig config, Path folder, int threads) throws IOException {
    Path dir = folder.toAbsolutePath().normalize();
    Path configFile = dir.resolve(CONFIG);
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("there is no run " + dir + " to resume");
    }
    switch (status(dir)) {
      case COMPLETE -> throw new IllegalArgumentException("run " + dir + " is complete (it has "
          + SUMMARY + " and " + REPORT + "); there is nothing to resume");
      case UNDRAWN -> throw new IllegalArgumentException("run " + dir + " is trained and"
          + " summarised but was stopped before its figures and " + REPORT + " were written;"
          + " finish it with: ./bpttlab plot " + folder);
      default -> { }
    }
    JsonNode written;
    try {
      written = Json.read(configFile);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(dir + " has no " + CONFIG + ": it is not a run folder");
    }
    RunConfig started;
    try {
      started = RunConfig.fromJson(written, config.name());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(configFile + ": " + e.getMessage(), e);
    }
    String field = started.firstDifference(config);
    if (field != null) {
      throw new IllegalArgumentException("the config differs from " + configFile + " in "
          + field + "; a run resumes with the config it started with");
    }
    RuleTraining training = training(config, threads);
    Run run = null;
    try {
      Task task = config.createTask();
      LineChecksums.Snapshot metricsSums = of(Outputs.metricsHeader(task)).snapshot();
      LineChecksums.Snapshot alignmentSums = of(Outputs.alignmentHeader()).snapshot();
      boolean compared = !config.training().alignWith().isEmpty();
      LineChecksums.Snapshot pairsSums = compared ? of(Outputs.pairsHeader()).snapshot() : null;
      Path checkpoint = dir.resolve(CHECKPOINT);
      // what the CSVs are checked against: the checkpoint's checksums, else the headers
      boolean checksummed = false;
      if (Files.exists(checkpoint)) {
        CheckpointFile.State state =
            CheckpointFile.read(checkpoint, Json.toText(config.toJson()));
        training.restore(state.training());
        checksummed = state.metrics() != null;
        if (checksummed) {
          metricsSums = state.metrics();
          alignmentSums = state.alignment();
          if (compared) {
            if (state.pairs() == null) {
              throw new IllegalArgumentException(checkpoint + " holds no checksums of " + PAIRS
                  + "; start the run again with --force");
            }
            pairsSums = state.pairs();
          }
        } else {
          // format 1 kept only the lengths: the CSVs' prefixes are taken as they are
          metricsSums = LineChecksums.read(dir.resolve(METRICS), state.metricsBytes()).snapshot();
          alignmentSums =
              LineChecksums.read(dir.resolve(ALIGNMENT), state.alignmentBytes()).snapshot();
        }
      }
      LineChecksums metrics = verify(dir.resolve(METRICS), metricsSums, checksummed);
      LineChecksums alignment = verify(dir.resolve(ALIGNMENT), alignmentSums, checksummed);
      LineChecksums pairs = compared ? verify(dir.resolve(PAIRS), pairsSums, checksummed) : null;
      int done = training.iteration();
      checkRows(dir.resolve(METRICS), metricsSums.bytes(), done, config.training().evalEvery());
      checkRows(dir.resolve(ALIGNMENT), alignmentSums.bytes(), done,
          config.training().alignEvery());
      if (compared) {
        checkRows(dir.resolve(PAIRS), pairsSums.bytes(), done, config.training().alignEvery());
      }
      run = new Run(config, dir, training, metrics, alignment, pairs);
      ObjectNode updated = written.deepCopy();
      ArrayNode resumed = updated.has("resumed") && updated.get("resumed").isArray()
          ? (ArrayNode) updated.get("resumed") : updated.putArray("resumed");
      ObjectNode entry = resumed.addObject();
      entry.put("from_iteration", training.iteration());
      entry.set("producer", Provenance.toJson());
      Json.write(configFile, updated);
      return run;
    } catch (IOException | RuntimeException e) {
      if (run != null) {
        try {
          run.close();
        } catch (IOException closing) {
          e.addSuppressed(closing);
        }
      } else {
        training.close();
      }
      throw e;
    }
  }

  /** The CSV's checksums after checking its first bytes against {@code expected}. */
  private static LineChecksums verify(Path csv, LineChecksums.Snapshot expected,
      boolean checksummed) throws IOException {
    try {
      return LineChecksums.verify(csv, expected);
    } catch (LineChecksums.MismatchException e) {
      throw new IllegalArgumentException(csv + (e.firstLine() == e.lastLine()
          ? " line " + e.firstLine() : " lines " + e.firstLine() + " to " + e.lastLine())
          + " changed since bpttlab wrote " + (e.firstLine() == e.lastLine() ? "it" : "them")
          + (checksummed ? " (" + CHECKPOINT + " holds its checksums)" : "")
          + "; restore the file, or start the run again with --force", e);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(csv + " is missing; the run cannot be resumed", e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage() + "; the run cannot be resumed: restore"
          + " the file, or start the run again with --force", e);
    }
  }

  /**
   * Checks that the CSV's first {@code bytes} bytes hold the rows of iterations 1 to {@code done}
   * that a row every {@code every} iterations (0: never) makes, no more, no fewer: a checkpoint
   * and its CSVs must agree even when each is whole by itself.
   */
  private static void checkRows(Path csv, long bytes, int done, int every) throws IOException {
    int expected = every == 0 ? 0 : done / every;
    int iterations = 0;
    long last = -1;
    // a decoder that replaces bytes that are not UTF-8 (rather than fail on them)
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(Files.newInputStream(csv), StandardCharsets.UTF_8))) {
      String line = in.readLine();
      long read = line == null ? 0 : line.getBytes(StandardCharsets.UTF_8).length + 1;
      while (read < bytes && (line = in.readLine()) != null) {
        read += line.getBytes(StandardCharsets.UTF_8).length + 1;
        long i;
        try {
          i = Long.parseLong(line.substring(0, Math.max(0, line.indexOf(','))));
        } catch (NumberFormatException e) {
          i = -1;
        }
        if (i != last) {
          iterations++;
          last = i;
        }
      }
    }
    long lastExpected = expected == 0 ? -1 : (long) expected * every;
    if (iterations != expected || last != lastExpected) {
      throw new IllegalArgumentException(csv + " holds the rows of " + iterations
          + " iterations (up to " + last + ") but " + CHECKPOINT + " is after iteration " + done
          + ", which makes " + expected + (expected > 0 ? " (up to " + lastExpected + ")" : "")
          + "; they do not belong together: start the run again with --force");
    }
  }

  public RunConfig config() {
    return config;
  }

  /** The run folder. */
  public Path folder() {
    return folder;
  }

  /** Iterations done. */
  public int iteration() {
    return training.iteration();
  }

  /** The team of the network's products, which idle threads may help ({@link Trainer#lend}). */
  public ProductTeam team() {
    return training.team();
  }

  /** The iteration this process started from (0, or the checkpoint's). */
  public int startIteration() {
    return startIteration;
  }

  /**
   * Trains up to iteration {@code until} (at most the config's iterations), appending rows and
   * writing a checkpoint every {@code checkpoint_every} iterations. On a divergence, writes
   * {@code summary.md} saying so and throws.
   */
  public void trainUntil(int until, Trainer.Progress progress) throws IOException {
    trainUntil(until, progress, () -> false);
  }

  /**
   * Trains as {@link #trainUntil(int, Trainer.Progress)}, asking {@code stop} before each
   * iteration: once it answers true, writes a checkpoint at the iteration reached (so that
   * {@link #resume} loses nothing) and returns true. Returns false if it reached {@code until}.
   */
  public boolean trainUntil(int until, Trainer.Progress progress, BooleanSupplier stop)
      throws IOException {
    int last = Math.min(until, config.iterations());
    while (training.iteration() < last) {
      if (stop.getAsBoolean()) {
        checkpoint();
        return true;
      }
      RuleTraining.Step step;
      try {
        step = training.next();
      } catch (TrainingDivergedException e) {
        flush();
        result = new RuleResult(config.rule().toString(), config.seed(), rows, alignmentRows,
            Evaluation.none(), training.parameters().copy(), training.seconds(), e);
        writeSummaryCsv(result);
        writeSummary(result);
        throw e;
      }
      if (step.metrics() != null) {
        rows.add(step.metrics());
        metrics.append(Outputs.metricsLine(config.seed(), step.metrics()));
      }
      if (!step.alignment().isEmpty()) {
        alignmentRows.addAll(step.alignment());
        StringBuilder lines = new StringBuilder();
        for (AlignmentRow row : step.alignment()) {
          lines.append(Outputs.alignmentLine(config.seed(), row));
        }
        alignment.append(lines.toString());
      }
      if (!step.pairs().isEmpty()) {
        StringBuilder lines = new StringBuilder();
        for (UpdateAlignment.Pair pair : step.pairs()) {
          lines.append(Outputs.pairsLine(step.iteration(), config.seed(), pair));
        }
        pairs.append(lines.toString());
      }
      progress.iterationDone(step.metrics() != null ? step.metrics().rule()
          : config.rule().toString(), config.seed(), step.iteration(), step.loss());
      int i = step.iteration();
      if (i % config.checkpointEvery() == 0 && i < config.iterations()) {
        checkpoint();
      }
    }
    return false;
  }

  /**
   * The result of {@link #finish} or of the divergence {@link #trainUntil} threw, with the rows of
   * this process only (those before {@link #startIteration} are in the CSVs); null before either.
   */
  public RuleResult result() {
    return result;
  }

  /** Writes {@code checkpoint.bin} with the training's state and the CSVs' current lengths. */
  private void checkpoint() throws IOException {
    flush();
    CheckpointFile.write(folder.resolve(CHECKPOINT), configText,
        new CheckpointFile.State(training.checkpoint(), metrics.sums.snapshot(),
            alignment.sums.snapshot(), pairs == null ? null : pairs.sums.snapshot()));
  }

  /**
   * After the last iteration: scores the network on the held-out batches and writes
   * {@code summary.csv}, {@code parameters/}, {@code summary.md}; removes the checkpoint.
   */
  public RuleResult finish() throws IOException {
    if (!training.done()) {
      throw new IllegalStateException("the run is at iteration " + training.iteration() + " of "
          + config.iterations());
    }
    flush();
    Evaluation heldOut = training.evaluate();
    result = new RuleResult(config.rule().toString(), config.seed(), rows,
        alignmentRows, heldOut, training.parameters().copy(), training.seconds(), null);
    writeSummaryCsv(result);
    writeParameters(result.parameters());
    writeSummary(result);
    Files.deleteIfExists(folder.resolve(CHECKPOINT));
    return result;
  }

  /** summary.csv: the final loss and metric, NaN with diverged_at for a diverged run. */
  private void writeSummaryCsv(RuleResult r) throws IOException {
    AtomicFiles.write(folder.resolve(SUMMARY_CSV), (Outputs.summaryHeader(task)
        + Outputs.summaryLine(task, r)).getBytes(StandardCharsets.UTF_8));
  }

  private void writeParameters(Parameters p) throws IOException {
    writeParameters(folder.resolve(PARAMETERS), config.network(), p);
  }

  /**
   * Writes {@code p}, parameters of a network {@code spec}, as {@code <dir>/<group>.npy} (float64,
   * the shapes of docs/gradients.md), creating {@code dir}.
   */
  public static void writeParameters(Path dir, NetworkSpec spec, Parameters p)
      throws IOException {
    Files.createDirectories(dir);
    Network network = new Network(spec);
    for (int g = 0; g < p.groupCount(); g++) {
      Npy.write(dir.resolve(p.shape(g).name() + ".npy"),
          NetworkCodec.fileShape(network.parameterShapes().get(g)), p.get(g));
    }
  }

  /**
   * The parameters of a network {@code spec} that {@link #writeParameters} wrote into {@code dir};
   * throws {@link IllegalArgumentException} naming the file whose size is not its group's.
   */
  public static Parameters readParameters(Path dir, NetworkSpec spec) throws IOException {
    Parameters p = new Network(spec).newParameters();
    for (int g = 0; g < p.groupCount(); g++) {
      Path file = dir.resolve(p.shape(g).name() + ".npy");
      double[] values = Npy.read(file).data();
      if (values.length != p.get(g).length) {
        throw new IllegalArgumentException(file + " holds " + values.length + " values; the"
            + " network's " + p.shape(g).name() + " has " + p.get(g).length);
      }
      System.arraycopy(values, 0, p.get(g), 0, values.length);
    }
    return p;
  }

  private void writeSummary(RuleResult result) throws IOException {
    List<String> setup = new ArrayList<>(SummaryMarkdown.setup(task, config.training(),
        List.of(config.seed())));
    setup.add("Rule " + config.rule() + (result.diverged()
        ? "; the run diverged at iteration " + result.divergence().iteration() + "."
        : "; the run is complete."));
    if (startIteration > 0) {
      setup.add("Resumed from the checkpoint after iteration " + startIteration
          + " (config.json lists every resumption).");
    }
    AtomicFiles.write(folder.resolve(SUMMARY),
        SummaryMarkdown.of(config.name(), setup, task, List.of(List.of(result)))
            .getBytes(StandardCharsets.UTF_8));
  }

  private void flush() throws IOException {
    metrics.flush();
    alignment.flush();
    if (pairs != null) {
      pairs.flush();
    }
  }

  /**
   * Flushes and closes the CSVs (the run can be resumed from its last checkpoint) and ends the
   * training's product threads.
   */
  @Override
  public void close() throws IOException {
    try (training; metrics; alignment) {
      if (pairs != null) {
        pairs.close();
      }
    }
  }
}
