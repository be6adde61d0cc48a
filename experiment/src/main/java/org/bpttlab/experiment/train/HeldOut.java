package org.bpttlab.experiment.train;

import java.util.Arrays;
import java.util.Locale;

/**
 * Which held-out batches score a trained network: the validation batches
 * ({@code seeds.derive("eval", k)}) on which a sweep selects its hyperparameters, or the test
 * batches ({@code seeds.derive("test", k)}) on which it reports the selected ones. The two streams
 * never share a sequence, so a setting chosen on one is reported on data it was not chosen on.
 */
public enum HeldOut {
  VALIDATION("eval"),
  TEST("test");

  private final String stream;

  HeldOut(String stream) {
    this.stream = stream;
  }

  /** The label of the batches' seeds: batch k is {@code task.sample(b, seeds.derive(stream, k))}. */
  public String stream() {
    return stream;
  }

  /** The JSON name: {@code validation} or {@code test}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The held-out batches named {@code label}; throws naming the allowed names. */
  public static HeldOut parse(String label) {
    return Arrays.stream(values()).filter(h -> h.label().equals(label)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("held_out must be validation or test,"
            + " was \"" + label + "\""));
  }
}
