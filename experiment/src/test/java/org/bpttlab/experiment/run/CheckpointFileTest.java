package org.bpttlab.experiment.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bpttlab.core.NetworkSpec;
import org.bpttlab.core.RateCellSpec;
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
}
