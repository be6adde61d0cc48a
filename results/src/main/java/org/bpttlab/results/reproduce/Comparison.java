package org.bpttlab.results.reproduce;

import java.util.Locale;

/**
 * One number of a reproduction beside the paper's.
 *
 * @param quantity what is compared
 * @param paper the paper's number or claim
 * @param ours ours
 * @param verdict whether they agree
 * @param comment why they differ, or how ours was measured
 */
public record Comparison(String quantity, String paper, String ours, Verdict verdict,
    String comment) {
  /** Whether our number agrees with the paper's. */
  public enum Verdict {
    /** Within the paper's tolerance, or the same qualitative result. */
    MATCHES,
    /** Outside it (the comment says why, as far as we know). */
    DIFFERS,
    /** Not reproduced yet (the comment says what is missing). */
    PENDING;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public Comparison {
    if (quantity == null || paper == null || ours == null || verdict == null || comment == null) {
      throw new IllegalArgumentException("a comparison needs all its fields");
    }
  }

  /** A comparison that agrees when {@code matches}, else differs. */
  public static Comparison of(String quantity, String paper, String ours, boolean matches,
      String comment) {
    return new Comparison(quantity, paper, ours, matches ? Verdict.MATCHES : Verdict.DIFFERS,
        comment);
  }
}
