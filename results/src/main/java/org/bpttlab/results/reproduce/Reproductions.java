package org.bpttlab.results.reproduce;

import java.util.List;

/** The entries of ../shared/REPRODUCE.md, in its order. */
public final class Reproductions {
  private static final List<Reproduction> ENTRIES = List.of(
      new EPropExact(),
      new EvidenceAccumulationFit(),
      new PatternGenerationFit(),
      new Pending("online-add", "Marschall, Cho & Savin 2020, JMLR 21:135, the add task",
          "tanh RNN n = 32, online updates every step, SGD 1e-3, 100k steps; RTRL, truncated"
              + " BPTT(10), RFLO, output weights only",
          "mean loss over the last 10k steps",
          "online training on one continuous stream (chunks that carry the network's state, an"
              + " update every step) is not in the Trainer yet; the rules (rtrl:online=1,"
              + " tbptt:k1=1,k2=10,online=true, rflo:online=1) and the task (online-add) are"),
      new RfloPeriodic(),
      new MemoryEfficientBptt(),
      new VanishingGradients());

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
