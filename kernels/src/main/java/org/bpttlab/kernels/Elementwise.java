package org.bpttlab.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Elementwise kernels on flat {@code double[]} that give bit-identical results however the JVM runs
 * them (interpreter, C1, C2) and wherever an element sits in the array.
 *
 * <p>They use only lane-wise operations that IEEE 754 defines exactly: add, subtract, multiply,
 * divide, fused multiply-add (one rounding, also in the Java fallback, which calls {@link
 * Math#fma}), absolute value, comparisons, blends and bit reinterpretation. The Vector API's
 * transcendental operations ({@code VectorOperators.TANH, EXP, ...}) are not used: C2 compiles them
 * to Intel SVML while the interpreter and C1 call {@link Math#tanh} per lane, and the two differ by
 * 1–2 ulp, so results would depend on JIT warm-up. The scalar tail (length not a multiple of the
 * lane count) runs the same operations in the same order in scalar form.
 *
 * <h2>tanh</h2>
 *
 * With a = |x| (the sign is put back at the end, so tanh(−x) = −tanh(x) bit for bit and tanh(−0) =
 * −0), following Cephes {@code tanh.c} (S. L. Moshier, Cephes Math Library 2.8, 2000; <i>Methods
 * and Programs for Mathematical Functions</i>, Prentice-Hall 1989):
 *
 * <pre>
 * (1) a ≤ 0.625:  tanh a = a + a z P(z) / Q(z),  z = a²,  P, Q the Cephes rational of degree 2/3
 * (2) a > 0.625:  tanh a = 1 − 2 / (e^{2a} + 1)
 * </pre>
 *
 * and e^{y}, y = 2 min(a, 22), by Cody–Waite range reduction (W. J. Cody and W. Waite, <i>Software
 * Manual for the Elementary Functions</i>, 1980):
 *
 * <pre>
 * (3) k = round(y / ln 2)             (by adding and subtracting 1.5·2^52 after one fma)
 * (4) r = (y − k ln2_hi) − k ln2_lo   |r| ≤ ln2 / 2, ln2_hi with 32 trailing zero bits (fdlibm)
 * (5) e^r − 1 = p = r + r² Σ_{j=2..13} r^{j−2} / j!   (Taylor by Estrin's scheme; truncation
 *     error ≤ 4.2e−18 on |r| ≤ 0.347), kept as p_hi + p_lo (Fast2Sum of r and r² Σ)
 * (6) e^{y} + 1 = (2^k + 1) + 2^k p   (2^k built from the exponent bits; again kept as hi + lo)
 * </pre>
 *
 * Both branches end in one division, t = base + num / den with (base, num, den) = (a, a z P, Q) or
 * (1, −2, e^y + 1), so each vector needs one division whichever branch its lanes take. On the
 * exponential branch the division is compensated: with q = fl(num / den_hi) and the exact remainder
 * ρ = num − q den_hi (one fma), t = 1 + q + (ρ − q den_lo) / den_hi, the last division replaced by
 * a multiplication with −q/2 ≈ 1/den_hi, and 1 + q split exactly into sum and error (Fast2Sum). For
 * a ≥ 19.07, tanh a rounds to 1 and the formula gives exactly 1; clamping a to 22 keeps 2^k finite
 * (±Inf gives ±1). NaN is returned unchanged. Subnormal and tiny x give tanh x = x (z underflows to
 * 0).
 *
 * <p>Accuracy, measured: against the exact value (mpmath at 200 bits, 280 000 fixed-seed points,
 * offline) at most 0.83 ulp on the rational branch and 0.55 ulp on the exponential one; against
 * {@link StrictMath#tanh} (fdlibm, itself up to 2.0 ulp from the exact value on the same points) at
 * most 2 ulp over 1.2·10^6 fixed-seed points on every range of |x| from 1e−300 to 1e300, which
 * ElementwiseTest asserts. Cephes quotes 2.5e−16 peak relative error for its tanh on [−2, 2].
 */
public final class Elementwise {
  private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
  private static final int LANES = SPECIES.length();

  // Cephes tanh.c: tanh x = x + x z P(z)/Q(z), z = x², Q monic.
  private static final double P0 = -9.64399179425052238628E-1;
  private static final double P1 = -9.92877231001918586564E1;
  private static final double P2 = -1.61468768441708447952E3;
  private static final double Q0 = 1.12811678491632931402E2;
  private static final double Q1 = 2.23548839060100448583E3;
  private static final double Q2 = 4.84406305325125486048E3;
  private static final double SMALL = 0.625;

  /** Beyond this |x| the argument is clamped: tanh rounds to 1 from 19.07 on. */
  private static final double CLAMP = 22.0;

  private static final double LOG2_E = 0x1.71547652b82fep0;

  /** 1.5·2^52: adding it rounds to an integer held in the low mantissa bits. */
  private static final double SHIFTER = 0x1.8p52;

  // fdlibm's split of ln 2: the high part has 32 trailing zero bits, so k·LN2_HI is exact.
  private static final double NEG_LN2_HI = -6.93147180369123816490e-01;
  private static final double NEG_LN2_LO = -1.90821492927058770002e-10;
  // 1/j! for j = 2..13
  private static final double C2 = 1.0 / 2;
  private static final double C3 = 1.0 / 6;
  private static final double C4 = 1.0 / 24;
  private static final double C5 = 1.0 / 120;
  private static final double C6 = 1.0 / 720;
  private static final double C7 = 1.0 / 5040;
  private static final double C8 = 1.0 / 40320;
  private static final double C9 = 1.0 / 362880;
  private static final double C10 = 1.0 / 3628800;
  private static final double C11 = 1.0 / 39916800;
  private static final double C12 = 1.0 / 479001600;
  private static final double C13 = 1.0 / 6227020800L;

  private static final long SIGN_BIT = 0x8000_0000_0000_0000L;
  private static final long EXPONENT_BIAS = 1023;

  private Elementwise() {}

  /**
   * {@code out[i] = tanh(x[i])} for i &lt; length, by the method in the class comment; the result
   * of an element depends only on its value.
   *
   * @param x Not modified (may be {@code out})
   * @param out Modified
   */
  public static void tanh(int length, double[] x, double[] out) {
    int bound = SPECIES.loopBound(length);
    tanhVectors(bound, x, out);
    for (int i = bound; i < length; i++) {
      out[i] = tanh(x[i]);
    }
  }

  /**
   * The vector form for i &lt; bound (a multiple of the lane count); every line has its twin in
   * {@link #tanh(double)}. The loop body is written out here rather than in a method taking a
   * vector: such a method is too big for C2 to inline, and the call would box every vector.
   */
  private static void tanhVectors(int bound, double[] xs, double[] out) {
    for (int i = 0; i < bound; i += LANES) {
      DoubleVector x = DoubleVector.fromArray(SPECIES, xs, i);
      DoubleVector a = x.abs();
      // (1) the rational branch
      DoubleVector z = a.mul(a);
      DoubleVector p = z.fma(P0, P1).fma(z, DoubleVector.broadcast(SPECIES, P2));
      DoubleVector q =
          z.add(Q0)
              .fma(z, DoubleVector.broadcast(SPECIES, Q1))
              .fma(z, DoubleVector.broadcast(SPECIES, Q2));
      DoubleVector numSmall = a.mul(z).mul(p);
      // (2)-(6) the exponential branch; |x| > 22 computed at 22
      DoubleVector ac = a.blend(CLAMP, a.compare(VectorOperators.GT, CLAMP));
      DoubleVector y = ac.add(ac);
      DoubleVector kt = y.fma(LOG2_E, SHIFTER);
      DoubleVector kd = kt.sub(SHIFTER);
      DoubleVector r = kd.fma(DoubleVector.broadcast(SPECIES, NEG_LN2_HI), y);
      r = kd.fma(DoubleVector.broadcast(SPECIES, NEG_LN2_LO), r);
      // (5) by Estrin's scheme, for a short dependency chain
      DoubleVector r2 = r.mul(r);
      DoubleVector r4 = r2.mul(r2);
      DoubleVector r8 = r4.mul(r4);
      DoubleVector e0 = r.fma(C3, C2);
      DoubleVector e1 = r.fma(C5, C4);
      DoubleVector e2 = r.fma(C7, C6);
      DoubleVector e3 = r.fma(C9, C8);
      DoubleVector e4 = r.fma(C11, C10);
      DoubleVector e5 = r.fma(C13, C12);
      DoubleVector f0 = e1.fma(r2, e0);
      DoubleVector f1 = e3.fma(r2, e2);
      DoubleVector f2 = e5.fma(r2, e4);
      DoubleVector s = f2.fma(r8, f1.fma(r4, f0));
      // e^r − 1 = em1 + em1Lo and e^y + 1 = ePlus1 + ePlus1Lo, each by Fast2Sum
      // (|r| ≥ |r² s| and |2^k + 1| > |2^k em1|)
      DoubleVector r2s = r2.mul(s);
      DoubleVector em1 = r.add(r2s);
      DoubleVector em1Lo = r2s.sub(em1.sub(r));
      DoubleVector twoK =
          kt.reinterpretAsLongs()
              .add(EXPONENT_BIAS)
              .lanewise(VectorOperators.LSHL, 52)
              .reinterpretAsDoubles();
      DoubleVector twoKPlus1 = twoK.add(1.0);
      DoubleVector twoKEm1 = twoK.mul(em1);
      DoubleVector ePlus1 = twoKPlus1.add(twoKEm1);
      DoubleVector ePlus1Lo = twoKEm1.sub(ePlus1.sub(twoKPlus1)).add(twoK.mul(em1Lo));
      // one division for both branches: t = base + num / den
      VectorMask<Double> small = a.compare(VectorOperators.LE, SMALL);
      VectorMask<Double> large = a.compare(VectorOperators.GT, SMALL);
      DoubleVector base = a.blend(1.0, large);
      DoubleVector num = numSmall.blend(-2.0, large);
      DoubleVector den = q.blend(ePlus1, large);
      DoubleVector q0 = num.div(den);
      // exact remainder num − q0 den, the low part of den, and 1/den ≈ −q0/2 (large branch only;
      // 0 on the small branch, where ePlus1Lo is finite and unused)
      DoubleVector negQ0 = q0.neg();
      DoubleVector rem = negQ0.fma(den, num);
      DoubleVector recip = q0.mul(-0.5).blend(0.0, small);
      DoubleVector corr = negQ0.fma(ePlus1Lo, rem).mul(recip);
      DoubleVector sum = base.add(q0);
      DoubleVector sumLo = q0.sub(sum.sub(base));
      DoubleVector t = sum.add(sumLo.add(corr));
      LongVector sign = x.reinterpretAsLongs().and(SIGN_BIT);
      DoubleVector signed = t.reinterpretAsLongs().or(sign).reinterpretAsDoubles();
      signed.blend(x, x.test(VectorOperators.IS_NAN)).intoArray(out, i);
    }
  }

  /** The scalar form of {@link #tanhVectors}: the same operations in the same order. */
  private static double tanh(double x) {
    double a = Math.abs(x);
    double z = a * a;
    double p = Math.fma(Math.fma(z, P0, P1), z, P2);
    double q = Math.fma(Math.fma(z + Q0, z, Q1), z, Q2);
    double numSmall = a * z * p;
    double ac = a > CLAMP ? CLAMP : a;
    double y = ac + ac;
    double kt = Math.fma(y, LOG2_E, SHIFTER);
    double kd = kt - SHIFTER;
    double r = Math.fma(kd, NEG_LN2_HI, y);
    r = Math.fma(kd, NEG_LN2_LO, r);
    double r2 = r * r;
    double r4 = r2 * r2;
    double r8 = r4 * r4;
    double e0 = Math.fma(r, C3, C2);
    double e1 = Math.fma(r, C5, C4);
    double e2 = Math.fma(r, C7, C6);
    double e3 = Math.fma(r, C9, C8);
    double e4 = Math.fma(r, C11, C10);
    double e5 = Math.fma(r, C13, C12);
    double f0 = Math.fma(e1, r2, e0);
    double f1 = Math.fma(e3, r2, e2);
    double f2 = Math.fma(e5, r2, e4);
    double s = Math.fma(f2, r8, Math.fma(f1, r4, f0));
    double r2s = r2 * s;
    double em1 = r + r2s;
    double em1Lo = r2s - (em1 - r);
    double twoK = Double.longBitsToDouble((Double.doubleToRawLongBits(kt) + EXPONENT_BIAS) << 52);
    double twoKPlus1 = twoK + 1.0;
    double twoKEm1 = twoK * em1;
    double ePlus1 = twoKPlus1 + twoKEm1;
    double ePlus1Lo = twoKEm1 - (ePlus1 - twoKPlus1) + twoK * em1Lo;
    boolean small = a <= SMALL;
    boolean large = a > SMALL;
    double base = large ? 1.0 : a;
    double num = large ? -2.0 : numSmall;
    double den = large ? ePlus1 : q;
    double q0 = num / den;
    double negQ0 = -q0;
    double rem = Math.fma(negQ0, den, num);
    double recip = small ? 0.0 : q0 * -0.5;
    double corr = Math.fma(negQ0, ePlus1Lo, rem) * recip;
    double sum = base + q0;
    double sumLo = q0 - (sum - base);
    double t = sum + (sumLo + corr);
    double signed =
        Double.longBitsToDouble(
            Double.doubleToRawLongBits(t) | (Double.doubleToRawLongBits(x) & SIGN_BIT));
    return Double.isNaN(x) ? x : signed;
  }

  /**
   * {@code y[yo + i] = a·y[yo + i] + b·x[xo + i]} for i &lt; n, as {@code fma(b, x, a·y)} (two
   * roundings; the same in vector and scalar form, so an element's result does not depend on where
   * it sits). The filter update of an eligibility trace.
   *
   * @param x Not modified (may be y at another offset only if the ranges do not overlap)
   * @param y Modified
   */
  public static void scaleAdd(int n, double a, double[] y, int yo, double b, double[] x, int xo) {
    int i = 0;
    int bound = SPECIES.loopBound(n);
    DoubleVector va = DoubleVector.broadcast(SPECIES, a);
    DoubleVector vb = DoubleVector.broadcast(SPECIES, b);
    for (; i < bound; i += LANES) {
      DoubleVector vy = DoubleVector.fromArray(SPECIES, y, yo + i);
      DoubleVector vx = DoubleVector.fromArray(SPECIES, x, xo + i);
      vx.fma(vb, vy.mul(va)).intoArray(y, yo + i);
    }
    for (; i < n; i++) {
      y[yo + i] = Math.fma(x[xo + i], b, y[yo + i] * a);
    }
  }

  /**
   * {@code y[yo + i] += a·x[xo + i]} for i &lt; n, as {@code fma(a, x, y)} (one rounding; the same in
   * vector and scalar form).
   *
   * @param x Not modified
   * @param y Modified
   */
  public static void axpy(int n, double a, double[] x, int xo, double[] y, int yo) {
    int i = 0;
    int bound = SPECIES.loopBound(n);
    DoubleVector va = DoubleVector.broadcast(SPECIES, a);
    for (; i < bound; i += LANES) {
      DoubleVector vy = DoubleVector.fromArray(SPECIES, y, yo + i);
      DoubleVector.fromArray(SPECIES, x, xo + i).fma(va, vy).intoArray(y, yo + i);
    }
    for (; i < n; i++) {
      y[yo + i] = Math.fma(x[xo + i], a, y[yo + i]);
    }
  }
}
