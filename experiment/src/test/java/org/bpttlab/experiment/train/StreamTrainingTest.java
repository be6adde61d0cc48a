package org.bpttlab.experiment.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.bpttlab.core.Batch;
import org.bpttlab.core.BatchBuffers;
import org.bpttlab.core.LossKind;
import org.bpttlab.core.NetworkSpec;
import org.bpttlab.core.RateCellSpec;
import org.bpttlab.core.Seeds;
import org.bpttlab.core.Trajectory;
import org.bpttlab.rules.RuleSpec;
import org.bpttlab.rules.Rules;
import org.bpttlab.rules.optim.OptimizerSpec;
import org.bpttlab.tasks.StreamTask;
import org.bpttlab.tasks.Tasks;
import org.bpttlab.tasks.adding.AddingProblem;
import org.bpttlab.tasks.onlineadd.OnlineAdd;
import org.junit.jupiter.api.Test;

/** Training on one stream, chunk by chunk with the state carried ({@link Trainer#stream}). */
class StreamTrainingTest {
  private static final int CHUNK = 25;
  private static final int CHUNKS = 4;
  /** The rules whose online updates every step make K chunks the same as one sequence. */
  private static final List<RuleSpec> FORWARD = List.of(RuleSpec.parse("rtrl:online=1"),
      RuleSpec.parse("rflo:online=1"), RuleSpec.parse("readout-only:online=1"),
      RuleSpec.parse("eprop:online=1"), RuleSpec.parse("tbptt:k1=1,k2=1,online=true"));

  /** Chunks 0..K−1 of an online-add stream of chunks of T steps, as one chunk of K·T steps. */
  private record Joined(OnlineAdd base, int chunks) implements StreamTask {
    @Override
    public Batch chunk(int size, Seeds stream, long index, BatchBuffers buffers) {
      if (index != 0) {
        throw new IllegalArgumentException("one chunk only");
      }
      int t0 = base.steps();
      Batch joined = buffers.zeros(size, chunks * t0, base.inputs(), base.outputs());
      for (int c = 0; c < chunks; c++) {
        Batch part = base.chunk(size, stream, c);
        for (int t = 1; t <= t0; t++) {
          copy(part.input(t), joined.input(c * t0 + t));
          copy(part.targetAt(t), joined.targetAt(c * t0 + t));
          copy(part.maskAt(t), joined.maskAt(c * t0 + t));
        }
      }
      return joined;
    }

    private static void copy(double[] from, double[] to) {
      System.arraycopy(from, 0, to, 0, from.length);
    }

    @Override
    public String name() {
      return base.name();
    }

    @Override
    public int inputs() {
      return base.inputs();
    }

    @Override
    public int outputs() {
      return base.outputs();
    }

    @Override
    public int steps() {
      return chunks * base.steps();
    }

    @Override
    public LossKind loss() {
      return base.loss();
    }

    @Override
    public Batch sample(int size, Seeds seeds, BatchBuffers buffers) {
      return chunk(size, seeds, 0, buffers);
    }

    @Override
    public String metricName() {
      return base.metricName();
    }

    @Override
    public double metric(Trajectory trajectory) {
      return base.metric(trajectory);
    }

    @Override
    public double baseline() {
      return base.baseline();
    }

    @Override
    public double successThreshold() {
      return base.successThreshold();
    }

    @Override
    public String citation() {
      return base.citation();
    }
  }

  private static TrainingSpec spec(int iterations) {
    NetworkSpec net = NetworkSpec.of(2, RateCellSpec.vanilla(8), 2, LossKind.CROSS_ENTROPY);
    return new TrainingSpec(net, OptimizerSpec.sgd(0.05).withClipNorm(0), 3, iterations, 2, 1, 0);
  }

  /**
   * K = 4 chunks of T = 25 steps (2 parallel streams, state and traces carried, an update after
   * every step) end in the same parameters, bit for bit, as one uninterrupted sequence of the same
   * 100 steps: the operations and their order are the same (the update after a chunk's last step
   * comes from the session's end-of-sequence gradient instead of its online one, the same numbers).
   * The summed loss agrees to 1e-12 (only its summation order differs). Without the carried state
   * (each chunk from zero) the parameters differ.
   */
  @Test
  void chunksWithTheStateCarriedTrainAsOneUninterruptedSequence() {
    OnlineAdd task = (OnlineAdd) Tasks.create("online-add:steps=" + CHUNK);
    List<RuleResult> chunked = Trainer.stream(task, spec(CHUNKS)).trainAll(FORWARD, 1,
        Trainer.Progress.none());
    List<RuleResult> whole = Trainer.stream(new Joined(task, CHUNKS), spec(1)).trainAll(FORWARD,
        1, Trainer.Progress.none());
    List<RuleResult> fresh = new Trainer(task, spec(CHUNKS)).trainAll(FORWARD, 1,
        Trainer.Progress.none());
    for (int r = 0; r < FORWARD.size(); r++) {
      String rule = FORWARD.get(r).toString();
      assertArrayEquals(whole.get(r).parameters().flatten(), chunked.get(r).parameters().flatten(),
          0.0, rule);
      double sum = chunked.get(r).rows().stream().mapToDouble(MetricsRow::loss).sum();
      assertEquals(whole.get(r).rows().get(0).loss(), sum, 1e-12, rule);
      assertEquals(CHUNKS, chunked.get(r).rows().size(), rule);
      assertFalse(Arrays.equals(whole.get(r).parameters().flatten(),
          fresh.get(r).parameters().flatten()), rule + " without the carried state");
    }
  }

  /** The same stream training twice, and its rules on one or two threads: the same numbers. */
  @Test
  void aStreamTrainingIsDeterministicGivenTheSeed() {
    OnlineAdd task = (OnlineAdd) Tasks.create("online-add:steps=" + CHUNK);
    Trainer trainer = Trainer.stream(task, spec(6));
    List<RuleResult> a = trainer.trainAll(FORWARD.subList(0, 3), 1, Trainer.Progress.none());
    List<RuleResult> b = trainer.trainAll(FORWARD.subList(0, 3), 2, Trainer.Progress.none());
    for (int r = 0; r < 3; r++) {
      assertArrayEquals(a.get(r).parameters().flatten(), b.get(r).parameters().flatten(), 0.0);
      for (int i = 0; i < 6; i++) {
        MetricsRow x = a.get(r).rows().get(i);
        MetricsRow y = b.get(r).rows().get(i);
        assertEquals(x.loss(), y.loss(), 0.0);
        assertEquals(x.metric(), y.metric(), 0.0);
        assertEquals(x.gradNorm(), y.gradNorm(), 0.0);
      }
    }
    assertTrue(trainer.onStream());
  }

  /**
   * Measuring the alignment on a stream (a passive BPTT beside the rule, and for an online rule a
   * recomputation of the chunk at its first parameters) changes none of the rule's numbers: the
   * same parameters, bit for bit, as without; rows for every second chunk and the last.
   */
  @Test
  void measuringTheAlignmentOnAStreamChangesNothing() {
    OnlineAdd task = (OnlineAdd) Tasks.create("online-add:steps=" + CHUNK);
    List<RuleSpec> rules = FORWARD.subList(0, 2);
    List<RuleResult> plain = Trainer.stream(task, spec(5)).trainAll(rules, 1,
        Trainer.Progress.none());
    List<RuleResult> measured = Trainer.stream(task, spec(5).withAlignEvery(2)).trainAll(rules, 1,
        Trainer.Progress.none());
    for (int r = 0; r < rules.size(); r++) {
      assertArrayEquals(plain.get(r).parameters().flatten(),
          measured.get(r).parameters().flatten(), 0.0, rules.get(r).toString());
      assertEquals(List.of(2, 4, 5), measured.get(r).alignment().stream()
          .filter(a -> a.group().equals("all")).map(AlignmentRow::iteration).toList());
    }
  }

  @Test
  void aStreamNeedsAStreamTaskAndNoHeldOutBatches() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Trainer.stream(new AddingProblem(8), new TrainingSpec(
            NetworkSpec.of(2, RateCellSpec.vanilla(4), 1, LossKind.MSE),
            OptimizerSpec.sgd(0.1), 1, 2, 1, 1, 0)));
    assertTrue(e.getMessage().contains("task adding is not a stream"), e.getMessage());
    OnlineAdd task = (OnlineAdd) Tasks.create("online-add");
    TrainingSpec held = new TrainingSpec(spec(2).network(), spec(2).optimizer(), 1, 2, 1, 1, 3);
    e = assertThrows(IllegalArgumentException.class, () -> Trainer.stream(task, held));
    assertTrue(e.getMessage().contains("evalBatches must be 0"), e.getMessage());
    // a checkpoint does not hold the carried state: a stream training refuses to resume from one
    RuleTraining streamed = new RuleTraining(task, spec(2), "rtrl:online=1",
        Rules.create(FORWARD.get(0)), true);
    streamed.next();
    Checkpoint c = streamed.checkpoint();
    e = assertThrows(IllegalArgumentException.class, () -> streamed.restore(c));
    assertTrue(e.getMessage().contains("cannot be restored"), e.getMessage());
  }
}
