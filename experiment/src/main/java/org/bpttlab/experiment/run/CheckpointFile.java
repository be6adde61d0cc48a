package org.bpttlab.experiment.run;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.bpttlab.core.ParameterShape;
import org.bpttlab.core.Parameters;
import org.bpttlab.experiment.io.AtomicFiles;
import org.bpttlab.experiment.io.LineChecksums;
import org.bpttlab.experiment.train.Checkpoint;
import org.bpttlab.rules.optim.OptimizerState;

/**
 * A run's {@code checkpoint.bin}: a {@link Checkpoint} with the lengths and the checksums
 * ({@link LineChecksums}) of the run's CSV files when it was taken, written atomically (temporary
 * file, rename). Big-endian, as
 * {@link DataOutputStream} writes; a string is an int byte count and its UTF-8 bytes, an array an
 * int length and its doubles (IEEE 754 bits, so values come back bit for bit):
 *
 * <pre>
 * magic "BPTTCKPT" (8 bytes), format version (int, 2)
 * config            string: the run's config (RunConfig.toJson), which the checkpoint belongs to
 * rule, seed        string, long
 * iteration         int: iterations done
 * seconds           double: training seconds so far
 * metrics_bytes     long: the length of metrics.csv when the checkpoint was taken
 * alignment_bytes   long: the length of alignment.csv
 * parameters        int G; G × (name string, rows int, cols int, array)
 * optimizer         kind string, steps long, int K; K × (name string, array)
 * carried state     array
 * files             int F; F × (name string, bytes long, lines long, crc32c int, stride int,
 *                   int M; M × crc32c int): the CSVs' checksums (format 2 only): metrics.csv,
 *                   alignment.csv and, for a run with comparison rules, alignment-pairs.csv
 * crc32             long: CRC-32 of every byte before it
 * </pre>
 *
 * <p>Format 1 (without the files' checksums) is still read: its run resumes with the CSVs' lengths
 * checked, not their bytes.
 */
public final class CheckpointFile {
  private static final byte[] MAGIC = "BPTTCKPT".getBytes(StandardCharsets.US_ASCII);
  private static final int VERSION = 2;

  /**
   * A checkpoint of a run.
   *
   * @param training the training's state
   * @param metricsBytes the length of metrics.csv when it was taken, ≥ 0
   * @param alignmentBytes the length of alignment.csv, ≥ 0
   * @param metrics metrics.csv's checksums then, of {@code metricsBytes} bytes (null in format 1)
   * @param alignment alignment.csv's (null in format 1)
   * @param pairs alignment-pairs.csv's, of a run with comparison rules (else null)
   */
  public record State(Checkpoint training, long metricsBytes, long alignmentBytes,
      LineChecksums.Snapshot metrics, LineChecksums.Snapshot alignment,
      LineChecksums.Snapshot pairs) {
    public State {
      if (training == null || metricsBytes < 0 || alignmentBytes < 0) {
        throw new IllegalArgumentException("a checkpoint needs the training's state and the"
            + " CSV lengths >= 0, were " + metricsBytes + " and " + alignmentBytes);
      }
      if ((metrics == null) != (alignment == null)
          || metrics != null && (metrics.bytes() != metricsBytes
              || alignment.bytes() != alignmentBytes)) {
        throw new IllegalArgumentException("a checkpoint's checksums must be of both CSVs, of"
            + " their lengths");
      }
      if (pairs != null && metrics == null) {
        throw new IllegalArgumentException("a checkpoint of format 1 holds no checksums of "
            + Run.PAIRS);
      }
    }

    /** A checkpoint whose CSVs' checksums are the given ones ({@code pairs} may be null). */
    public State(Checkpoint training, LineChecksums.Snapshot metrics,
        LineChecksums.Snapshot alignment, LineChecksums.Snapshot pairs) {
      this(training, metrics.bytes(), alignment.bytes(), metrics, alignment, pairs);
    }

    /** A checkpoint whose two CSVs' checksums are the given ones. */
    public State(Checkpoint training, LineChecksums.Snapshot metrics,
        LineChecksums.Snapshot alignment) {
      this(training, metrics, alignment, null);
    }

    /** A checkpoint with the CSVs' lengths only (as format 1 has). */
    public State(Checkpoint training, long metricsBytes, long alignmentBytes) {
      this(training, metricsBytes, alignmentBytes, null, null, null);
    }
  }

  private CheckpointFile() {}

  /** Writes {@code state} of the run of {@code config} to {@code file}, atomically. */
  public static void write(Path file, String config, State state) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    Checkpoint c = state.training();
    out.write(MAGIC);
    out.writeInt(state.metrics() != null ? VERSION : 1);
    string(out, config);
    string(out, c.rule());
    out.writeLong(c.seed());
    out.writeInt(c.iteration());
    out.writeDouble(c.seconds());
    out.writeLong(state.metricsBytes());
    out.writeLong(state.alignmentBytes());
    Parameters p = c.parameters();
    out.writeInt(p.groupCount());
    for (int g = 0; g < p.groupCount(); g++) {
      ParameterShape s = p.shape(g);
      string(out, s.name());
      out.writeInt(s.rows());
      out.writeInt(s.cols());
      array(out, p.get(g));
    }
    OptimizerState o = c.optimizer();
    string(out, o.kind());
    out.writeLong(o.steps());
    out.writeInt(o.arrays().size());
    for (Map.Entry<String, double[]> e : o.arrays().entrySet()) {
      string(out, e.getKey());
      array(out, e.getValue());
    }
    array(out, c.carriedState());
    if (state.metrics() != null) {
      out.writeInt(state.pairs() == null ? 2 : 3);
      checksums(out, Run.METRICS, state.metrics());
      checksums(out, Run.ALIGNMENT, state.alignment());
      if (state.pairs() != null) {
        checksums(out, Run.PAIRS, state.pairs());
      }
    }
    out.flush();
    CRC32 crc = new CRC32();
    crc.update(bytes.toByteArray());
    out.writeLong(crc.getValue());
    out.flush();
    AtomicFiles.write(file, bytes.toByteArray());
  }

  /**
   * Reads a checkpoint of the run of {@code config}. Throws {@link IllegalArgumentException} if
   * the file is damaged, of another format version, or of another config.
   */
  public static State read(Path file, String config) throws IOException {
    byte[] all = Files.readAllBytes(file);
    if (all.length < MAGIC.length + 12
        || !Arrays.equals(Arrays.copyOf(all, MAGIC.length), MAGIC)) {
      throw new IllegalArgumentException(file + " is not a bpttlab checkpoint");
    }
    CRC32 crc = new CRC32();
    crc.update(all, 0, all.length - 8);
    long stored = new DataInputStream(new ByteArrayInputStream(all, all.length - 8, 8)).readLong();
    if (stored != crc.getValue()) {
      throw new IllegalArgumentException(file + " is damaged (its checksum does not match)");
    }
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(all, 0, all.length - 8));
    try {
      in.skipNBytes(MAGIC.length);
      int version = in.readInt();
      if (version != VERSION && version != 1) {
        throw new IllegalArgumentException(file + " has checkpoint format " + version
            + "; this bpttlab reads formats 1 to " + VERSION);
      }
      if (!string(in).equals(config)) {
        throw new IllegalArgumentException(file + " belongs to another config");
      }
      String rule = string(in);
      long seed = in.readLong();
      int iteration = in.readInt();
      double seconds = in.readDouble();
      long metricsBytes = in.readLong();
      long alignmentBytes = in.readLong();
      int groups = in.readInt();
      List<ParameterShape> shapes = new ArrayList<>();
      List<double[]> values = new ArrayList<>();
      for (int g = 0; g < groups; g++) {
        String name = string(in);
        int rows = in.readInt();
        int cols = in.readInt();
        double[] v = array(in);
        // before Parameters allocates rows × cols: a forged shape must not cost memory
        if (rows < 0 || cols < 0 || (long) rows * cols != v.length) {
          throw new IllegalArgumentException(file + " is damaged (group " + name + " is " + rows
              + " × " + cols + " but has " + v.length + " values)");
        }
        shapes.add(new ParameterShape(name, rows, cols));
        values.add(finite(file, name, v));
      }
      Parameters p = new Parameters(shapes);
      for (int g = 0; g < groups; g++) {
        if (values.get(g).length != p.get(g).length) {
          throw new IllegalArgumentException(file + " is damaged (group " + shapes.get(g).name()
              + " has " + values.get(g).length + " values)");
        }
        System.arraycopy(values.get(g), 0, p.get(g), 0, values.get(g).length);
      }
      String kind = string(in);
      long steps = in.readLong();
      int count = in.readInt();
      Map<String, double[]> arrays = new LinkedHashMap<>();
      for (int k = 0; k < count; k++) {
        String name = string(in);
        arrays.put(name, finite(file, "optimizer " + name, array(in)));
      }
      double[] carried = finite(file, "the carried state", array(in));
      if (!(seconds >= 0 && seconds < Double.POSITIVE_INFINITY) || steps < 0) {
        throw new IllegalArgumentException(file + " is damaged (seconds " + seconds + ", "
            + steps + " optimizer steps)");
      }
      LineChecksums.Snapshot metrics = null;
      LineChecksums.Snapshot alignment = null;
      LineChecksums.Snapshot pairs = null;
      if (version >= 2) {
        int files = in.readInt();
        if (files != 2 && files != 3) {
          throw new IllegalArgumentException(file + " is damaged (checksums of " + files
              + " files)");
        }
        metrics = checksums(in, file, Run.METRICS);
        alignment = checksums(in, file, Run.ALIGNMENT);
        if (files == 3) {
          pairs = checksums(in, file, Run.PAIRS);
        }
      }
      if (in.available() != 0) {
        throw new IllegalArgumentException(file + " is damaged (" + in.available()
            + " bytes left over)");
      }
      return new State(new Checkpoint(rule, seed, iteration, seconds, p,
          new OptimizerState(kind, steps, arrays), carried), metricsBytes, alignmentBytes,
          metrics, alignment, pairs);
    } catch (EOFException e) {
      throw new IllegalArgumentException(file + " is damaged (it ends early)", e);
    }
  }

  private static void checksums(DataOutputStream out, String name, LineChecksums.Snapshot c)
      throws IOException {
    string(out, name);
    out.writeLong(c.bytes());
    out.writeLong(c.lines());
    out.writeInt(c.crc());
    out.writeInt(c.stride());
    int[] marks = c.marks();
    out.writeInt(marks.length);
    for (int m : marks) {
      out.writeInt(m);
    }
  }

  private static LineChecksums.Snapshot checksums(DataInputStream in, Path file, String name)
      throws IOException {
    String written = string(in);
    if (!written.equals(name)) {
      throw new IllegalArgumentException(file + " is damaged (checksums of " + written
          + " where those of " + name + " belong)");
    }
    long bytes = in.readLong();
    long lines = in.readLong();
    int crc = in.readInt();
    int stride = in.readInt();
    int n = in.readInt();
    if (n < 0 || 4L * n > in.available()) {
      throw new IllegalArgumentException(file + " is damaged (" + n + " checksums)");
    }
    int[] marks = new int[n];
    for (int k = 0; k < n; k++) {
      marks[k] = in.readInt();
    }
    return new LineChecksums.Snapshot(bytes, lines, crc, stride, marks);
  }

  /** A training that diverged is never checkpointed: a non-finite value is damage. */
  private static double[] finite(Path file, String what, double[] values) {
    for (double x : values) {
      if (!Double.isFinite(x)) {
        throw new IllegalArgumentException(file + " is damaged (" + what + " holds " + x + ")");
      }
    }
    return values;
  }

  private static void string(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String string(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > in.available()) {
      throw new IllegalArgumentException("checkpoint is damaged (a string of " + n + " bytes)");
    }
    return new String(in.readNBytes(n), StandardCharsets.UTF_8);
  }

  private static void array(DataOutputStream out, double[] a) throws IOException {
    out.writeInt(a.length);
    for (double x : a) {
      out.writeLong(Double.doubleToRawLongBits(x));
    }
  }

  private static double[] array(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || 8L * n > in.available()) {
      throw new IllegalArgumentException("checkpoint is damaged (an array of " + n + " values)");
    }
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = Double.longBitsToDouble(in.readLong());
    }
    return a;
  }
}
