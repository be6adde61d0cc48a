package org.bpttlab.rules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.bpttlab.core.Batch;
import org.bpttlab.core.CellSpec;
import org.bpttlab.core.LossKind;
import org.bpttlab.core.NetworkSpec;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.RateCellSpec;
import org.bpttlab.core.Seeds;
import org.bpttlab.core.SpikingCellSpec;
import org.bpttlab.core.net.Network;
import org.bpttlab.core.testing.TestNetworks;
import org.bpttlab.core.testing.TestNetworks.Case;
import org.bpttlab.kernels.ProductTeam;
import org.bpttlab.kernels.Products;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract of every registered rule, each with the options whose promise differs (DESIGN §4):
 *
 * <ul>
 *   <li>on every test network (rate, lif, alif and mixed cells with all their options, {@link
 *       TestNetworks#allCases()}), double precision, one thread: its stated relation to BPTT —
 *       equal bit for bit (tbptt with k2 ≥ T, checkpointed), equal to 1e-9 (R1, rtrl), 1e-12
 *       (tbptt windows reaching step 1; readout-only on W_out, b_out, zero elsewhere), BPTT of the
 *       eligibility graph to 1e-10 (E1, eprop), its forward form to 1e-10 (deferred), the sum of
 *       its online gradients the per-sequence one; stochastic rules (artbp, node perturbation,
 *       reward-modulated e-prop) have their unbiasedness tested in their own files. Every rule: the
 *       same spec gives the same bits, a session restored from another's carried state continues
 *       bit for bit, another seed (where there is one) other numbers, run on a trajectory holding
 *       only the steps it declares; rflo refuses spiking cells.
 *   <li>on rate, lif and alif networks of n = 128 (rtrl: 16), batch 16, T = 12, 20 inputs, both
 *       arithmetics: products split over two threads give the loss and gradient of one, bit for
 *       bit; FLOAT32 products give FLOAT64's gradient to 1e-5 relative per group (float's rounding,
 *       as {@code Float32ProductsTest}).
 * </ul>
 *
 * Allocation per step is measured by {@code RuleBenchmark -prof gc} (docs/performance.md), not
 * here: without C2's escape analysis and Vector API intrinsics the interpreted kernels allocate, and
 * when C2 has compiled them depends on the machine's load.
 */
class RuleContractTest {
  private static final ProductTeam TEAM = new ProductTeam(2);

  /** What a variant promises about its gradient. */
  enum Promise {
    /** BPTT's gradient: bit for bit at tolerance 0, else to the tolerance. */
    BPTT,
    /** As {@link #BPTT} on networks without the rate regulariser. */
    BPTT_UNREGULARIZED,
    /** BPTT's on W_out and b_out (elementwise), zero elsewhere. */
    READOUT,
    /** BPTT's on the eligibility graph (contract E1). */
    ELIGIBILITY_GRAPH,
    /** The reference rule's gradient. */
    LIKE,
    /** The sum of its online gradients is the reference rule's gradient. */
    ONLINE_SUM,
    /**
     * An estimate with no exact relation to BPTT: only the promises every rule makes (the
     * stochastic ones' unbiasedness is tested in their own files).
     */
    ESTIMATE
  }

  /**
   * A registered rule with options.
   *
   * @param reference the rule a {@link Promise#LIKE} or {@link Promise#ONLINE_SUM} compares with
   * @param updates the steps of an online rule's updates on T = 12
   */
  record Variant(String spec, Promise promise, String reference, double tolerance,
      List<Integer> updates) {
    Variant(String spec, Promise promise, double tolerance) {
      this(spec, promise, null, tolerance, List.of());
    }

    LearningRule rule() {
      return Rules.create(RuleSpec.parse(spec));
    }

    boolean rateCellOnly() {
      return spec.startsWith("rflo") || spec.startsWith("kernl");
    }

    @Override
    public String toString() {
      return spec;
    }
  }

  static final List<Variant> VARIANTS = List.of(
      new Variant("bptt", Promise.BPTT, 0),
      new Variant("readout-only", Promise.READOUT, 1e-12),
      new Variant("readout-only:online=3", Promise.ONLINE_SUM, "readout-only", 1e-12,
          List.of(3, 6, 9)),
      new Variant("rtrl", Promise.BPTT, 1e-9),
      new Variant("rtrl:online=5", Promise.ONLINE_SUM, "bptt", 1e-9, List.of(5, 10)),
      new Variant("snap", Promise.ESTIMATE, 0),
      new Variant("snap:online=4", Promise.ONLINE_SUM, "snap", 1e-12, List.of(4, 8)),
      new Variant("snap:n=2", Promise.LIKE, "rtrl", 1e-10, List.of()),
      new Variant("uoro:seed=3", Promise.ESTIMATE, 0),
      new Variant("uoro:seed=3,noise=gaussian,online=4", Promise.ONLINE_SUM,
          "uoro:seed=3,noise=gaussian", 1e-12, List.of(4, 8)),
      new Variant("kf-rtrl:seed=3", Promise.ESTIMATE, 0),
      new Variant("kf-rtrl:seed=3,online=5", Promise.ONLINE_SUM, "kf-rtrl:seed=3", 1e-12,
          List.of(5, 10)),
      new Variant("reverse-kf-rtrl:seed=3", Promise.ESTIMATE, 0),
      new Variant("tbptt:k1=12,k2=12", Promise.BPTT, 0),
      new Variant("tbptt:k1=5,k2=5", Promise.ESTIMATE, 0),
      new Variant("tbptt:k1=5,k2=15", Promise.BPTT_UNREGULARIZED, 1e-12),
      new Variant("tbptt:k1=5,k2=7,online=true", Promise.ONLINE_SUM, "tbptt:k1=5,k2=7", 1e-14,
          List.of(5, 10)),
      new Variant("artbp:c=0.3,seed=5", Promise.ESTIMATE, 0),
      new Variant("checkpointed:budget=0", Promise.BPTT, 0),
      new Variant("checkpointed:budget=4", Promise.BPTT, 0),
      new Variant("eprop", Promise.ELIGIBILITY_GRAPH, 1e-10),
      new Variant("eprop:deferred=true", Promise.LIKE, "eprop", 1e-10, List.of()),
      new Variant("eprop:feedback=random,seed=3,deferred=true", Promise.LIKE,
          "eprop:feedback=random,seed=3", 1e-10, List.of()),
      new Variant("eprop:feedback=adaptive,seed=3,decay=0.1,deferred=true", Promise.LIKE,
          "eprop:feedback=adaptive,seed=3,decay=0.1", 1e-10, List.of()),
      new Variant("eprop:feedback=random,seed=7,online=4", Promise.ONLINE_SUM,
          "eprop:feedback=random,seed=7", 1e-12, List.of(4, 8)),
      new Variant("rflo", Promise.ESTIMATE, 0),
      new Variant("rflo:seed=2,gain=1.5,deferred=true", Promise.LIKE, "rflo:seed=2,gain=1.5",
          1e-10, List.of()),
      new Variant("rflo:feedback=symmetric", Promise.LIKE, "eprop", 0, List.of()),
      new Variant("eprop-reward", Promise.ESTIMATE, 0),
      new Variant("eprop-reward:feedback=random", Promise.ESTIMATE, 0),
      new Variant("eprop-reward:modulator=td", Promise.ESTIMATE, 0),
      new Variant("node-perturbation", Promise.ESTIMATE, 0),
      new Variant("node-perturbation:modulator=baseline", Promise.ESTIMATE, 0),
      new Variant("fbptt:horizon=12", Promise.BPTT, 1e-12),
      new Variant("fbptt:horizon=40", Promise.BPTT, 1e-12),
      new Variant("fbptt:horizon=4", Promise.ESTIMATE, 0),
      new Variant("fbptt:horizon=4,online=3", Promise.ONLINE_SUM, "fbptt:horizon=4", 1e-12,
          List.of(3, 6, 9)),
      new Variant("dni", Promise.ESTIMATE, 0),
      new Variant("dni:gain=0,lr=0", Promise.ESTIMATE, 0),
      new Variant("dni:lr=0.05,refresh=2,decay=0.01,online=4", Promise.ONLINE_SUM,
          "dni:lr=0.05,refresh=2,decay=0.01", 1e-12, List.of(4, 8)),
      new Variant("kernl", Promise.ESTIMATE, 0),
      new Variant("kernl:lr=0.05,decay=0.3,online=4", Promise.ONLINE_SUM,
          "kernl:lr=0.05,decay=0.3", 1e-12, List.of(4, 8)));

  @AfterAll
  static void closeTeam() {
    TEAM.close();
  }

  @Test
  void everyRegisteredRuleHasItsContract() {
    for (String name : Rules.names()) {
      assertTrue(VARIANTS.stream().anyMatch(v -> RuleSpec.parse(v.spec()).name().equals(name)),
          name + " has no variant in the contract");
    }
  }

  static Stream<Arguments> rulesOnTestNetworks() {
    return VARIANTS.stream()
        .flatMap(v -> TestNetworks.allCases().stream().map(c -> Arguments.of(v, c)));
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("rulesOnTestNetworks")
  void keepsItsPromiseOnEveryTestNetwork(Variant v, Case c) {
    RuleFixture f = RuleFixture.of(c, 41);
    String what = v + " on " + c.name();
    if (v.rateCellOnly() && !(c.spec().cell() instanceof RateCellSpec)) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> f.begin(v.rule()));
      assertTrue(e.getMessage().contains("rate cell"), e.getMessage());
      return;
    }
    Parameters g = f.gradient(v.rule());
    assertTrue(Arrays.stream(g.flatten()).anyMatch(x -> x != 0), what + ": a gradient to compare");
    assertEquals(!v.updates().isEmpty(), v.rule().updatesOnline(),
        what + ": says whether it updates within a sequence");
    assertArrayEquals(g.flatten(), f.gradient(v.rule()).flatten(), 0.0, what + ": repeatable");
    switch (v.promise()) {
      case BPTT -> assertEqual(f.bptt(), g, v.tolerance(), what);
      case BPTT_UNREGULARIZED -> {
        if (!c.spec().regularizer().enabled()) {
          assertEqual(f.bptt(), g, v.tolerance(), what);
        }
      }
      case READOUT -> assertReadout(f.bptt(), g, v.tolerance(), what);
      case ELIGIBILITY_GRAPH -> assertEligibilityGraph(f, g, v, c, what);
      case LIKE -> {
        assertFalse(Arrays.equals(g.get(Parameters.RECURRENT_WEIGHTS),
            new double[g.get(Parameters.RECURRENT_WEIGHTS).length]), what + ": a W_rec to compare");
        assertEqual(f.gradient(reference(v)), g, v.tolerance(), what);
      }
      case ONLINE_SUM -> {
        List<Integer> at = new ArrayList<>();
        Parameters sum = f.onlineSum(f.begin(v.rule()), at);
        assertEquals(v.updates(), at, what + ": the steps of the online updates");
        assertEqual(f.gradient(reference(v)), sum, v.tolerance(), what + " online");
      }
      case ESTIMATE -> { }
      default -> throw new AssertionError(v.promise());
    }
    assertRestoredSessionContinues(f, v, what);
    String reseeded = reseeded(v.spec());
    if (reseeded != null) {
      // other numbers in the gradient or in what the session carries on (dni's A, drawn from the
      // seed, shows in the gradient only through J_t, which a stopped recurrence makes zero)
      Session other = f.begin(Rules.create(RuleSpec.parse(reseeded)));
      Session same = f.begin(v.rule());
      boolean sameGradient = Arrays.equals(f.run(same).flatten(), f.run(other).flatten());
      assertFalse(sameGradient && Arrays.equals(same.carriedState(), other.carriedState()),
          what + ": another seed, other numbers");
    }
  }

  private static LearningRule reference(Variant v) {
    return v.reference().equals("bptt") ? Rules.create(RuleSpec.of("bptt"))
        : Rules.create(RuleSpec.parse(v.reference()));
  }

  /** Bit for bit at tolerance 0; else ‖a − e‖ ≤ tolerance · max(‖e‖, 1e-12) per group. */
  private static void assertEqual(Parameters expected, Parameters actual, double tolerance,
      String what) {
    if (tolerance == 0) {
      for (int g = 0; g < expected.groupCount(); g++) {
        assertArrayEquals(expected.get(g), actual.get(g), what + " " + expected.shape(g).name());
      }
    } else {
      ExactGradients.assertClose(expected, actual, tolerance, 1e-12, what);
    }
  }

  private static void assertReadout(Parameters exact, Parameters readout, double tolerance,
      String what) {
    for (int g = 0; g < exact.groupCount(); g++) {
      String name = exact.shape(g).name();
      double[] actual = readout.get(g);
      if (name.equals(Parameters.OUTPUT_WEIGHTS) || name.equals(Parameters.OUTPUT_BIAS)) {
        double[] expected = exact.get(g);
        for (int i = 0; i < expected.length; i++) {
          assertEquals(expected[i], actual[i], tolerance * (1 + Math.abs(expected[i])),
              what + " " + name);
        }
      } else {
        assertArrayEquals(new double[actual.length], actual, 0.0, what + " " + name + " is zero");
      }
    }
  }

  /**
   * E1: BPTT of the graph with z_{t-1} stopped in the recurrent input and the reset; e-prop is the
   * same rule on either declared graph, and not the BPTT of a graph with more paths.
   */
  private static void assertEligibilityGraph(RuleFixture f, Parameters eprop, Variant v, Case c,
      String what) {
    NetworkSpec spec = c.spec();
    Network graph = new Network(spec.withCell(spec.cell().eligibilityGraph()));
    ExactGradients.assertClose(ExactGradients.bptt(graph, f.params(), f.batch()), eprop,
        v.tolerance(), 1e-12, what);
    ExactGradients.assertClose(eprop, ExactGradients.of(v.rule(), graph, f.params(), f.batch()),
        v.tolerance(), 1e-12, what + ", on the eligibility graph");
    if (!spec.cell().equals(spec.cell().eligibilityGraph())) {
      assertFalse(Arrays.equals(f.bptt().get(Parameters.RECURRENT_WEIGHTS),
          eprop.get(Parameters.RECURRENT_WEIGHTS)), what + ": the paths outside the traces");
    }
  }

  /** After a sequence, a session begun afresh and given its carried state continues it. */
  private static void assertRestoredSessionContinues(RuleFixture f, Variant v, String what) {
    Session session = f.begin(v.rule());
    f.run(session);
    Session restored = f.begin(v.rule());
    restored.restoreCarriedState(session.carriedState());
    f.assertSameSequences(session, restored, 2, what + ": restored");
  }

  /** The spec with another seed; null if the rule takes none with these options. */
  private static String reseeded(String spec) {
    String name = RuleSpec.parse(spec).name();
    String other = spec.contains("seed=") ? spec.replaceFirst("seed=\\d+", "seed=99")
        : spec + (spec.equals(name) ? ":" : ",") + "seed=99";
    try {
      Rules.create(RuleSpec.parse(other));
      return other;
    } catch (IllegalArgumentException takesNoSeed) {
      return null;
    }
  }

  static Stream<Arguments> rulesOnWideNetworks() {
    return VARIANTS.stream().flatMap(v -> Stream.of("rate", "lif", "alif")
        .filter(cell -> cell.equals("rate") || !v.rateCellOnly())
        .map(cell -> Arguments.of(v, cell)));
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("rulesOnWideNetworks")
  void twoThreadsGiveTheBitsOfOneAndFloat32TheDoubleGradient(Variant v, String cell) {
    int hidden = v.spec().startsWith("rtrl") || v.spec().startsWith("snap:n=") ? 16 : 128;
    CellSpec c = switch (cell) {
      case "rate" -> RateCellSpec.vanilla(hidden);
      case "lif" -> SpikingCellSpec.lif(hidden);
      default -> SpikingCellSpec.alif(hidden);
    };
    NetworkSpec spec = NetworkSpec.of(20, c, 3, LossKind.MSE);
    Batch batch = Batch.gaussian(16, 12, 20, 3, false, new Seeds(2));
    Parameters[] byArithmetic = new Parameters[2];
    for (Products products : List.of(Products.FLOAT64, Products.FLOAT32)) {
      NetworkSpec s = spec.withProducts(products);
      Network one = new Network(s, ProductTeam.solo());
      Network two = new Network(s, TEAM);
      Parameters p = one.initialize(new Seeds(1));
      String what = v + " " + cell + " " + products;
      assertEquals(one.forward(p, one.newTrajectory(batch)), two.forward(p, two.newTrajectory(batch)),
          0.0, what + " loss");
      Parameters g = ExactGradients.of(v.rule(), one, p, batch);
      assertArrayEquals(g.flatten(), ExactGradients.of(v.rule(), two, p, batch).flatten(), 0.0,
          what + " on two threads");
      byArithmetic[products == Products.FLOAT64 ? 0 : 1] = g;
    }
    ExactGradients.assertClose(byArithmetic[0], byArithmetic[1], 1e-5, 1e-8,
        v + " " + cell + " float32");
    if (cell.equals("rate")) {
      // (spiking cells' spikes, and what only they reach, may keep their bits)
      assertFalse(Arrays.equals(byArithmetic[0].flatten(), byArithmetic[1].flatten()),
          v + " " + cell + ": the products were single precision");
    }
  }
}
