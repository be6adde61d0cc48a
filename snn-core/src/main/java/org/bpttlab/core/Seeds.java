package org.bpttlab.core;

import java.nio.charset.StandardCharsets;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Named random streams derived from one run seed, so that any stream (initial weights, the task's
 * i-th batch, feedback matrices) can be regenerated alone: {@code seeds.derive("init")},
 * {@code seeds.derive("task", batchIndex)}. Derivation mixes the seed with a 64-bit FNV-1a hash of the
 * label through SplitMix64's finaliser (Steele et al. 2014); streams are xoroshiro128++ generators
 * (Blackman &amp; Vigna 2021) from Commons RNG, whose state can be saved and restored.
 *
 * @param seed the run seed
 */
public record Seeds(long seed) {

  /** The child seeds for {@code label}. */
  public Seeds derive(String label) {
    return new Seeds(mix(seed ^ mix(fnv1a(label))));
  }

  /** The child seeds for {@code label} and an index (e.g. a batch number). */
  public Seeds derive(String label, long index) {
    return new Seeds(mix(derive(label).seed + 0x9E3779B97F4A7C15L * (index + 1)));
  }

  /** A fresh generator for this seed. */
  public UniformRandomProvider rng() {
    return RandomSource.XO_RO_SHI_RO_128_PP.create(new long[] {mix(seed), mix(~seed)});
  }

  /** SplitMix64's output function (a bijection of 64-bit values). */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  static long fnv1a(String label) {
    long h = 0xcbf29ce484222325L;
    for (byte b : label.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return h;
  }
}
