package org.bpttlab.experiment.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import org.bpttlab.core.NetworkSpec;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.RateCellSpec;
import org.bpttlab.experiment.io.LineChecksums;
import org.bpttlab.experiment.train.Checkpoint;
import org.bpttlab.experiment.train.RuleTraining;
import org.bpttlab.experiment.train.TrainingSpec;
import org.bpttlab.rules.RuleSpec;
import org.bpttlab.rules.Rules;
import org.bpttlab.rules.optim.OptimizerSpec;
import org.bpttlab.tasks.Task;
import org.bpttlab.tasks.adding.AddingProblem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointFileTest {
  @TempDir Path dir;

  private static Checkpoint checkpoint(String rule) {
    Task task = new AddingProblem(5);
    NetworkSpec net = NetworkSpec.of(task.inputs(), RateCellSpec.vanilla(3), task.outputs(),
        task.loss());
    RuleTraining t = new RuleTraining(task, new TrainingSpec(net, OptimizerSpec.adam(0.1), 2, 5,
        2, 1, 0), rule, Rules.create(RuleSpec.parse(rule)));
    t.next();
    t.next();
    return t.checkpoint();
  }

  @Test
  void aCheckpointReadsBackBitForBit() throws IOException {
    for (String rule : List.of("bptt", "eprop:feedback=adaptive", "artbp")) {
      Checkpoint c = checkpoint(rule);
      Path file = dir.resolve("checkpoint.bin");
      CheckpointFile.write(file, "config-text", new CheckpointFile.State(c, 123, 45));
      CheckpointFile.State back = CheckpointFile.read(file, "config-text");
      assertEquals(123, back.metricsBytes());
      assertEquals(45, back.alignmentBytes());
      Checkpoint b = back.training();
      assertEquals(c.rule(), b.rule());
      assertEquals(c.seed(), b.seed());
      assertEquals(2, b.iteration());
      assertEquals(c.seconds(), b.seconds());
      assertEquals(c.parameters().shapes(), b.parameters().shapes());
      assertArrayEquals(c.parameters().flatten(), b.parameters().flatten());
      assertEquals(c.optimizer(), b.optimizer());
      assertArrayEquals(c.carriedState(), b.carriedState());
    }
  }

  @Test
  void aDamagedOrForeignCheckpointIsRefused() throws IOException {
    Path file = dir.resolve("checkpoint.bin");
    CheckpointFile.write(file, "config-text", new CheckpointFile.State(checkpoint("bptt"), 1, 2));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CheckpointFile.read(file, "another config"));
    assertTrue(e.getMessage().endsWith("belongs to another config"), e.getMessage());

    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 1;
    Files.write(file, bytes);
    e = assertThrows(IllegalArgumentException.class, () -> CheckpointFile.read(file, "x"));
    assertTrue(e.getMessage().endsWith("is damaged (its checksum does not match)"),
        e.getMessage());

    Files.write(file, new byte[] {1, 2, 3});
    e = assertThrows(IllegalArgumentException.class, () -> CheckpointFile.read(file, "x"));
    assertTrue(e.getMessage().endsWith("is not a bpttlab checkpoint"), e.getMessage());
  }

  /**
   * A checkpoint of format 1 (the CSVs' lengths only) is still read; one whose CRC was recomputed
   * after a change is still refused when the change makes it impossible: a non-finite value
   * (divergence is never checkpointed) or a shape that its values do not fill.
   */
  @Test
  void anOldCheckpointIsReadAndAForgedOneRefusedWhereItCannotBeTrue() throws IOException {
    Path file = dir.resolve("checkpoint.bin");
    Checkpoint c = checkpoint("bptt");
    CheckpointFile.write(file, "config-text", new CheckpointFile.State(c, 12, 34));
    assertEquals(1, Files.readAllBytes(file)[11], "format 1 without checksums");
    CheckpointFile.State old = CheckpointFile.read(file, "config-text");
    assertEquals(12, old.metricsBytes());
    assertEquals(null, old.metrics());

    LineChecksums.Snapshot m = LineChecksums.of("a\nb\n".getBytes(StandardCharsets.UTF_8))
        .snapshot();
    LineChecksums.Snapshot a = LineChecksums.of("c\n".getBytes(StandardCharsets.UTF_8))
        .snapshot();
    CheckpointFile.write(file, "config-text", new CheckpointFile.State(c, m, a));
    assertEquals(2, Files.readAllBytes(file)[11]);
    CheckpointFile.State back = CheckpointFile.read(file, "config-text");
    assertEquals(m, back.metrics());
    assertEquals(a, back.alignment());
    assertEquals(4, back.metricsBytes());

    Parameters nan = c.parameters();
    nan.get(0)[1] = Double.NaN;
    CheckpointFile.write(file, "config-text", new CheckpointFile.State(new Checkpoint(c.rule(),
        c.seed(), c.iteration(), c.seconds(), nan, c.optimizer(), c.carriedState()), m, a));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CheckpointFile.read(file, "config-text"));
    assertTrue(e.getMessage().endsWith("is damaged (W_in holds NaN)"), e.getMessage());

    // rows × cols forged to 2^40 with the CRC recomputed: refused before any allocation
    CheckpointFile.write(file, "config-text", new CheckpointFile.State(c, m, a));
    byte[] bytes = Files.readAllBytes(file);
    int at = indexOf(bytes, "W_in".getBytes(StandardCharsets.UTF_8)) + 4;
    ByteBuffer.wrap(bytes).putInt(at, 1 << 20).putInt(at + 4, 1 << 20);
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, bytes.length - 8);
    ByteBuffer.wrap(bytes).putLong(bytes.length - 8, crc.getValue());
    Files.write(file, bytes);
    e = assertThrows(IllegalArgumentException.class,
        () -> CheckpointFile.read(file, "config-text"));
    assertTrue(e.getMessage().contains("group W_in is 1048576 × 1048576 but has"), e.getMessage());
  }

  private static int indexOf(byte[] in, byte[] part) {
    for (int i = 0; i + part.length <= in.length; i++) {
      if (Arrays.equals(in, i, i + part.length, part, 0, part.length)) {
        return i;
      }
    }
    throw new AssertionError("not found");
  }
}
