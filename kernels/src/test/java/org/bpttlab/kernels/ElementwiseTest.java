package org.bpttlab.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.bpttlab.kernels.testing.InterpreterCheck;
import org.junit.jupiter.api.Test;

/**
 * {@link Elementwise#tanh}: accuracy against {@link StrictMath#tanh} (fdlibm, itself up to about 2
 * ulp from the exact value, so 2 ulp between the two is the bound that holds), special values,
 * symmetry, monotonicity, tails, aliasing, and bit-identical results in the interpreter and under
 * C2.
 */
class ElementwiseTest {
  private static final long SIGN_BIT = 0x8000_0000_0000_0000L;

  /** Distance in units in the last place between two doubles of the same sign. */
  private static long ulps(double a, double b) {
    long x = Double.doubleToRawLongBits(a);
    long y = Double.doubleToRawLongBits(b);
    if (x == y || a == b) {
      return 0;
    }
    return (x ^ y) < 0 ? Long.MAX_VALUE : Math.abs(x - y);
  }

  private static double[] tanh(double... x) {
    double[] out = new double[x.length];
    Elementwise.tanh(x.length, x, out);
    return out;
  }

  /** tanh of one value alone: the scalar tail. */
  private static double scalarTanh(double x) {
    return tanh(x)[0];
  }

  private static void assertWithinTwoUlp(double[] x, String range) {
    double[] out = tanh(x);
    long worst = -1;
    double worstX = Double.NaN;
    for (int i = 0; i < x.length; i++) {
      long u = ulps(out[i], StrictMath.tanh(x[i]));
      if (u > worst) {
        worst = u;
        worstX = x[i];
      }
    }
    assertTrue(worst <= 2, range + ": " + worst + " ulp from StrictMath.tanh at x = " + worstX);
  }

  @Test
  void isWithinTwoUlpOfStrictMathOnEveryRange() {
    double[][] ranges = {{1e-300, 1e-8}, {1e-8, 0.625}, {0.625, 1}, {1, 5}, {5, 25}, {25, 1e300}};
    SplittableRandom random = new SplittableRandom(7);
    int perRange = 200_000;
    for (double[] range : ranges) {
      double lo = range[0];
      double hi = range[1];
      boolean logUniform = hi / lo > 100;
      double[] x = new double[perRange];
      for (int i = 0; i < perRange; i++) {
        double m =
            logUniform
                ? StrictMath.exp(random.nextDouble(StrictMath.log(lo), StrictMath.log(hi)))
                : random.nextDouble(lo, hi);
        x[i] = random.nextBoolean() ? m : -m;
      }
      assertWithinTwoUlp(x, "|x| in [" + lo + ", " + hi + "]");
    }
  }

  @Test
  void isWithinTwoUlpAtTheBranchPointAndTheSaturationPoint() {
    // 0.625: rational | exponential; 19.06 = 55 ln2 / 2: tanh rounds to 1 above; 22: the clamp
    double[] centres = {0.625, 55 * Math.log(2) / 2, 22.0};
    double[] x = new double[centres.length * 2001 * 2];
    int k = 0;
    for (double c : centres) {
      double v = c;
      for (int i = 0; i < 1000; i++) {
        v = Math.nextDown(v);
      }
      for (int i = 0; i < 2001; i++) {
        x[k++] = v;
        x[k++] = -v;
        v = Math.nextUp(v);
      }
    }
    assertWithinTwoUlp(x, "around the branch and saturation points");
    assertEquals(0, ulps(scalarTanh(0.625), StrictMath.tanh(0.625)));
    for (double v :
        new double[] {19.1, 20, Math.nextDown(22.0), 22, Math.nextUp(22.0), 23, 1e300}) {
      assertEquals(1.0, scalarTanh(v), "tanh(" + v + ")");
      assertEquals(-1.0, scalarTanh(-v), "tanh(" + -v + ")");
    }
  }

  private static final double[] SPECIAL = {
    Double.NaN,
    Double.POSITIVE_INFINITY,
    Double.NEGATIVE_INFINITY,
    0.0,
    -0.0,
    Double.MIN_VALUE,
    -Double.MIN_VALUE,
    1e-310,
    -1e-310,
    Double.MIN_NORMAL,
    -Double.MIN_NORMAL,
    Double.MAX_VALUE,
    -Double.MAX_VALUE
  };

  @Test
  void specialValuesInTheVectorLoopAndInTheTail() {
    for (int s = 0; s < SPECIAL.length; s++) {
      // every position of a 41-long array: the vector loop and a tail for 2, 4 and 8 lanes
      double[] x = new double[41];
      Arrays.fill(x, SPECIAL[s]);
      double[] out = tanh(x);
      for (int i = 0; i < x.length; i++) {
        // fdlibm's: NaN, ±1 for the infinities and ±MAX_VALUE, the tiny values themselves
        assertEquals(
            Double.doubleToLongBits(StrictMath.tanh(SPECIAL[s])),
            Double.doubleToLongBits(out[i]),
            "tanh(" + SPECIAL[s] + ") at index " + i);
      }
    }
    assertEquals(SIGN_BIT, Double.doubleToRawLongBits(scalarTanh(-0.0)), "tanh(-0.0) is -0.0");
  }

  @Test
  void isOddBitForBit() {
    SplittableRandom random = new SplittableRandom(11);
    int n = 200_003;
    double[] x = new double[n];
    double[] negX = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = StrictMath.exp(random.nextDouble(StrictMath.log(1e-300), StrictMath.log(1e300)));
      negX[i] = -x[i];
    }
    double[] out = tanh(x);
    double[] negOut = tanh(negX);
    for (int i = 0; i < n; i++) {
      assertEquals(
          Double.doubleToRawLongBits(out[i]) ^ SIGN_BIT,
          Double.doubleToRawLongBits(negOut[i]),
          "tanh(-x) = -tanh(x) at x = " + x[i]);
    }
  }

  @Test
  void isNonDecreasingOnADenseGridAndAcrossTheBranchPoint() {
    int n = 2_000_001;
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = -25 + 50.0 * i / (n - 1);
    }
    assertNonDecreasing(x);
    // every double from 100 000 below to 100 000 above 0.625, and around 1e-8 and 19.06
    for (double c : new double[] {0.625, 1e-8, 55 * Math.log(2) / 2}) {
      double[] y = new double[200_001];
      double v = c;
      for (int i = 0; i < 100_000; i++) {
        v = Math.nextDown(v);
      }
      for (int i = 0; i < y.length; i++) {
        y[i] = v;
        v = Math.nextUp(v);
      }
      assertNonDecreasing(y);
    }
  }

  private static void assertNonDecreasing(double[] x) {
    double[] out = tanh(x);
    for (int i = 1; i < x.length; i++) {
      if (out[i] < out[i - 1]) {
        throw new AssertionError(
            "tanh(" + x[i - 1] + ") = " + out[i - 1] + " > tanh(" + x[i] + ") = " + out[i]);
      }
    }
  }

  @Test
  void everyLengthUpTo40GivesEachValueItsOwnResult() {
    SplittableRandom random = new SplittableRandom(5);
    double[] values = new double[40];
    for (int i = 0; i < values.length; i++) {
      double m = StrictMath.exp(random.nextDouble(StrictMath.log(1e-10), StrictMath.log(30)));
      values[i] = random.nextBoolean() ? m : -m;
    }
    double[] alone = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      alone[i] = scalarTanh(values[i]);
    }
    double sentinel = 12345.0;
    for (int length = 0; length <= 40; length++) {
      for (int shift = 0; shift < 3; shift++) {
        double[] x = new double[length];
        double[] expected = new double[length];
        for (int i = 0; i < length; i++) {
          x[i] = values[(i + shift) % values.length];
          expected[i] = alone[(i + shift) % values.length];
        }
        double[] xCopy = x.clone();
        double[] out = new double[length + 3];
        Arrays.fill(out, sentinel);
        Elementwise.tanh(length, x, out);
        assertArrayEquals(xCopy, x, "x is not modified");
        for (int i = 0; i < length; i++) {
          assertEquals(
              Double.doubleToRawLongBits(expected[i]),
              Double.doubleToRawLongBits(out[i]),
              "length " + length + ", index " + i);
        }
        for (int i = length; i < out.length; i++) {
          assertEquals(sentinel, out[i], "nothing written past length " + length);
        }
      }
    }
  }

  @Test
  void worksInPlace() {
    for (int length : new int[] {1, 7, 37, 1000}) {
      double[] x = new double[length];
      SplittableRandom random = new SplittableRandom(length);
      for (int i = 0; i < length; i++) {
        x[i] = random.nextDouble(-8, 8);
      }
      double[] expected = tanh(x);
      Elementwise.tanh(length, x, x);
      for (int i = 0; i < length; i++) {
        assertEquals(
            Double.doubleToRawLongBits(expected[i]),
            Double.doubleToRawLongBits(x[i]),
            "length " + length + ", index " + i);
      }
    }
  }

  @Test
  void interpreterAndCompiledCodeGiveTheSameBits() throws Exception {
    double[] interpreted = InterpreterCheck.runInterpreted(TanhInInterpreter.class);
    assertEquals(TanhInInterpreter.LENGTH, interpreted.length);
    // 20 000 calls: this JVM interprets, then runs C1 and C2 (and OSR) code; every call must agree
    double[] x = TanhInInterpreter.input();
    double[] out = new double[x.length];
    for (int call = 0; call < 20_000; call++) {
      Elementwise.tanh(x.length, x, out);
      for (int i = 0; i < out.length; i++) {
        if (Double.doubleToRawLongBits(out[i]) != Double.doubleToRawLongBits(interpreted[i])) {
          throw new AssertionError(
              "call "
                  + call
                  + ", x = "
                  + x[i]
                  + ": "
                  + out[i]
                  + " here, "
                  + interpreted[i]
                  + " under -Xint");
        }
      }
    }
  }

  /**
   * scaleAdd and axpy give, for every length, offset and element, exactly fma(b, x, a·y) and
   * fma(a, x, y): the same bits wherever an element sits (vector body or scalar tail).
   */
  @Test
  void scaleAddAndAxpyAreTheirScalarFormulaBitForBit() {
    SplittableRandom random = new SplittableRandom(7);
    for (int n : new int[] {0, 1, 3, 7, 8, 9, 17, 64, 131}) {
      for (int offset : new int[] {0, 1, 5}) {
        double[] x = new double[n + 2 * offset];
        double[] y = new double[n + 2 * offset];
        for (int i = 0; i < x.length; i++) {
          x[i] = gaussian(random);
          y[i] = gaussian(random);
        }
        double a = gaussian(random);
        double b = gaussian(random);
        double[] scaled = y.clone();
        Elementwise.scaleAdd(n, a, scaled, offset, b, x, 2 * offset);
        double[] added = y.clone();
        Elementwise.axpy(n, a, x, 2 * offset, added, offset);
        for (int i = 0; i < y.length; i++) {
          boolean inside = i >= offset && i < offset + n;
          double xi = inside ? x[i + offset] : 0;
          double expectScaled = inside ? Math.fma(xi, b, y[i] * a) : y[i];
          double expectAdded = inside ? Math.fma(xi, a, y[i]) : y[i];
          assertEquals(Double.doubleToLongBits(expectScaled),
              Double.doubleToLongBits(scaled[i]), "scaleAdd n=" + n + " at " + i);
          assertEquals(Double.doubleToLongBits(expectAdded),
              Double.doubleToLongBits(added[i]), "axpy n=" + n + " at " + i);
        }
      }
    }
  }

  private static double gaussian(SplittableRandom random) {
    return random.nextDouble() * 4 - 2;
  }
}
