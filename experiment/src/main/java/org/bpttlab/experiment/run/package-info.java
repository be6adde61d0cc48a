/**
 * Runs and their outputs (DESIGN §7): a run's validated {@code config.json} ({@link
 * org.bpttlab.experiment.run.RunConfig}) and a comparison's, of which a run is one member ({@link
 * org.bpttlab.experiment.run.CompareConfig}), the CSV tables and the {@code summary.md} that {@code run} and
 * {@code compare} write ({@link org.bpttlab.experiment.run.Outputs}, {@link
 * org.bpttlab.experiment.run.SummaryMarkdown}), and the run folder that never loses work: rows appended
 * as they come, periodic checkpoints written atomically, and resumption bit for bit ({@link
 * org.bpttlab.experiment.run.RunFolder}, {@link org.bpttlab.experiment.run.CheckpointFile}). Formats are in
 * docs/outputs.md.
 */
package org.bpttlab.experiment.run;
