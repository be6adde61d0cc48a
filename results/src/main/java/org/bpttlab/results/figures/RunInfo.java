package org.bpttlab.results.figures;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bpttlab.experiment.io.Json;

/**
 * What a run folder's {@code config.json} says about its x axis: what one iteration of
 * metrics.csv holds. A reproduction states it in the field {@code iteration} ("a chunk of 1000
 * steps of one stream"); {@code run} and {@code compare} give {@code batch_size} and the task's
 * {@code resolved.task.steps}. Unknown (null) without a config or with one that is not JSON (the
 * report names that error).
 *
 * @param iteration "a batch of 32 sequences of 100 steps", or null
 */
record RunInfo(String iteration) {
  static RunInfo read(Path folder) {
    Path file = folder.resolve("config.json");
    if (!Files.isRegularFile(file)) {
      return new RunInfo(null);
    }
    JsonNode c;
    try {
      c = Json.read(file);
    } catch (IOException e) {
      return new RunInfo(null);
    }
    if (c.path("iteration").isTextual()) {
      return new RunInfo(c.get("iteration").asText());
    }
    JsonNode steps = c.path("resolved").path("task").path("steps");
    JsonNode batch = c.path("batch_size");
    if (steps.isIntegralNumber() && batch.isIntegralNumber()) {
      long b = batch.asLong();
      return new RunInfo((b == 1 ? "a sequence" : "a batch of " + b + " sequences") + " of "
          + steps.asLong() + " steps");
    }
    return new RunInfo(null);
  }
}
