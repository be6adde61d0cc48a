package org.bpttlab.experiment.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineChecksumsTest {
  @TempDir Path dir;

  private static byte[] csv(int rows) {
    StringBuilder b = new StringBuilder("iteration,rule,loss\n");
    for (int i = 1; i <= rows; i++) {
      b.append(i).append(",bptt,").append(1.0 / i).append('\n');
    }
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Appended in any pieces, a file has the checksums of its whole bytes. */
  @Test
  void checksumsDoNotDependOnHowTheFileWasAppended() {
    byte[] all = csv(3 * LineChecksums.MAX_MARKS);
    SplittableRandom random = new SplittableRandom(5);
    LineChecksums pieces = new LineChecksums();
    for (int at = 0; at < all.length; ) {
      int n = Math.min(all.length - at, random.nextInt(1, 200));
      pieces.update(all, at, n);
      at += n;
    }
    LineChecksums.Snapshot whole = LineChecksums.of(all).snapshot();
    assertEquals(whole, pieces.snapshot());
    assertEquals(4, whole.stride(), "3 × MAX_MARKS + 1 lines: marks every 4 lines");
    assertEquals((3 * LineChecksums.MAX_MARKS + 1) / 4, whole.marks().length);
  }

  /** A changed digit, or 40 overwritten bytes, is named by its line; past the marks, a range. */
  @Test
  void aChangeIsNamedByTheFirstLineItTouches() throws IOException {
    byte[] small = csv(100);
    LineChecksums.Snapshot before = LineChecksums.of(small).snapshot();
    Path file = dir.resolve("metrics.csv");
    Files.write(file, small);
    assertEquals(before, LineChecksums.verify(file, before).snapshot());

    String text = new String(small, StandardCharsets.UTF_8);
    int line57 = text.indexOf("\n56,") + 1;
    byte[] digit = small.clone();
    digit[line57 + 5] = (byte) (digit[line57 + 5] == '1' ? '2' : '1');
    Files.write(file, digit);
    LineChecksums.MismatchException e = assertThrows(LineChecksums.MismatchException.class,
        () -> LineChecksums.verify(file, before));
    assertEquals(57, e.firstLine());
    assertEquals(57, e.lastLine());

    byte[] overwritten = small.clone();
    for (int k = 0; k < 40; k++) {
      overwritten[line57 - 10 + k] = 'x';
    }
    Files.write(file, overwritten);
    e = assertThrows(LineChecksums.MismatchException.class,
        () -> LineChecksums.verify(file, before));
    assertEquals(56, e.firstLine(), "the 40 bytes start in line 56");

    Files.write(file, new byte[10]);
    assertThrows(IllegalArgumentException.class, () -> LineChecksums.verify(file, before));

    byte[] large = csv(3 * LineChecksums.MAX_MARKS);
    LineChecksums.Snapshot stride4 = LineChecksums.of(large).snapshot();
    int at = new String(large, StandardCharsets.UTF_8).indexOf("\n1000,") + 3;
    large[at] = (byte) (large[at] == '0' ? '1' : '0');
    Files.write(file, large);
    e = assertThrows(LineChecksums.MismatchException.class,
        () -> LineChecksums.verify(file, stride4));
    assertEquals(1001, e.firstLine(), "line 1001 (row 1000): in the marks' lines 1001 to 1004");
    assertEquals(1004, e.lastLine());
  }
}
