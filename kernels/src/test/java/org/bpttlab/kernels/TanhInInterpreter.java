package org.bpttlab.kernels;

import java.io.IOException;
import java.util.SplittableRandom;
import org.bpttlab.kernels.testing.InterpreterCheck;

/**
 * The child of {@link ElementwiseTest}'s JIT-independence test: computes {@link Elementwise#tanh}
 * of {@link #input()} under {@code -Xint} and writes the result with {@link
 * InterpreterCheck#writeResult}.
 */
public final class TanhInInterpreter {
  /** Not a multiple of any lane count, so the scalar tail runs too. */
  static final int LENGTH = 10_003;

  private TanhInInterpreter() {}

  /**
   * Fixed-seed values over every range of |x|, both signs, with the special values mixed in
   * (StrictMath, so the input itself cannot depend on the JIT).
   */
  static double[] input() {
    SplittableRandom random = new SplittableRandom(20_240_601L);
    double[] special = {
      0.0,
      -0.0,
      Double.NaN,
      Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY,
      Double.MIN_VALUE,
      -Double.MIN_VALUE,
      Double.MAX_VALUE,
      -Double.MAX_VALUE,
      0.625,
      Math.nextUp(0.625),
      22.0,
      1e-310
    };
    double[] x = new double[LENGTH];
    for (int i = 0; i < LENGTH; i++) {
      double magnitude =
          i % 97 < special.length
              ? special[i % 97]
              : StrictMath.exp(random.nextDouble(StrictMath.log(1e-12), StrictMath.log(40.0)));
      x[i] = random.nextBoolean() ? magnitude : -magnitude;
    }
    return x;
  }

  private static double[] compute() {
    double[] x = input();
    double[] out = new double[LENGTH];
    Elementwise.tanh(LENGTH, x, out);
    return out;
  }

  public static void main(String[] args) throws IOException {
    InterpreterCheck.writeResult(args[0], compute());
  }
}
