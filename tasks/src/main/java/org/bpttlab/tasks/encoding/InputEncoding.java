package org.bpttlab.tasks.encoding;

import java.util.List;
import java.util.stream.Stream;
import org.bpttlab.tasks.TaskOptions;
import org.bpttlab.tasks.TaskSpec;

/**
 * How a symbolic task (copy, adding, delayed recall, online-add) presents its inputs.
 *
 * <p><b>rate</b>: one network step per task step, each input channel carries its value (one-hot
 * symbols, real values, bits).
 *
 * <p><b>spiking</b>: each task step lasts {@code stepMs} network steps of dt = 1 ms, and each input
 * channel becomes a population of {@code population} neurons that emit independent Bernoulli spikes
 * (0/1 per step) with probability p = v · rateHz · dt during the task step, v ∈ [0, 1] being the
 * channel's value (a rate code: a one-hot symbol fires its population at {@code rateHz}, the others
 * stay silent). A signed channel (values in [−1, 1]) gets an ON population for max(v, 0) and an OFF
 * population for max(−v, 0). Targets are held for the task step's milliseconds, and its mask weight
 * is spread over them as m/stepMs each, so the summed loss keeps the scale of the rate form and a
 * decision is the mean readout over the step (the store-recall convention of Bellec et al. 2018,
 * NeurIPS, "Long short-term memory and learning-to-learn in networks of spiking neurons", whose
 * symbols last 200 ms with populations at 50 Hz). Defaults: 100 Hz, 10 neurons, 20 ms, so a symbol
 * brings its population 20 spikes on average and is silent with probability 0.9^200 ≈ 7·10⁻¹⁰.
 *
 * @param spiking whether inputs are spike trains
 * @param rateHz the population rate for value 1, in (0, 1000] Hz (0 for rate encoding)
 * @param population neurons per input channel, ≥ 1 (1 for rate encoding)
 * @param stepMs network steps (ms) per task step, ≥ 1 (1 for rate encoding)
 */
public record InputEncoding(boolean spiking, double rateHz, int population, int stepMs) {
  /** The option keys of the encoding. */
  public static final List<String> OPTIONS = List.of("encoding", "rate", "population", "stepms");

  /** A task's option keys {@code keys} followed by the encoding's. */
  public static List<String> optionsWith(String... keys) {
    return Stream.concat(Stream.of(keys), OPTIONS.stream()).toList();
  }

  public static final double DEFAULT_RATE_HZ = 100;
  public static final int DEFAULT_POPULATION = 10;
  public static final int DEFAULT_STEP_MS = 20;

  public InputEncoding {
    if (spiking) {
      if (!(rateHz > 0 && rateHz <= 1000)) {
        throw new IllegalArgumentException("rate must be in (0, 1000] Hz (at most one spike per"
            + " 1 ms step), was " + rateHz);
      }
      if (population < 1) {
        throw new IllegalArgumentException("population must be >= 1, was " + population);
      }
      if (stepMs < 1) {
        throw new IllegalArgumentException("stepms must be >= 1, was " + stepMs);
      }
    } else if (rateHz != 0 || population != 1 || stepMs != 1) {
      throw new IllegalArgumentException("rate encoding has no spike rate, population or stepms;"
          + " use InputEncoding.rate()");
    }
  }

  /** Values as inputs, one network step per task step. */
  public static InputEncoding rate() {
    return new InputEncoding(false, 0, 1, 1);
  }

  /** Poisson spike trains: {@code population} neurons per channel at {@code rateHz} for value 1. */
  public static InputEncoding spiking(double rateHz, int population, int stepMs) {
    return new InputEncoding(true, rateHz, population, stepMs);
  }

  /** Spike trains with the defaults (100 Hz, 10 neurons per channel, 20 ms per task step). */
  public static InputEncoding spikingDefaults() {
    return spiking(DEFAULT_RATE_HZ, DEFAULT_POPULATION, DEFAULT_STEP_MS);
  }

  /**
   * The encoding a spec asks for: {@code encoding=rate|spiking} (default {@code fallback}) and, for
   * spiking only, {@code rate} (Hz), {@code population} and {@code stepms}.
   */
  public static InputEncoding from(TaskOptions o, String fallback) {
    if (o.choice("encoding", fallback, List.of("rate", "spiking")).equals("rate")) {
      for (String key : OPTIONS.subList(1, OPTIONS.size())) {
        if (o.has(key)) {
          throw new IllegalArgumentException(
              "option " + key + " applies to encoding=spiking only");
        }
      }
      return rate();
    }
    return spiking(o.number("rate", DEFAULT_RATE_HZ), o.integer("population", DEFAULT_POPULATION),
        o.integer("stepms", DEFAULT_STEP_MS));
  }

  /** {@code spec} with the options that reproduce this encoding. */
  public TaskSpec addTo(TaskSpec spec) {
    TaskSpec s = spec.with("encoding", spiking ? "spiking" : "rate");
    return spiking ? s.with("rate", rateHz).with("population", population).with("stepms", stepMs)
        : s;
  }

  /** Network steps for {@code taskSteps} task steps. */
  public int networkSteps(int taskSteps) {
    return taskSteps * stepMs;
  }

  /** Network inputs for {@code channels} task channels (twice as many neurons if signed). */
  public int networkInputs(int channels, boolean signed) {
    return spiking ? channels * population * (signed ? 2 : 1) : channels;
  }
}
