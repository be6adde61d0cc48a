package org.bpttlab.results.figures;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The rule × rule alignment matrix (Marschall et al. 2020) from {@code alignment-pairs.csv}
 * ({@code iteration,seed,rule,other,group,cosine,updates}): for every pair of rules, the mean over
 * the file's rows (measured iterations and seeds) of their mean cosine on W_rec, weighted by the
 * updates each row is over; the diagonal is 1.
 */
final class PairFigures {
  static final String PAIRS = "alignment-pairs.csv";
  private static final String GROUP = "W_rec";

  private PairFigures() {}

  static List<Figure> read(Path folder) throws IOException {
    Path file = folder.resolve(PAIRS);
    if (!Files.isRegularFile(file)) {
      return List.of();
    }
    CsvTable t = CsvTable.read(file);
    int rule = t.column("rule");
    int other = t.column("other");
    int group = t.column("group");
    int cosine = t.column("cosine");
    int updates = t.column("updates");
    List<String> labels = new ArrayList<>();
    for (int r = 0; r < t.size(); r++) {
      if (t.text(r, group).equals(GROUP)) {
        for (String name : List.of(t.text(r, rule), t.text(r, other))) {
          if (!labels.contains(name)) {
            labels.add(name);
          }
        }
      }
    }
    if (labels.isEmpty()) {
      return List.of();
    }
    int n = labels.size();
    double[][] sums = new double[n][n];
    double[][] weights = new double[n][n];
    for (int r = 0; r < t.size(); r++) {
      double c = t.number(r, cosine);
      double w = t.number(r, updates);
      if (!t.text(r, group).equals(GROUP) || Double.isNaN(c) || !(w > 0)) {
        continue;
      }
      int i = labels.indexOf(t.text(r, rule));
      int j = labels.indexOf(t.text(r, other));
      sums[i][j] += w * c;
      weights[i][j] += w;
      sums[j][i] += w * c;
      weights[j][i] += w;
    }
    double[][] values = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        values[i][j] = i == j ? 1.0 : weights[i][j] > 0 ? sums[i][j] / weights[i][j] : Double.NaN;
      }
    }
    return List.of(new Figure("alignment-matrix",
        "Every pair of rules' gradients on the same updates: their cosine on W_rec, the mean over"
            + " the measured updates (alignment-pairs.csv: cosine weighted by updates, group"
            + " W_rec). The first row is the rule that trained, the second the exact gradient.",
        Charts.matrix("Alignment between rules, on W_rec", "mean cosine on the same updates",
            "cosine", shortNames(labels), values)));
  }

  /** Each rule's name without its options where that name is still unique, else in full. */
  static List<String> shortNames(List<String> names) {
    List<String> bases = names.stream().map(n -> n.contains(":") ? n.substring(0,
        n.indexOf(':')) : n).toList();
    List<String> out = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      String base = bases.get(i);
      out.add(bases.stream().filter(base::equals).count() == 1 ? base : names.get(i));
    }
    return out;
  }
}
