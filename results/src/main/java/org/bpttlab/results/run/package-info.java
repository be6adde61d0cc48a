/**
 * Runs and their outputs (DESIGN §7): a run's validated {@code config.json} ({@link
 * org.bpttlab.results.run.RunConfig}), the CSV tables and the {@code summary.md} that {@code run} and
 * {@code compare} write ({@link org.bpttlab.results.run.Outputs}, {@link
 * org.bpttlab.results.run.SummaryMarkdown}), and the run folder that never loses work: rows appended
 * as they come, periodic checkpoints written atomically, and resumption bit for bit ({@link
 * org.bpttlab.results.run.RunFolder}, {@link org.bpttlab.results.run.CheckpointFile}). Formats are in
 * docs/outputs.md.
 */
package org.bpttlab.results.run;
