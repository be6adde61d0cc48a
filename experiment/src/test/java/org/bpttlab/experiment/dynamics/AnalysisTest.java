package org.bpttlab.experiment.dynamics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.bpttlab.core.Batch;
import org.bpttlab.core.LossKind;
import org.bpttlab.core.NetworkSpec;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.RateCellSpec;
import org.bpttlab.core.Seeds;
import org.bpttlab.core.SpikingCellSpec;
import org.bpttlab.core.net.Network;
import org.bpttlab.experiment.io.Csv;
import org.bpttlab.experiment.train.Evaluation;
import org.bpttlab.experiment.train.RuleResult;
import org.bpttlab.tasks.Task;
import org.bpttlab.tasks.Tasks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The analysis's CSVs for a linear rate network, whose one fixed point and its eigenvalues are
 * known, and for a spiking network, whose spikes are checked against its inputs and membrane
 * potentials; the same bytes on one thread or two.
 */
class AnalysisTest {
  /** Rows of a CSV text without its header, as fields. */
  private static List<List<String>> rows(String text) {
    List<List<String>> rows = new ArrayList<>();
    String[] lines = text.split("\n");
    for (int i = 1; i < lines.length; i++) {
      rows.add(Csv.fields(lines[i]));
    }
    return rows;
  }

  @Test
  void aLinearNetworksFixedPointAndPathsAreWritten() {
    Task task = Tasks.create("adding", 20);
    NetworkSpec spec = NetworkSpec.of(task.inputs(), new RateCellSpec(4, 1.0, false, 0.0,
        RateCellSpec.Activation.LINEAR), task.outputs(), LossKind.MSE);
    Parameters p = new Network(spec).initialize(new Seeds(3));
    double[] w = p.get(Parameters.RECURRENT_WEIGHTS);
    for (int i = 0; i < w.length; i++) {
      w[i] *= 0.5;
    }
    Arrays.fill(p.get(Parameters.BIAS), 0.2);
    Analysis a = new Analysis();
    a.add("bptt", 3, spec, task, p);
    Map<String, String> texts = a.texts();
    assertEquals(List.of("pca.csv", "trajectories.csv", "fixed-points.csv", "eigenvalues.csv"),
        List.copyOf(texts.keySet()));

    List<List<String>> pca = rows(texts.get("pca.csv"));
    assertEquals(4, pca.size(), "n = 4 < 10 components");
    assertEquals(1, Double.parseDouble(pca.get(3).get(5)), 1e-12, "the ratios sum to 1");
    for (int k = 1; k < 4; k++) {
      assertTrue(Double.parseDouble(pca.get(k).get(3)) <= Double.parseDouble(pca.get(k - 1)
          .get(3)), "variances decrease");
    }
    assertEquals(Analysis.TRIALS * 20, rows(texts.get("trajectories.csv")).size(),
        "T = 20 steps kept whole");
    assertEquals("bptt,3,0,all,1", String.join(",",
        rows(texts.get("trajectories.csv")).get(0).subList(0, 5)));

    List<List<String>> points = rows(texts.get("fixed-points.csv"));
    assertEquals(1, points.size(), "a linear network has one fixed point");
    assertEquals("fixed", points.get(0).get(3));
    assertTrue(Double.parseDouble(points.get(0).get(4)) <= Analysis.TOLERANCE
        * Analysis.TOLERANCE / 2);
    // J = W (α = 1, linear): its eigenvalues, sorted by real then imaginary part
    Array2DRowRealMatrix m = new Array2DRowRealMatrix(4, 4);
    for (int i = 0; i < 16; i++) {
      m.setEntry(i / 4, i % 4, w[i]);
    }
    EigenDecomposition e = new EigenDecomposition(m);
    List<double[]> expected = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      expected.add(new double[] {e.getRealEigenvalue(i), e.getImagEigenvalue(i)});
    }
    List<double[]> got = new ArrayList<>();
    for (List<String> r : rows(texts.get("eigenvalues.csv"))) {
      got.add(new double[] {Double.parseDouble(r.get(3)), Double.parseDouble(r.get(4))});
    }
    java.util.Comparator<double[]> order = (x, y) -> x[0] != y[0] ? Double.compare(x[0], y[0])
        : Double.compare(x[1], y[1]);
    expected.sort(order);
    got.sort(order);
    assertEquals(4, got.size());
    for (int i = 0; i < 4; i++) {
      assertEquals(expected.get(i)[0], got.get(i)[0], 1e-10);
      assertEquals(expected.get(i)[1], got.get(i)[1], 1e-10);
    }
    boolean stable = Math.hypot(got.get(0)[0], got.get(0)[1]) < 1
        && Math.hypot(got.get(3)[0], got.get(3)[1]) < 1;
    assertEquals(String.valueOf(stable), points.get(0).get(5));
  }

  @Test
  void aSpikingNetworksSpikesRatesAndTracesAgreeWithItsInputsAndPotentials() {
    Task task = Tasks.create("evidence:cues=3,steps=750");
    SpikingCellSpec cell = SpikingCellSpec.lif(20).withAdaptiveNeurons(10).withBeta(0.5);
    NetworkSpec spec = NetworkSpec.of(task.inputs(), cell, task.outputs(),
        LossKind.CROSS_ENTROPY);
    Parameters p = new Network(spec).initialize(new Seeds(4));
    for (double[] g : new double[][] {p.get(Parameters.INPUT_WEIGHTS)}) {
      for (int i = 0; i < g.length; i++) {
        g[i] *= 4;
      }
    }
    Analysis a = new Analysis();
    a.add("eprop", 4, spec, task, p);
    Map<String, String> texts = a.texts();
    assertEquals(List.of("pca.csv", "trajectories.csv", "spikes.csv", "rates.csv",
        "traces.csv"), List.copyOf(texts.keySet()));
    Batch batch = task.sample(Analysis.TRIALS, new Seeds(4).derive("analysis"));

    // every input spike of trials 0 and 1, and no other trial
    List<List<String>> spikes = rows(texts.get("spikes.csv"));
    int[] inputSpikes = new int[2];
    for (int r = 0; r < 2; r++) {
      for (int t = 1; t <= 750; t++) {
        for (int i = 0; i < task.inputs(); i++) {
          inputSpikes[r] += batch.input(t)[r * task.inputs() + i] != 0 ? 1 : 0;
        }
      }
    }
    Map<String, Integer> count = new HashMap<>();
    for (List<String> r : spikes) {
      count.merge(r.get(2) + "," + r.get(4), 1, Integer::sum);
      assertEquals(task.condition(batch, Integer.parseInt(r.get(2))), r.get(3));
    }
    assertEquals(inputSpikes[0], count.get("0,input"));
    assertEquals(inputSpikes[1], count.get("1,input"));
    assertTrue(count.getOrDefault("0,lif", 0) > 0 && count.getOrDefault("0,alif", 0) > 0,
        "both populations spike: " + count);
    assertTrue(count.keySet().stream().allMatch(k -> k.startsWith("0,") || k.startsWith("1,")));

    List<List<String>> rates = rows(texts.get("rates.csv"));
    assertEquals(20, rates.size());
    assertEquals(10, rates.stream().filter(r -> r.get(2).equals("lif")).count());

    // a traced neuron spikes only where its potential reaches its threshold; LIF's is v_th
    List<List<String>> traces = rows(texts.get("traces.csv"));
    assertEquals(4 * 750, traces.size(), "2 LIF and 2 ALIF neurons, every step");
    Map<String, double[]> margin = new HashMap<>();
    for (List<String> r : traces) {
      double v = Double.parseDouble(r.get(6));
      double threshold = Double.parseDouble(r.get(7));
      if (r.get(3).equals("lif")) {
        assertEquals(0.6, threshold, 0.0);
      } else {
        assertTrue(threshold >= 0.6);
      }
      margin.computeIfAbsent(r.get(3) + "," + r.get(4), k -> new double[751])[
          Integer.parseInt(r.get(5))] = v - threshold;
    }
    int checked = 0;
    for (List<String> r : spikes) {
      double[] m = margin.get(r.get(4) + "," + r.get(5));
      if (r.get(2).equals("0") && m != null) {
        assertTrue(m[Integer.parseInt(r.get(6))] >= 0, "a spike at v < threshold: " + r);
        checked++;
      }
    }
    assertTrue(checked > 0, "the traced neurons are the most active: they spike");
  }

  /** Chosen trials: their spikes only, the lowest one traced; bad choices are refused. */
  @Test
  void theChosenTrialsAreShown() {
    Task task = Tasks.create("evidence:cues=3,steps=750");
    SpikingCellSpec cell = SpikingCellSpec.lif(10).withAdaptiveNeurons(5);
    NetworkSpec spec = NetworkSpec.of(task.inputs(), cell, task.outputs(),
        LossKind.CROSS_ENTROPY);
    Parameters p = new Network(spec).initialize(new Seeds(4));
    Analysis a = new Analysis(List.of(7, 3));
    a.add("bptt", 4, spec, task, p);
    Batch batch = task.sample(Analysis.TRIALS, new Seeds(4).derive("analysis"));
    int inputs = 0;
    for (int t = 1; t <= 750; t++) {
      for (int i = 0; i < task.inputs(); i++) {
        inputs += batch.input(t)[3 * task.inputs() + i] != 0 ? 1 : 0;
      }
    }
    Map<String, Long> byTrial = new java.util.TreeMap<>();
    for (List<String> r : rows(a.texts().get("spikes.csv"))) {
      byTrial.merge(r.get(2) + "," + r.get(4).equals("input"), 1L, Long::sum);
    }
    assertEquals(java.util.Set.of("3,true", "7,true", "3,false", "7,false"), byTrial.keySet());
    assertEquals(inputs, byTrial.get("3,true"));
    assertTrue(rows(a.texts().get("traces.csv")).stream().allMatch(r -> r.get(2).equals("3")),
        "the lowest chosen trial is traced, the one the raster draws");
    for (List<Integer> bad : List.of(List.<Integer>of(), List.of(16), List.of(-1),
        List.of(1, 1), List.of(0, 1, 2, 3, 4))) {
      IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
          IllegalArgumentException.class, () -> new Analysis(bad));
      assertEquals("trials must be 1 to 4 distinct held-out trials, each 0 to 15, were " + bad,
          e.getMessage());
    }
  }

  @Test
  void oneThreadOrTwoGiveTheSameBytes() {
    Task task = Tasks.create("adding", 30);
    NetworkSpec spec = NetworkSpec.of(task.inputs(), RateCellSpec.vanilla(12), task.outputs(),
        LossKind.MSE);
    List<List<RuleResult>> results = new ArrayList<>();
    for (long seed = 1; seed <= 2; seed++) {
      List<RuleResult> bySeed = new ArrayList<>();
      for (String rule : List.of("bptt", "tbptt:k1=5,k2=10")) {
        Parameters p = new Network(spec).initialize(new Seeds(seed * 10 + rule.length()));
        bySeed.add(new RuleResult(rule, seed, List.of(), List.of(), Evaluation.none(), p, 0,
            null));
      }
      results.add(bySeed);
    }
    Map<String, String> one = Analysis.of(task, spec, results, 1).texts();
    Map<String, String> two = Analysis.of(task, spec, results, 2).texts();
    assertEquals(one, two);
    List<List<String>> pca = rows(one.get("pca.csv"));
    assertEquals(4 * 10, pca.size());
    assertEquals("tbptt:k1=5,k2=10", pca.get(10).get(0), "quoted and read back");
    assertEquals("2", pca.get(39).get(1));
  }

  /** A diverged network (a NaN weight, or states that overflow) adds no row: NaN is not drawn. */
  @Test
  void aDivergedNetworkIsLeftOut() {
    Task task = Tasks.create("adding", 10);
    NetworkSpec spec = NetworkSpec.of(task.inputs(), new RateCellSpec(3, 1.0, false, 0.0,
        RateCellSpec.Activation.LINEAR), task.outputs(), LossKind.MSE);
    Parameters p = new Network(spec).initialize(new Seeds(1));
    p.get(Parameters.OUTPUT_WEIGHTS)[0] = Double.NaN;
    Analysis a = new Analysis();
    a.add("bptt", 1, spec, task, p);
    assertEquals(Map.of(), a.texts());
    Parameters huge = new Network(spec).initialize(new Seeds(1));
    Arrays.fill(huge.get(Parameters.RECURRENT_WEIGHTS), 1e300);
    Arrays.fill(huge.get(Parameters.BIAS), 1e300);
    a.add("bptt", 1, spec, task, huge);
    assertEquals(Map.of(), a.texts());
  }

  @Test
  void theFolderIsReplacedAsAWhole(@TempDir Path dir) throws Exception {
    Task task = Tasks.create("adding", 10);
    NetworkSpec spec = NetworkSpec.of(task.inputs(), RateCellSpec.vanilla(3), task.outputs(),
        LossKind.MSE);
    Files.createDirectories(dir.resolve(Analysis.FOLDER));
    Files.writeString(dir.resolve(Analysis.FOLDER).resolve("stale.csv"), "x\n");
    Analysis a = new Analysis();
    a.add("bptt", 1, spec, task, new Network(spec).initialize(new Seeds(1)));
    List<Path> written = a.write(dir);
    assertEquals(4, written.size());
    try (var files = Files.list(dir.resolve(Analysis.FOLDER))) {
      assertEquals(4, files.count(), "the stale file is gone");
    }
    assertEquals(a.texts().get("pca.csv"), Files.readString(written.get(0)));
  }
}
