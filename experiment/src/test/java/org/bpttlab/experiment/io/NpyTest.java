package org.bpttlab.experiment.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {
  /** Values that must survive bit for bit: signed zeros, subnormals, extremes, infinities. */
  private static final double[] SPECIAL = {
    -0.0, 0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL / 3, Double.MAX_VALUE,
    -Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, 1.0 / 3,
    -2.5e-300, Math.PI, Math.nextUp(1.0), -1e308, 123456789.125, Math.ulp(0.0) * 7,
    Double.longBitsToDouble(0x000FFFFFFFFFFFFFL), 1e-310, -7.0, 42.0, 0.1, 0.2, 0.30000000000000004
  };

  @TempDir Path dir;

  private static double[] values(int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = SPECIAL[i % SPECIAL.length] * (i < SPECIAL.length ? 1 : -1);
    }
    return v;
  }

  private static void assertBitsEqual(double[] expected, double[] actual) {
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(actual[i]),
          "entry " + i);
    }
  }

  @Test
  void roundTripThroughFilesIsBitExactForEveryRank() throws IOException {
    int[][] shapes = {{}, {3}, {2, 3}, {2, 3, 4}, {0}, {1, 1, 1, 1}, {5000}};
    for (int[] shape : shapes) {
      double[] data = values(Npy.size(shape));
      Path file = dir.resolve("a" + shape.length + "-" + Npy.size(shape) + ".npy");
      Npy.write(file, shape, data);
      Npy.Array back = Npy.read(file);
      assertArrayEquals(shape, back.shape(), Arrays.toString(shape));
      assertBitsEqual(data, back.data());
      assertEquals(header(shape).length + 8L * data.length, Files.size(file));
    }
  }

  @Test
  void headerFollowsTheFormatSpecification() {
    for (int[] shape : new int[][] {{}, {3}, {2, 3}, {2, 3, 4}, {100000, 100000, 7, 1, 2, 3}}) {
      byte[] h = header(shape);
      assertEquals(0, h.length % 64, "data starts at a multiple of 64");
      assertArrayEquals(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0},
          Arrays.copyOf(h, 8));
      int headerLen = ByteBuffer.wrap(h, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xFFFF;
      assertEquals(h.length - 10, headerLen);
      String dict = new String(h, 10, headerLen, StandardCharsets.US_ASCII);
      assertEquals('\n', dict.charAt(dict.length() - 1));
      String shapeText = switch (shape.length) {
        case 0 -> "()";
        case 1 -> "(" + shape[0] + ",)";
        default -> Arrays.toString(shape).replace('[', '(').replace(']', ')');
      };
      assertEquals("{'descr': '<f8', 'fortran_order': False, 'shape': " + shapeText + ", }",
          dict.stripTrailing());
      assertEquals(dict.stripTrailing() + " ".repeat(dict.length() - 1 - dict.stripTrailing()
          .length()) + "\n", dict, "padding is spaces then one newline");
    }
  }

  @Test
  void smallHeadersTakeTwoBlocks() {
    // 10 bytes of magic, version and length plus the 55-character dictionary exceed one block
    assertEquals(128, header(new int[] {2, 3}).length);
    assertEquals(128, header(new int[] {}).length);
  }

  /**
   * A file written by NumPy 2.4.6 (its header carries extra growth padding, 128 bytes), generated
   * with: {@code b = io.BytesIO(); np.save(b, np.array([[1.5, -0.0, np.inf], [-np.inf, 5e-324,
   * np.nan]])); base64.b64encode(b.getvalue())}.
   */
  @Test
  void readsAFileWrittenByNumPy() throws IOException {
    byte[] file = Base64.getDecoder().decode(
        "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDMpLC"
            + "B9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAA"
            + "AD4PwAAAAAAAACAAAAAAAAA8H8AAAAAAADw/wEAAAAAAAAAAAAAAAAA+H8=");
    Npy.Array a = Npy.read(new ByteArrayInputStream(file));
    assertArrayEquals(new int[] {2, 3}, a.shape());
    assertBitsEqual(new double[] {1.5, -0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
        Double.MIN_VALUE, Double.NaN}, a.data());
  }

  @Test
  void streamOutputEqualsHeaderThenLittleEndianData() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Npy.write(out, new int[] {2}, new double[] {1.0, -2.0});
    byte[] bytes = out.toByteArray();
    assertEquals(128 + 16, bytes.length);
    ByteBuffer data = ByteBuffer.wrap(bytes, 128, 16).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(1.0, data.getDouble());
    assertEquals(-2.0, data.getDouble());
  }

  @Test
  void rejectsMismatchedDataAndForeignFiles() {
    assertThrows(IllegalArgumentException.class,
        () -> Npy.write(new ByteArrayOutputStream(), new int[] {2, 2}, new double[3]));
    assertThrows(IOException.class,
        () -> Npy.read(new ByteArrayInputStream("not numpy at all".getBytes(
            StandardCharsets.US_ASCII))));
    byte[] f4 = Npy.header(new int[] {1});
    String text = new String(f4, StandardCharsets.ISO_8859_1).replace("<f8", "<f4");
    assertThrows(IOException.class, () -> Npy.read(new ByteArrayInputStream(
        (text + "\0\0\0\0").getBytes(StandardCharsets.ISO_8859_1))));
  }

  private static byte[] header(int[] shape) {
    return Npy.header(shape);
  }
}
