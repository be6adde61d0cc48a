package org.bpttlab.results.reproduce;

import java.nio.file.Path;
import java.util.List;

/** An entry of REPRODUCE.md that cannot run yet, saying plainly what it needs. */
final class Pending implements Reproduction {
  private final String id;
  private final String source;
  private final String setup;
  private final String claim;
  private final String missing;

  Pending(String id, String source, String setup, String claim, String missing) {
    this.id = id;
    this.source = source;
    this.setup = setup;
    this.claim = claim;
    this.missing = missing;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String source() {
    return source;
  }

  @Override
  public String setup() {
    return setup;
  }

  @Override
  public List<Comparison> run(boolean quick, Path folder, Context context) {
    return List.of(new Comparison(claim, "see REPRODUCE.md", "not run",
        Comparison.Verdict.PENDING, "not reproducible yet: " + missing));
  }
}
