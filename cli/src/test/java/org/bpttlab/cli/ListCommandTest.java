package org.bpttlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bpttlab.core.LossKind;
import org.bpttlab.core.Surrogate;
import org.bpttlab.experiment.sweep.Suites;
import org.bpttlab.rules.Rules;
import org.bpttlab.rules.optim.OptimizerSpec;
import org.bpttlab.tasks.Tasks;
import org.junit.jupiter.api.Test;

class ListCommandTest {
  @Test
  void listsEveryCellRuleTaskLossSurrogateAndOptimizer() {
    Cli.Result r = Cli.run("list");
    assertEquals(0, r.code());
    assertEquals("", r.err());
    for (String cell : new String[] {"rate", "lif", "alif"}) {
      assertTrue(r.out().contains("  " + cell + " "), cell);
    }
    for (Rules.Entry e : Rules.entries()) {
      assertTrue(r.out().contains("  " + e.name() + " "), e.name());
      assertTrue(r.out().contains(e.description()), e.description());
    }
    for (String task : Tasks.names()) {
      assertTrue(r.out().contains("  " + task + " "), task);
    }
    for (LossKind k : LossKind.values()) {
      assertTrue(r.out().contains("  " + k.label() + " "), k.label());
    }
    for (Surrogate s : Surrogate.values()) {
      assertTrue(r.out().contains("  " + s.label() + " "), s.label());
    }
    for (String kind : OptimizerSpec.KINDS) {
      assertTrue(r.out().contains("  " + kind + " "), kind);
    }
    assertTrue(r.out().contains("eps 1e-8"), r.out());
    for (Suites.Suite s : Suites.all()) {
      assertTrue(r.out().contains("  " + s.name() + " "), s.name());
    }
    assertTrue(r.out().contains("  memory-quick      delayed recall at T = 10 and 20 by BPTT,"
        + " random RFLO and readout-only; rate RNN of 16, 400 iterations (42 runs)"), r.out());
  }

  /** A misspelt option is named with the option it is nearest to. */
  @Test
  void aMisspeltOptionGetsADidYouMean() {
    Cli.Result r = Cli.run("compare", "--hiden", "5");
    assertEquals(2, r.code());
    assertEquals("bpttlab compare: Unknown options: '--hiden', '5'; did you mean '--hidden'?"
        + " (see bpttlab compare --help)", r.err().strip());
  }

  @Test
  void noCommandIsAUsageError() {
    Cli.Result r = Cli.run();
    assertEquals(2, r.code());
    assertEquals(1, r.err().lines().count(), r.err());
  }
}
