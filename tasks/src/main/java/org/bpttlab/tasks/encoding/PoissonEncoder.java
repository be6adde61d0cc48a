package org.bpttlab.tasks.encoding;

import org.apache.commons.rng.UniformRandomProvider;
import org.bpttlab.core.Batch;
import org.bpttlab.core.BatchBuffers;

/**
 * Poisson spike trains on the simulator's grid of dt = 1 ms: in each step a neuron with rate r
 * spikes (input 1) with probability p = r·dt, independently of every other neuron and step, else
 * its input is 0 (the Bernoulli approximation of a Poisson process, exact in the limit r·dt ≪ 1 and
 * the form of Bellec et al.'s reference code). Every task draws its spikes here.
 */
public final class PoissonEncoder {
  /** The simulation step, in ms. */
  public static final double DT_MS = 1.0;

  private PoissonEncoder() {}

  /** p = r·dt: the probability that a neuron firing at {@code rateHz} spikes in one step. */
  public static double probability(double rateHz) {
    return rateHz * DT_MS / 1000.0;
  }

  /**
   * spikes_i = 1 if u_i &lt; p_i else 0, with u_i ~ U[0, 1) drawn in index order.
   *
   * @param probability per-entry spike probabilities in [0, 1], Not modified
   * @param rng the random source, Modified (advanced by one draw per entry)
   * @param spikes Modified: 0/1 per entry (may be {@code probability} itself)
   */
  public static void sample(double[] probability, UniformRandomProvider rng, double[] spikes) {
    for (int i = 0; i < probability.length; i++) {
      spikes[i] = rng.nextDouble() < probability[i] ? 1 : 0;
    }
  }

  /**
   * The spiking form of a batch of task-step values (see {@link InputEncoding}): task step s
   * becomes network steps (s−1)·stepMs + 1 .. s·stepMs; input channel c of a sequence becomes
   * neurons c·P .. (c+1)·P − 1 (P = population; for {@code signed} channels 2c·P.. for the ON and
   * (2c+1)·P.. for the OFF population), firing with probability |v|·rate·dt; targets are repeated and
   * masks divided by stepMs. A rate encoding returns {@code values} itself.
   *
   * @param values the rate-form batch, values in [0, 1] (or [−1, 1] if {@code signed}), Not modified
   * @param rng the spikes' random source, Modified; draws go step by step, sequence by sequence,
   *     neuron by neuron
   * @throws IllegalArgumentException for a value outside the encodable range
   */
  public static Batch encode(Batch values, InputEncoding encoding, boolean signed,
      UniformRandomProvider rng) {
    return encode(values, encoding, signed, rng, BatchBuffers.fresh());
  }

  /**
   * {@link #encode(Batch, InputEncoding, boolean, UniformRandomProvider) encode}, the spikes
   * written into {@code buffers}' next batch (which must not be {@code values}' own).
   */
  public static Batch encode(Batch values, InputEncoding encoding, boolean signed,
      UniformRandomProvider rng, BatchBuffers buffers) {
    if (!encoding.spiking()) {
      return values;
    }
    int size = values.size();
    int channels = values.inputs();
    int outputs = values.outputs();
    int ms = encoding.stepMs();
    int population = encoding.population();
    int polarities = signed ? 2 : 1;
    int inputs = encoding.networkInputs(channels, signed);
    double p = probability(encoding.rateHz());
    Batch out = buffers.zeros(size, encoding.networkSteps(values.steps()), inputs, outputs);
    for (int s = 1; s <= values.steps(); s++) {
      double[] v = values.input(s);
      for (int j = 1; j <= ms; j++) {
        int t = (s - 1) * ms + j;
        double[] x = out.input(t);
        for (int b = 0; b < size; b++) {
          for (int c = 0; c < channels; c++) {
            double value = v[b * channels + c];
            if (!(value >= (signed ? -1 : 0) && value <= 1)) {
              throw new IllegalArgumentException("value " + value + " at task step " + s
                  + " cannot be rate-coded; allowed: " + (signed ? "[-1, 1]" : "[0, 1]"));
            }
            for (int polarity = 0; polarity < polarities; polarity++) {
              double level = polarity == 0 ? Math.max(value, 0) : Math.max(-value, 0);
              int first = b * inputs + (c * polarities + polarity) * population;
              for (int i = first; i < first + population; i++) {
                x[i] = rng.nextDouble() < level * p ? 1 : 0;
              }
            }
          }
        }
        System.arraycopy(values.targetAt(s), 0, out.targetAt(t), 0, size * outputs);
        double[] mask = out.maskAt(t);
        for (int b = 0; b < size; b++) {
          mask[b] = values.maskAt(s)[b] / ms;
        }
      }
    }
    return out;
  }
}
