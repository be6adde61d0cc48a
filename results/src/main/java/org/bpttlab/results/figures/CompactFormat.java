package org.bpttlab.results.figures;

import java.math.BigDecimal;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.Locale;

/**
 * Tick labels of a log axis that spans less than two decades: a value with at most three
 * significant digits, plain between 0.001 and 100000 ({@code 16}, {@code 0.25}, {@code 2500}),
 * else as {@code 1.5e6}; the same in every locale.
 */
final class CompactFormat extends NumberFormat {
  private static final long serialVersionUID = 1L;

  @Override
  public StringBuffer format(double value, StringBuffer out, FieldPosition pos) {
    return out.append(text(value));
  }

  @Override
  public StringBuffer format(long value, StringBuffer out, FieldPosition pos) {
    return out.append(text(value));
  }

  @Override
  public Number parse(String source, ParsePosition pos) {
    throw new UnsupportedOperationException("tick labels are not parsed");
  }

  static String text(double v) {
    if (v == 0 || !Double.isFinite(v)) {
      return v == 0 ? "0" : Double.toString(v);
    }
    double a = Math.abs(v);
    if (a >= 1e-3 && a < 1e5) {
      BigDecimal d = new BigDecimal(String.format(Locale.ROOT, "%.3g", v));
      return d.stripTrailingZeros().toPlainString();
    }
    String[] parts = String.format(Locale.ROOT, "%.2e", v).split("e");
    String mantissa = new BigDecimal(parts[0]).stripTrailingZeros().toPlainString();
    return mantissa + "e" + Integer.parseInt(parts[1]);
  }
}
