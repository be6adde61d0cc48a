package org.bpttlab.results.reproduce;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * One published result: its setup, run in a full form (what docs/reproductions.md reports) or a
 * quick one (about a minute, for tests and first looks), writing its CSVs into a folder and
 * returning our numbers beside the paper's.
 */
public interface Reproduction {
  /** What a reproduction may use while it runs. */
  record Context(int threads, PrintWriter progress) {
    public Context {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be >= 1, was " + threads);
      }
    }
  }

  /** The ID on the command line ({@code eprop-exact}). */
  String id();

  /** The source, as a citation. */
  String source();

  /** The setup in a sentence or two, full form. */
  String setup();

  /**
   * Runs the reproduction, writing its CSVs into {@code folder} (an empty, staged folder).
   *
   * @param quick the quick form
   */
  List<Comparison> run(boolean quick, Path folder, Context context) throws IOException;

  /**
   * What one iteration of its metrics.csv holds, when that is not a batch of sequences ("a chunk
   * of 1000 steps of one stream"): config.json's {@code iteration}, which the figures' x axis
   * names (docs/figures.md); null for a batch.
   */
  default String iteration(boolean quick) {
    return null;
  }
}
