package org.bpttlab.results.reproduce;

import java.util.List;

/** The published results bpttlab reproduces (docs/reproductions.md), in its order. */
public final class Reproductions {
  private static final List<Reproduction> ENTRIES = List.of(
      new EPropExact(),
      new EvidenceAccumulationFit(),
      new PatternGenerationFit(),
      new OnlineAddFit(),
      new MarschallComparison(),
      new RfloPeriodic(),
      new MemoryEfficientBptt(),
      new VanishingGradients(),
      new InfluenceBalancingFit(),
      new SnapCopy());

  private Reproductions() {}

  public static List<Reproduction> all() {
    return ENTRIES;
  }

  public static List<String> ids() {
    return ENTRIES.stream().map(Reproduction::id).toList();
  }

  /** The entry with this ID; throws naming the IDs there are. */
  public static Reproduction get(String id) {
    for (Reproduction r : ENTRIES) {
      if (r.id().equals(id)) {
        return r;
      }
    }
    throw new IllegalArgumentException(
        "unknown reproduction '" + id + "'; allowed: " + String.join(", ", ids()) + ", all");
  }
}
