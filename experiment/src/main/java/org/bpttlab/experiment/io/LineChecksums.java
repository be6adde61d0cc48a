package org.bpttlab.experiment.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Checksums of a text file as it is appended to, fine enough to name the first line that later
 * changed: the CRC-32C of the whole prefix, and of the prefix ending at every {@code stride}-th
 * line. At most {@link #MAX_MARKS} such marks are kept: when there would be more, every other one
 * is dropped and the stride doubles, so a file of up to that many lines has a mark at every line
 * (a change is named by its line) and a longer one by a range of {@code stride} lines, for a few
 * bytes per line at most (a CSV row is some 60 bytes, a mark 4).
 *
 * <p>CRC-32C catches every change of up to 32 consecutive bits and any other with probability
 * 1 − 2<sup>−32</sup>: damage and slips, not forgery (anyone who can rewrite the file can rewrite its
 * checksum too).
 */
public final class LineChecksums {
  /** The most marks kept (64 KiB of them). */
  public static final int MAX_MARKS = 16384;

  private final CRC32C crc = new CRC32C();
  private long bytes;
  private long lines;
  private int stride = 1;
  private int[] marks = new int[64];
  private int count;

  /** The checksums of an empty file. */
  public LineChecksums() {}

  /**
   * What a file's checksums were when it had {@code bytes} bytes and {@code lines} whole lines.
   *
   * @param crc the CRC-32C of all {@code bytes} bytes
   * @param stride lines between marks, a power of two
   * @param marks the CRC-32C of the prefix ending at line {@code (k + 1) · stride}, for each k
   */
  public record Snapshot(long bytes, long lines, int crc, int stride, int[] marks) {
    public Snapshot {
      if (bytes < 0 || lines < 0 || lines > bytes || stride < 1 || Integer.bitCount(stride) != 1
          || marks == null || marks.length != lines / stride) {
        throw new IllegalArgumentException("inconsistent line checksums: " + bytes + " bytes, "
            + lines + " lines, stride " + stride + ", "
            + (marks == null ? "no" : marks.length) + " marks");
      }
      marks = marks.clone();
    }

    @Override
    public int[] marks() {
      return marks.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Snapshot s && bytes == s.bytes && lines == s.lines && crc == s.crc
          && stride == s.stride && Arrays.equals(marks, s.marks);
    }

    @Override
    public int hashCode() {
      return Long.hashCode(bytes) * 31 + crc;
    }
  }

  /** A file's first bytes differ from a snapshot of it: {@link #lines()} names where. */
  public static final class MismatchException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final long firstLine;
    private final long lastLine;

    MismatchException(Path file, long firstLine, long lastLine) {
      super(file + " differs at " + (firstLine == lastLine ? "line " + firstLine
          : "lines " + firstLine + " to " + lastLine) + " from what it was when checksummed");
      this.firstLine = firstLine;
      this.lastLine = lastLine;
    }

    /** The first line that differs, or the first of the range of lines one of which does. */
    public long firstLine() {
      return firstLine;
    }

    /** The last line of that range (= {@link #firstLine()} when the line is known). */
    public long lastLine() {
      return lastLine;
    }
  }

  /** Appends {@code len} bytes of {@code b} from {@code off}. */
  public void update(byte[] b, int off, int len) {
    int start = off;
    int end = off + len;
    for (int i = off; i < end; i++) {
      if (b[i] == '\n') {
        crc.update(b, start, i + 1 - start);
        start = i + 1;
        lines++;
        if (lines % stride == 0) {
          mark();
        }
      }
    }
    crc.update(b, start, end - start);
    bytes += len;
  }

  private void mark() {
    if (count == MAX_MARKS) {
      // keep the marks at lines 2s, 4s, ...: those of the doubled stride
      for (int k = 0; k < count / 2; k++) {
        marks[k] = marks[2 * k + 1];
      }
      count /= 2;
      stride *= 2;
      if (lines % stride != 0) {
        return;
      }
    }
    if (count == marks.length) {
      marks = Arrays.copyOf(marks, Math.min(MAX_MARKS, 2 * marks.length));
    }
    marks[count++] = (int) crc.getValue();
  }

  /** Bytes so far. */
  public long bytes() {
    return bytes;
  }

  /** The checksums now. */
  public Snapshot snapshot() {
    return new Snapshot(bytes, lines, (int) crc.getValue(), stride,
        Arrays.copyOf(marks, count));
  }

  /** The checksums of {@code content}. */
  public static LineChecksums of(byte[] content) {
    LineChecksums c = new LineChecksums();
    c.update(content, 0, content.length);
    return c;
  }

  /**
   * The checksums of the first {@code length} bytes of {@code file}; throws
   * {@link IllegalArgumentException} if it is shorter.
   */
  public static LineChecksums read(Path file, long length) throws IOException {
    return read(file, length, null);
  }

  /**
   * The checksums of the first {@code expected.bytes()} bytes of {@code file}, which must be those
   * {@code expected} was taken of: else throws {@link MismatchException} naming the first line
   * (or range of lines) that differs, or {@link IllegalArgumentException} if the file is shorter.
   */
  public static LineChecksums verify(Path file, Snapshot expected) throws IOException {
    LineChecksums c = read(file, expected.bytes(), expected);
    if (c.lines != expected.lines() || (int) c.crc.getValue() != expected.crc()) {
      // the difference is after the last mark (or a line break was added or removed there)
      long after = (long) expected.marks().length * expected.stride();
      throw new MismatchException(file, after + 1, Math.max(after + 1,
          Math.min(Math.max(c.lines, expected.lines()) + 1, after + expected.stride())));
    }
    return c;
  }

  private static LineChecksums read(Path file, long length, Snapshot expected)
      throws IOException {
    LineChecksums c = new LineChecksums();
    int[] want = expected == null ? null : expected.marks;
    int stride = expected == null ? 1 : expected.stride();
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      long left = length;
      while (left > 0) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (n < 0) {
          throw new IllegalArgumentException(file + " is shorter (" + (length - left)
              + " bytes) than when its checksums were taken (" + length + " bytes)");
        }
        if (want == null) {
          c.update(buffer, 0, n);
        } else {
          // line by line, to compare each mark the snapshot has as soon as it is passed
          int start = 0;
          for (int i = 0; i < n; i++) {
            if (buffer[i] == '\n') {
              c.update(buffer, start, i + 1 - start);
              start = i + 1;
              if (c.lines % stride == 0 && c.lines / stride <= want.length) {
                int k = (int) (c.lines / stride) - 1;
                if ((int) c.crc.getValue() != want[k]) {
                  throw new MismatchException(file, c.lines - stride + 1, c.lines);
                }
              }
            }
          }
          c.update(buffer, start, n - start);
        }
        left -= n;
      }
    }
    return c;
  }
}
