package org.bpttlab.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bpttlab.core.LossKind;
import org.bpttlab.core.Surrogate;
import org.bpttlab.kernels.Products;
import org.bpttlab.rules.optim.OptimizerSpec;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Option value converters that reject bad values at parse time with a message naming the allowed
 * values; picocli prefixes it with the option's name ("Invalid value for option '--hidden': ...").
 */
final class Converters {
  private Converters() {}

  /** An integer &gt; 0. */
  static final class PositiveInt implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      int v = parseInt(value, "an integer > 0");
      if (v <= 0) {
        throw new TypeConversionException("must be an integer > 0, was '" + value + "'");
      }
      return v;
    }
  }

  /** An integer ≥ 0. */
  static final class NonNegativeInt implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      int v = parseInt(value, "an integer >= 0");
      if (v < 0) {
        throw new TypeConversionException("must be an integer >= 0, was '" + value + "'");
      }
      return v;
    }
  }

  /** A 64-bit integer (the seed). */
  static final class Seed implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      try {
        return Long.parseLong(value.trim());
      } catch (NumberFormatException e) {
        throw new TypeConversionException("must be a 64-bit integer, was '" + value + "'");
      }
    }
  }

  /** A finite number. */
  static final class FiniteDouble implements ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
      return parseFinite(value, "a finite number");
    }
  }

  /** A finite number &gt; 0. */
  static final class PositiveDouble implements ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
      double v = parseFinite(value, "a finite number > 0");
      if (!(v > 0)) {
        throw new TypeConversionException("must be a finite number > 0, was '" + value + "'");
      }
      return v;
    }
  }

  /** A finite number ≥ 0. */
  static final class NonNegativeDouble implements ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
      double v = parseFinite(value, "a finite number >= 0");
      if (!(v >= 0)) {
        throw new TypeConversionException("must be a finite number >= 0, was '" + value + "'");
      }
      return v;
    }
  }

  /** A number in (0, 1] (the rate cell's α). */
  static final class UnitInterval implements ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
      double v = parseFinite(value, "a number in (0, 1]");
      if (!(v > 0 && v <= 1)) {
        throw new TypeConversionException("must be a number in (0, 1], was '" + value + "'");
      }
      return v;
    }
  }

  /** rate, lif or alif. */
  static final class Cell implements ITypeConverter<String> {
    static final List<String> NAMES = List.of("rate", "lif", "alif");

    @Override
    public String convert(String value) {
      return oneOf(value, NAMES);
    }
  }

  /** The arithmetic of the matrix products: float64 or float32. */
  static final class ProductsName implements ITypeConverter<Products> {
    @Override
    public Products convert(String value) {
      return Products.ofConfigName(oneOf(value, Arrays.stream(Products.values())
          .map(Products::configName).toList()));
    }
  }

  /** A number in [0, 1) (momentum's μ). */
  static final class FractionBelowOne implements ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
      double v = parseFinite(value, "a number in [0, 1)");
      if (!(v >= 0 && v < 1)) {
        throw new TypeConversionException("must be a number in [0, 1), was '" + value + "'");
      }
      return v;
    }
  }

  /** An optimizer's kind: sgd, momentum, adam or rprop. */
  static final class OptimizerKind implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      return oneOf(value, OptimizerSpec.KINDS);
    }
  }

  /** mse or ce. */
  static final class Loss implements ITypeConverter<LossKind> {
    @Override
    public LossKind convert(String value) {
      List<String> names = new ArrayList<>();
      for (LossKind k : LossKind.values()) {
        names.add(k.label());
      }
      return LossKind.fromLabel(oneOf(value, names));
    }
  }

  /** A surrogate's label. */
  static final class SurrogateShape implements ITypeConverter<Surrogate> {
    @Override
    public Surrogate convert(String value) {
      List<String> names = new ArrayList<>();
      for (Surrogate s : Surrogate.values()) {
        names.add(s.label());
      }
      return Surrogate.fromLabel(oneOf(value, names));
    }
  }

  static String oneOf(String value, List<String> allowed) {
    if (!allowed.contains(value)) {
      throw new TypeConversionException(
          "expected one of " + String.join(", ", allowed) + ", was '" + value + "'");
    }
    return value;
  }

  private static int parseInt(String value, String what) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new TypeConversionException("must be " + what + ", was '" + value + "'");
    }
  }

  private static double parseFinite(String value, String what) {
    double v;
    try {
      v = Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      throw new TypeConversionException("must be " + what + ", was '" + value + "'");
    }
    if (!Double.isFinite(v)) {
      throw new TypeConversionException("must be " + what + ", was '" + value + "'");
    }
    return v;
  }
}
