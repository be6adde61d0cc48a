package org.bpttlab.experiment.io;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy {@code .npy} files of float64 arrays (NumPy Enhancement Proposal 1, "A simple file format for
 * NumPy arrays"; numpy.lib.format). A file is:
 *
 * <pre>
 * "\x93NUMPY" 0x01 0x00          magic string and format version 1.0
 * HEADER_LEN                      2 bytes, little-endian unsigned
 * HEADER                          ASCII: {'descr': '&lt;f8', 'fortran_order': False, 'shape': (2, 3), }
 *                                 padded with spaces and ended by '\n' so that the data starts at a
 *                                 multiple of 64 bytes
 * data                            the entries in C (row-major) order, IEEE 754 binary64, little-endian
 * </pre>
 *
 * A 0-d array has shape {@code ()} and one entry; a 1-d array shape {@code (n,)}. Values are written by
 * their raw bits, so -0.0, subnormals, infinities and NaN payloads survive a round trip. The reader
 * accepts what this writer writes and, more generally, version 1.0–3.0 little-endian float64 C-order
 * files.
 */
public final class Npy {
  /** The 6-byte magic string that starts every .npy file. */
  static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

  /** The data offset is a multiple of this (NumPy's ARRAY_ALIGN). */
  static final int ALIGNMENT = 64;

  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

  private Npy() {}

  /**
   * An array read from a file.
   *
   * @param shape the dimensions (empty for a 0-d array)
   * @param data the entries in C order, length the product of {@code shape}
   */
  public record Array(int[] shape, double[] data) {
    public Array {
      shape = shape.clone();
      if (data.length != size(shape)) {
        throw new IllegalArgumentException(
            "data has " + data.length + " entries, shape " + Arrays.toString(shape) + " needs "
                + size(shape));
      }
    }

    @Override
    public int[] shape() {
      return shape.clone();
    }
  }

  /** Number of entries of an array of this shape (1 for the 0-d shape); throws if it overflows. */
  public static int size(int[] shape) {
    long n = 1;
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("shape has a negative dimension: " + Arrays.toString(shape));
      }
      n *= d;
      if (n > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("array too large: " + Arrays.toString(shape));
      }
    }
    return (int) n;
  }

  /**
   * The complete header (magic, version, length, dictionary, padding) for a float64 C-order array.
   */
  public static byte[] header(int[] shape) {
    StringBuilder dict = new StringBuilder("{'descr': '<f8', 'fortran_order': False, 'shape': (");
    for (int i = 0; i < shape.length; i++) {
      dict.append(i == 0 ? "" : ", ").append(shape[i]);
    }
    if (shape.length == 1) {
      dict.append(',');
    }
    dict.append("), }");
    int fixed = MAGIC.length + 2 + 2;
    int unpadded = fixed + dict.length() + 1; // + '\n'
    int padded = (unpadded + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    int headerLen = padded - fixed;
    if (headerLen > 0xFFFF) {
      throw new IllegalArgumentException("shape too long for a version 1.0 header");
    }
    dict.append(" ".repeat(padded - unpadded)).append('\n');
    ByteBuffer buf = ByteBuffer.allocate(padded).order(ByteOrder.LITTLE_ENDIAN);
    buf.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) headerLen);
    buf.put(dict.toString().getBytes(StandardCharsets.US_ASCII));
    return buf.array();
  }

  /**
   * Writes {@code data} (C order) with {@code shape} to {@code out}.
   *
   * @param data Not modified
   */
  public static void write(OutputStream out, int[] shape, double[] data) throws IOException {
    if (data.length != size(shape)) {
      throw new IllegalArgumentException(
          "data has " + data.length + " entries, shape " + Arrays.toString(shape) + " needs "
              + size(shape));
    }
    out.write(header(shape));
    ByteBuffer buf = ByteBuffer.allocate(8 * 4096).order(ByteOrder.LITTLE_ENDIAN);
    for (double v : data) {
      if (!buf.hasRemaining()) {
        out.write(buf.array(), 0, buf.position());
        buf.clear();
      }
      buf.putLong(Double.doubleToRawLongBits(v));
    }
    out.write(buf.array(), 0, buf.position());
  }

  /** Writes the array to {@code file} atomically (see {@link AtomicFiles#write}). */
  public static void write(Path file, int[] shape, double[] data) throws IOException {
    AtomicFiles.write(file, out -> {
      BufferedOutputStream buffered = new BufferedOutputStream(out, 1 << 16);
      write(buffered, shape, data);
      buffered.flush();
    });
  }

  /** Reads a float64 array. */
  public static Array read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in);
    }
  }

  /** Reads a float64 array from a stream positioned at the magic string. */
  public static Array read(InputStream stream) throws IOException {
    DataInputStream in = new DataInputStream(stream);
    byte[] magic = new byte[MAGIC.length];
    in.readFully(magic);
    if (!Arrays.equals(magic, MAGIC)) {
      throw new IOException("not a .npy file (bad magic string)");
    }
    int major = in.readUnsignedByte();
    in.readUnsignedByte();
    long headerLen;
    if (major == 1) {
      headerLen = Short.toUnsignedInt(Short.reverseBytes(in.readShort()));
    } else if (major == 2 || major == 3) {
      headerLen = Integer.toUnsignedLong(Integer.reverseBytes(in.readInt()));
    } else {
      throw new IOException("unsupported .npy format version " + major);
    }
    if (headerLen > 1 << 20) {
      throw new IOException(".npy header too long: " + headerLen);
    }
    byte[] header = new byte[(int) headerLen];
    in.readFully(header);
    String dict = new String(header, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    String descr = group(DESCR, dict, "descr");
    if (!descr.equals("<f8") && !descr.equals("f8") && !descr.equals("<d")) {
      throw new IOException("only little-endian float64 ('<f8') is supported, was '" + descr + "'");
    }
    if (group(FORTRAN, dict, "fortran_order").equals("True")) {
      throw new IOException("only C-order arrays are supported (fortran_order is True)");
    }
    int[] shape = parseShape(group(SHAPE, dict, "shape"));
    int n = size(shape);
    byte[] raw = new byte[8 * n];
    in.readFully(raw);
    double[] data = new double[n];
    ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(data);
    return new Array(shape, data);
  }

  private static String group(Pattern p, String dict, String key) throws IOException {
    Matcher m = p.matcher(dict);
    if (!m.find()) {
      throw new IOException(".npy header has no valid '" + key + "': " + dict.strip());
    }
    return m.group(1);
  }

  private static int[] parseShape(String text) throws IOException {
    String[] parts = text.split(",");
    int count = 0;
    int[] shape = new int[parts.length];
    for (String part : parts) {
      String s = part.strip();
      if (s.isEmpty()) {
        continue;
      }
      try {
        shape[count++] = Integer.parseInt(s.endsWith("L") ? s.substring(0, s.length() - 1) : s);
      } catch (NumberFormatException e) {
        throw new IOException(".npy shape is not a tuple of integers: (" + text + ")", e);
      }
    }
    return Arrays.copyOf(shape, count);
  }
}
