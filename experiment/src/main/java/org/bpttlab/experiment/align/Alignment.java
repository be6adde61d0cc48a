package org.bpttlab.experiment.align;

import java.util.ArrayList;
import java.util.List;
import org.bpttlab.core.Parameters;

/**
 * How a gradient estimate ĝ lines up with the exact gradient g (DESIGN §6), over a set of entries:
 *
 * <pre>
 * cosine          ⟨ĝ, g⟩ / (‖ĝ‖ ‖g‖)                 in [-1, 1]
 * norm ratio      ‖ĝ‖ / ‖g‖
 * sign agreement  #{i : sign ĝ_i = sign g_i} / #entries, signs in {-1, 0, +1}
 * </pre>
 *
 * By definition, where a norm is 0: the cosine is 0 if exactly one of ĝ and g is zero (a rule that
 * does not train a group, like readout-only's W_in, W_rec and b, has cosine 0 there), and NaN if both
 * are; the norm ratio is +∞ if only g is zero and NaN if both are. Entries equal to 0 in both count as
 * agreeing in sign (the unused diagonal of a spiking cell's W_rec). The measures are invariant to
 * scaling both gradients by the same c &gt; 0, so to the scale of the loss.
 *
 * @param cosine the cosine similarity
 * @param normRatio ‖ĝ‖ / ‖g‖
 * @param signAgreement the fraction of entries with equal signs, in [0, 1]
 * @param estimateNorm ‖ĝ‖
 * @param exactNorm ‖g‖
 */
public record Alignment(
    double cosine, double normRatio, double signAgreement, double estimateNorm, double exactNorm) {

  /** The name of the measure over every parameter. */
  public static final String ALL = "all";

  /** The alignment of one group: its name ({@link #ALL} or a parameter group) and the measures. */
  public record OfGroup(String group, Alignment alignment) {}

  /**
   * The alignment of {@code estimate} with {@code exact} over all parameters ({@link #ALL}) and then
   * for each parameter group in the layout's order (W_in, W_rec, b, W_out, b_out).
   *
   * @param estimate Not modified
   * @param exact Not modified
   */
  public static List<OfGroup> byGroup(Parameters estimate, Parameters exact) {
    estimate.requireSameLayout(exact);
    int groups = estimate.groupCount();
    List<OfGroup> out = new ArrayList<>(groups + 1);
    Sums all = new Sums();
    for (int g = 0; g < groups; g++) {
      all.add(estimate.get(g), exact.get(g));
    }
    out.add(new OfGroup(ALL, all.alignment()));
    for (int g = 0; g < groups; g++) {
      Sums one = new Sums();
      one.add(estimate.get(g), exact.get(g));
      out.add(new OfGroup(estimate.shape(g).name(), one.alignment()));
    }
    return out;
  }

  /**
   * The alignment of two arrays of equal length.
   *
   * @param estimate Not modified
   * @param exact Not modified
   */
  public static Alignment of(double[] estimate, double[] exact) {
    Sums s = new Sums();
    s.add(estimate, exact);
    return s.alignment();
  }

  /** Running sums over arrays: ⟨ĝ, g⟩, ‖ĝ‖², ‖g‖², equal signs, entries. */
  private static final class Sums {
    private double dot;
    private double estimateSquares;
    private double exactSquares;
    private long sameSign;
    private long entries;

    void add(double[] estimate, double[] exact) {
      if (estimate.length != exact.length) {
        throw new IllegalArgumentException(
            "lengths differ: " + estimate.length + " and " + exact.length);
      }
      for (int i = 0; i < estimate.length; i++) {
        double a = estimate[i];
        double b = exact[i];
        dot += a * b;
        estimateSquares += a * a;
        exactSquares += b * b;
        if (Math.signum(a) == Math.signum(b)) {
          sameSign++;
        }
      }
      entries += estimate.length;
    }

    Alignment alignment() {
      double estimateNorm = Math.sqrt(estimateSquares);
      double exactNorm = Math.sqrt(exactSquares);
      double cosine;
      double ratio;
      if (estimateSquares == 0 && exactSquares == 0) {
        cosine = Double.NaN;
        ratio = Double.NaN;
      } else if (estimateSquares == 0 || exactSquares == 0) {
        cosine = 0;
        ratio = exactSquares == 0 ? Double.POSITIVE_INFINITY : 0;
      } else {
        // sqrt(ĝ² g²) with each factor first scaled by an even power of two (exact) so that the
        // product neither overflows nor underflows; sqrt(x²) is x exactly, so ĝ = g gives 1
        int a = Math.getExponent(estimateSquares) / 2;
        int b = Math.getExponent(exactSquares) / 2;
        double product = Math.scalb(estimateSquares, -2 * a) * Math.scalb(exactSquares, -2 * b);
        double denominator = Math.scalb(Math.sqrt(product), a + b);
        cosine = Math.max(-1.0, Math.min(1.0, dot / denominator));
        ratio = estimateNorm / exactNorm;
      }
      double agreement = entries == 0 ? Double.NaN : (double) sameSign / entries;
      return new Alignment(cosine, ratio, agreement, estimateNorm, exactNorm);
    }
  }
}
