package org.bpttlab.experiment.sweep;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The sweep files bpttlab ships, run by name ({@code ./bpttlab sweep memory-quick}) and printed
 * for copying ({@code --print}). Each is a resource {@code suites/<name>.json} next to this class,
 * an ordinary sweep file whose {@code tune} block picks each rule's learning rate per point on
 * the tune seeds before the report seeds are trained (docs/sweeps.md, "Built-in suites").
 */
public final class Suites {
  /**
   * One shipped suite.
   *
   * @param name its name, the sweep's name and the resource's
   * @param description one line: what it sweeps
   * @param runs its runs, tuning included: groups × (learning rates × tune seeds + seeds), a
   *     group being a point of the grid and list other than the learning rate and the seed
   */
  public record Suite(String name, String description, int runs) {
    /** The suite's sweep file, as shipped. */
    public String text() {
      String resource = "suites/" + name + ".json";
      try (InputStream in = Suites.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException("the jar has no " + resource);
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + resource, e);
      }
    }
  }

  private static final List<Suite> SUITES = List.of(
      new Suite("memory", "rate RNN of 16 on copy, adding and delayed recall at 3 delays each;"
          + " BPTT, TBPTT(5,5), ARTBP, RFLO symmetric and random, readout-only, RTRL at the"
          + " shortest delays; 2000 iterations", 741),
      new Suite("memory-quick", "delayed recall at T = 10 and 20 by BPTT, random RFLO and"
          + " readout-only; rate RNN of 16, 400 iterations", 42),
      new Suite("spiking", "ALIF (50 of 100 adaptive) on evidence, pattern and spiking delayed"
          + " recall at 3 delays, recall also LIF-only; BPTT, e-prop symmetric, random and"
          + " adaptive", 288),
      new Suite("spiking-quick", "spiking delayed recall at T = 4 and 8 (20 ms a step) by BPTT"
          + " and random e-prop; ALIF of 40, 150 iterations", 28));

  private Suites() {}

  /** The suites, in the order {@code list} shows them. */
  public static List<Suite> all() {
    return SUITES;
  }

  /** Their names. */
  public static List<String> names() {
    return SUITES.stream().map(Suite::name).toList();
  }

  /** Whether a suite has that name. */
  public static boolean exists(String name) {
    return SUITES.stream().anyMatch(s -> s.name().equals(name));
  }

  /** The suite of that name; throws one line naming the suites there are. */
  public static Suite get(String name) {
    for (Suite s : SUITES) {
      if (s.name().equals(name)) {
        return s;
      }
    }
    throw new IllegalArgumentException("there is no file " + name + " and no built-in suite of"
        + " that name; suites: " + String.join(", ", names()));
  }
}
