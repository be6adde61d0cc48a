package org.bpttlab.tasks;

import static org.bpttlab.tasks.testing.TaskChecks.assertRejected;
import static org.bpttlab.tasks.testing.TaskChecks.assertSameBatch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bpttlab.core.Batch;
import org.bpttlab.core.BatchBuffers;
import org.bpttlab.core.Seeds;
import org.bpttlab.tasks.testing.TaskChecks;
import org.junit.jupiter.api.Test;

class TasksTest {
  /** The tasks without random input or an encoding: every batch is the same. */
  private static final Set<String> FROZEN = Set.of("pattern", "periodic", "influence-balancing");

  @Test
  void specsParseAndWriteBack() {
    TaskSpec spec = TaskSpec.parse(" copy : delay = 20 , encoding=spiking");
    assertEquals("copy", spec.name());
    assertEquals(Map.of("delay", "20", "encoding", "spiking"), spec.options());
    assertEquals("copy:delay=20,encoding=spiking", spec.toString());
    assertEquals(spec, TaskSpec.parse(spec.toString()));
    assertEquals("copy:delay=30,encoding=spiking", spec.with("delay", 30).toString());
    assertEquals("adding", TaskSpec.parse("adding").toString());
  }

  @Test
  void malformedSpecsAreRejectedWithTheOffendingText() {
    for (String bad : new String[] {"copy:delay", "copy:delay=", "copy:=3", "copy:", "copy:a=1,"}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> TaskSpec.parse(bad), bad);
      assertTrue(e.getMessage().contains("key=value"), e.getMessage());
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TaskSpec.parse("copy:delay=1,delay=2"));
    assertTrue(e.getMessage().contains("delay given twice"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> TaskSpec.parse(""));
    assertTrue(e.getMessage().contains("task name"), e.getMessage());
  }

  /** Every task builds from its name alone, and its spec() builds the same task again. */
  @Test
  void everyTaskBuildsFromItsNameAndItsSpecRebuildsIt() {
    for (Tasks.Entry e : Tasks.entries()) {
      Task task = Tasks.create(e.name());
      assertEquals(e.name(), task.name());
      assertEquals(e.options(), List.copyOf(e.options()));
      assertTrue(e.options().contains(e.lengthOption()), e.name());
      assertEquals(task.spec().options().keySet().stream().filter(k -> !e.options().contains(k))
          .toList(), List.of(), "spec() writes only options the task takes");
      Task again = Tasks.create(task.spec());
      assertEquals(task.spec(), again.spec());
      assertTrue(task.baseline() > task.successThreshold(), e.name());
      assertTrue(!task.citation().isBlank() && !task.metricName().isBlank(), e.name());
      Batch a = task.sample(2, new Seeds(4).derive("task", 1));
      assertEquals(task.steps(), a.steps(), e.name());
      assertEquals(task.inputs(), a.inputs(), e.name());
      assertEquals(task.outputs(), a.outputs(), e.name());
      assertSameBatch(a, again.sample(2, new Seeds(4).derive("task", 1)));
    }
  }

  /**
   * In both encodings of every task the same seeds give the identical batch and the next index
   * another (pattern, periodic and influence-balancing are frozen by design, with neither random
   * input nor an encoding: their tests check that every batch is the same).
   */
  @Test
  void theSameSeedsGiveTheSameBatchAndAnotherIndexAnother() {
    for (String name : Tasks.names()) {
      if (!FROZEN.contains(name)) {
        for (String encoding : new String[] {"rate", "spiking"}) {
          TaskChecks.assertDeterministic(Tasks.create(name + ":encoding=" + encoding), 2);
        }
      }
    }
  }

  /**
   * A batch drawn into reused buffers, over the arrays of another batch, has the bits of a fresh
   * one, in both encodings of every task (and the stream task's later chunks), in the buffers' own
   * arrays; a batch of another size gets new ones, again with a fresh batch's bits.
   */
  @Test
  void aBatchDrawnIntoReusedBuffersIsTheFreshBatch() {
    for (String name : Tasks.names()) {
      boolean frozen = FROZEN.contains(name);
      for (String encoding : frozen ? new String[] {""}
          : new String[] {":encoding=rate", ":encoding=spiking"}) {
        Task task = Tasks.create(name + encoding);
        String what = task.spec().toString();
        BatchBuffers buffers = BatchBuffers.reused();
        Seeds seeds = new Seeds(5);
        Batch first = task.sample(3, seeds.derive("task", 1), buffers.next());
        Batch second = task.sample(3, seeds.derive("task", 2), buffers.next());
        assertSame(first.x(), second.x(), what);
        assertSameBatch(task.sample(3, seeds.derive("task", 2)), second);
        Batch smaller = task.sample(2, seeds.derive("task", 3), buffers.next());
        assertNotSame(second.x(), smaller.x(), what);
        assertSameBatch(task.sample(2, seeds.derive("task", 3)), smaller);
        assertSameBatch(task.sample(2, seeds.derive("task", 4)),
            task.sample(2, seeds.derive("task", 4), buffers.next()));
        if (task instanceof StreamTask stream) {
          assertSameBatch(stream.chunk(2, seeds, 4), stream.chunk(2, seeds, 4, buffers.next()));
        }
      }
    }
  }

  @Test
  void theSequenceLengthSetsEachTasksLengthOption() {
    assertEquals(20, Tasks.create("adding", 20).steps());
    assertEquals(40, Tasks.create("copy", 20).steps(), "delay T = 20, T + 20 steps");
    assertEquals(110, Tasks.create("adding-1997", 100).steps(), "lengths 100..110");
    assertEquals(30, Tasks.create("recall", 30).steps());
    assertEquals(1500, Tasks.create("evidence", 1500).steps());
    assertEquals(50, Tasks.create("online-add", 50).steps());
    assertEquals(200, Tasks.create("periodic", 200).steps());
    assertEquals(60, Tasks.create("flip-flop", 60).steps());
    assertEquals(50, Tasks.create("delayed-non-match", 20).steps(), "delay 20, 2·20 + 10 steps");
    assertEquals(800, Tasks.create("copy:encoding=spiking", 20).steps(), "40 steps of 20 ms");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Tasks.create("copy:delay=5", 20));
    assertTrue(e.getMessage().contains("option delay is given by the sequence length"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Tasks.create("adding", 1));
    assertTrue(e.getMessage().contains(">= 2"), e.getMessage());
  }

  /** One IllegalArgumentException naming the task, the option and what it allows. */
  @Test
  void badOptionsAreRejectedNamingTheOptionAndItsAllowedValues() {
    assertRejected("copi", "unknown task 'copi'", "adding, adding-1997, copy, recall, evidence,"
        + " pattern, online-add, periodic, flip-flop, delayed-non-match");
    assertRejected("copy:wait=3", "task copy has no option wait", "delay, alphabet, length, score,"
        + " encoding, rate, population, stepms");
    assertRejected("copy:delay=0", "task copy: delay must be >= 1, was 0");
    assertRejected("copy:delay=ten", "task copy: option delay must be an integer, was 'ten'");
    assertRejected("copy:alphabet=1", "alphabet must be >= 2");
    assertRejected("copy:length=0", "length must be >= 1");
    assertRejected("copy:score=some", "option score must be one of recall, all, was 'some'");
    assertRejected("copy:encoding=analog", "option encoding must be one of rate, spiking");
    assertRejected("copy:rate=50", "option rate applies to encoding=spiking only");
    assertRejected("copy:encoding=spiking,rate=2000", "rate must be in (0, 1000] Hz");
    assertRejected("copy:encoding=spiking,rate=NaN", "option rate must be finite");
    assertRejected("copy:encoding=spiking,population=0", "population must be >= 1");
    assertRejected("copy:encoding=spiking,stepms=0", "stepms must be >= 1");
    assertRejected("adding:steps=1", "task adding: steps must be >= 2");
    assertRejected("adding-1997:length=19", "length must be >= 20");
    assertRejected("recall:steps=1", "steps must be >= 2");
    assertRejected("recall:steps=10,delay=9-5", "delay must be a range MIN-MAX with 1 <= MIN <="
        + " MAX <= 9");
    assertRejected("recall:steps=10,delay=10", "MAX <= 9", "was 10-10");
    assertRejected("recall:delay=a-b", "option delay must be an integer N or a range MIN-MAX");
    assertRejected("recall:code=gray", "option code must be one of onehot, bits");
    assertRejected("recall:code=bits,k=3", "option k applies to code=onehot only");
    assertRejected("recall:bits=3", "option bits applies to code=bits only");
    assertRejected("recall:k=1", "k must be >= 2");
    assertRejected("recall:code=bits,bits=0", "bits must be >= 1");
    assertRejected("recall:distractors=maybe", "option distractors must be one of true, false");
    assertRejected("evidence:cues=4", "cues must be odd and >= 1, was 4");
    assertRejected("evidence:steps=1199", "steps must be >= 1200", "was 1199");
    assertRejected("evidence:rate=3", "task evidence has no option rate");
    assertRejected("pattern:steps=199", "steps must be >= 200");
    assertRejected("pattern:inputs=0", "inputs must be >= 1");
    assertRejected("pattern:rate=0", "rate must be in (0, 1000] Hz");
    assertRejected("pattern:seed=x", "option seed must be an integer");
    assertRejected("online-add:steps=0", "steps must be >= 1");
    assertRejected("online-add:lag1=0", "lag1 must be >= 1");
    assertRejected("online-add:lag2=6", "lag2 must be >= 1 and differ from lag1 (6)");
  }

  /**
   * Each task labels its sequences' conditions for the analysis figures: evidence by the side
   * most cues came from, delayed non-match by match, a classification by its class, a regression
   * on −1/0/1 targets by their values, any other regression as one condition; seed 5, 64 sequences.
   */
  @Test
  void conditionsAreReadFromTheTargets() {
    Map<String, Set<String>> expected = Map.of(
        "evidence", Set.of("left", "right"),
        "delayed-non-match", Set.of("match", "non-match"),
        "recall:k=4", Set.of("class 0", "class 1", "class 2", "class 3"),
        "adding", Set.of("all"));
    for (Map.Entry<String, Set<String>> e : expected.entrySet()) {
      Task task = Tasks.create(e.getKey());
      Batch batch = task.sample(64, new Seeds(5));
      Set<String> seen = new java.util.TreeSet<>();
      for (int b = 0; b < 64; b++) {
        seen.add(task.condition(batch, b));
      }
      assertEquals(e.getValue(), seen, e.getKey());
    }
    Task evidence = Tasks.create("evidence");
    Batch batch = evidence.sample(64, new Seeds(5));
    int t = Task.lastMaskedStep(batch, 0);
    assertEquals(batch.targetAt(t)[1] == 1 ? "right" : "left", evidence.condition(batch, 0));
    Task flipFlop = Tasks.create("flip-flop");
    Batch flips = flipFlop.sample(64, new Seeds(5));
    Set<String> seen = new java.util.TreeSet<>();
    for (int b = 0; b < 64; b++) {
      seen.add(flipFlop.condition(flips, b));
    }
    assertTrue(seen.size() >= 6 && seen.stream().allMatch(c -> c.matches("target [-+0]{3}")),
        seen.toString());
  }
}
