package org.bpttlab.results.reproduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quick form of {@code snap-copy} (300 updates of 16 sequences, seed 1, 7 rules; about 40 s on
 * 2 cores). Observed with seed 1: the final length L is 7 for BPTT and RTRL per sequence (the same
 * gradient: the same curriculum, stage for stage), 4 for SnAp-1 and 5 for SnAp-2 per sequence, 10
 * for online RTRL, 5 for online SnAp-1 and 7 for online SnAp-2. The bounds below leave one length
 * of margin (two for online RTRL's 10); the seed is fixed, so nothing here can flake.
 */
class SnapCopyTest {
  @TempDir Path dir;

  @Test
  void quickFormReachesTheStatedLengths() throws IOException {
    List<Comparison> out = new SnapCopy().run(true, dir,
        new Reproduction.Context(2, new PrintWriter(new StringWriter())));
    assertEquals(SnapCopy.RULES.size() + 4, out.size());
    Map<String, List<Integer>> reached = stages(dir.resolve("stages.csv"));
    assertEquals(SnapCopy.RULES, List.copyOf(reached.keySet()));
    Map<String, Integer> least = Map.of("bptt", 6, "rtrl", 6, "snap", 3, "snap:n=2", 4,
        "rtrl:online=1", 8, "snap:online=1", 4, "snap:n=2,online=1", 6);
    for (String rule : SnapCopy.RULES) {
      int length = reached.get(rule).size();
      assertTrue(length >= least.get(rule), rule + " reached L = " + length);
    }
    // per sequence, RTRL's gradient is BPTT's to rounding: the first stages are reached at the
    // same iterations
    assertEquals(reached.get("bptt").subList(0, 5), reached.get("rtrl").subList(0, 5));
    assertTrue(reached.get("snap:n=2").size() >= reached.get("snap").size());
    assertTrue(reached.get("snap:n=2,online=1").size() >= reached.get("snap:online=1").size());
    assertTrue(reached.get("rtrl:online=1").size() > reached.get("bptt").size(),
        "online RTRL ahead of per-sequence BPTT after the same data");
    List<String> metrics = Files.readAllLines(dir.resolve("metrics.csv"));
    assertEquals("iteration,rule,seed,loss,bits_per_char,length,sequences", metrics.get(0));
    assertEquals(1 + SnapCopy.RULES.size() * SnapCopy.iterations(true) / SnapCopy.RECORD_EVERY,
        metrics.size());
    assertTrue(Files.size(dir.resolve("curriculum.csv")) > 0);
  }

  /** stages.csv: for each rule (in the file's order) the iterations at which L = 1, 2, ... began. */
  private static Map<String, List<Integer>> stages(Path file) throws IOException {
    Map<String, List<Integer>> out = new LinkedHashMap<>();
    List<String> lines = Files.readAllLines(file);
    assertEquals("rule,seed,length,iteration,sequences", lines.get(0));
    for (String line : lines.subList(1, lines.size())) {
      // the rule, quoted if it holds commas, then four numbers
      int cut = line.lastIndexOf(',', line.lastIndexOf(',', line.lastIndexOf(',',
          line.lastIndexOf(',') - 1) - 1) - 1);
      String rule = line.substring(0, cut).replace("\"", "");
      String[] f = ("x" + line.substring(cut)).split(",");
      List<Integer> at = out.computeIfAbsent(rule, k -> new ArrayList<>());
      assertEquals(at.size() + 1, Integer.parseInt(f[2]), line);
      at.add(Integer.parseInt(f[3]));
    }
    return out;
  }
}
