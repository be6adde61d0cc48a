package org.bpttlab.core;

/**
 * Random numbers that are a pure function of a key and a counter (a counter-based generator:
 * SplitMix64's finaliser applied to key + φ·(counter + 1), Steele et al. 2014), so that a session
 * regenerates the very draws of a step it sees twice (a recomputed step), carries no generator state
 * between sequences but a sequence counter, and allocates nothing. Gaussians by the Box–Muller
 * transform, with {@link StrictMath} so that the bits do not depend on the JIT.
 */
public final class CounterNoise {
  private CounterNoise() {}

  /** A uniform draw in [0, 1) with 53 random bits. */
  public static double uniform(long key, long counter) {
    long z = key + 0x9E3779B97F4A7C15L * (counter + 1);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z ^= z >>> 31;
    return (z >>> 11) * 0x1.0p-53;
  }

  /** A standard normal draw (Box–Muller from the uniforms 2·counter and 2·counter + 1). */
  public static double gaussian(long key, long counter) {
    double u1 = uniform(key, 2 * counter);
    double u2 = uniform(key, 2 * counter + 1);
    return StrictMath.sqrt(-2.0 * StrictMath.log(1.0 - u1)) * StrictMath.cos(2.0 * Math.PI * u2);
  }

  /** The key of sequence {@code sequence} of a stream {@code streamKey}. */
  public static long key(long streamKey, long sequence) {
    return uniformBits(streamKey ^ 0x632BE59BD9B4E019L, sequence);
  }

  private static long uniformBits(long key, long counter) {
    long z = key + 0x9E3779B97F4A7C15L * (counter + 1);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
