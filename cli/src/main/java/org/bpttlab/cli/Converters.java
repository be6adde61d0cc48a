package org.bpttlab.cli;

import java.util.Arrays;
import java.util.List;
import java.util.function.DoublePredicate;
import java.util.function.IntPredicate;
import org.bpttlab.core.Limits;
import org.bpttlab.core.LossKind;
import org.bpttlab.core.Surrogate;
import org.bpttlab.experiment.run.CompareConfig;
import org.bpttlab.experiment.run.RunConfig;
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
  static final class PositiveInt extends BoundedInt {
    PositiveInt() {
      super("an integer > 0", v -> v > 0);
    }
  }

  /** A number of threads: 1 to {@link Limits#MAX_THREADS}. */
  static final class Threads extends BoundedInt {
    Threads() {
      super("an integer in 1.." + Limits.MAX_THREADS, v -> v > 0 && v <= Limits.MAX_THREADS);
    }
  }

  /** Held-out sequences: 0 to {@link RunConfig#MAX_EVAL_SEQUENCES}. */
  static final class EvalSequences extends BoundedInt {
    EvalSequences() {
      super("an integer in 0.." + RunConfig.MAX_EVAL_SEQUENCES,
          v -> v >= 0 && v <= RunConfig.MAX_EVAL_SEQUENCES);
    }
  }

  /** Seeds of a comparison: 1 to {@link CompareConfig#MAX_SEEDS}. */
  static final class SeedCount extends BoundedInt {
    SeedCount() {
      super("an integer in 1.." + CompareConfig.MAX_SEEDS, v -> v > 0 && v <= CompareConfig.MAX_SEEDS);
    }
  }

  /** Seconds of a benchmark's warm-up or measurement: more than 0, at most an hour. */
  static final class BenchSeconds extends BoundedDouble {
    BenchSeconds() {
      super("a number of seconds in (0, 3600]", v -> v > 0 && v <= 3600);
    }
  }

  /** An integer ≥ 0. */
  static final class NonNegativeInt extends BoundedInt {
    NonNegativeInt() {
      super("an integer >= 0", v -> v >= 0);
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
  static final class FiniteDouble extends BoundedDouble {
    FiniteDouble() {
      super("a finite number", v -> true);
    }
  }

  /** A finite number &gt; 0. */
  static final class PositiveDouble extends BoundedDouble {
    PositiveDouble() {
      super("a finite number > 0", v -> v > 0);
    }
  }

  /** A finite number ≥ 0. */
  static final class NonNegativeDouble extends BoundedDouble {
    NonNegativeDouble() {
      super("a finite number >= 0", v -> v >= 0);
    }
  }

  /** A number in (0, 1] (the rate cell's α). */
  static final class UnitInterval extends BoundedDouble {
    UnitInterval() {
      super("a number in (0, 1]", v -> v > 0 && v <= 1);
    }
  }

  /** A number in [0, 1) (momentum's μ). */
  static final class FractionBelowOne extends BoundedDouble {
    FractionBelowOne() {
      super("a number in [0, 1)", v -> v >= 0 && v < 1);
    }
  }

  /** An integer that {@code allowed} accepts; {@code what} says which in the message. */
  private abstract static class BoundedInt implements ITypeConverter<Integer> {
    private final String what;
    private final IntPredicate allowed;

    BoundedInt(String what, IntPredicate allowed) {
      this.what = what;
      this.allowed = allowed;
    }

    @Override
    public Integer convert(String value) {
      Integer v = null;
      try {
        v = Integer.parseInt(value.trim());
      } catch (NumberFormatException e) {
        // reported below
      }
      allowedOrThrow(v != null && allowed.test(v), value, what);
      return v;
    }
  }

  /** A finite number that {@code allowed} accepts; {@code what} says which in the message. */
  private abstract static class BoundedDouble implements ITypeConverter<Double> {
    private final String what;
    private final DoublePredicate allowed;

    BoundedDouble(String what, DoublePredicate allowed) {
      this.what = what;
      this.allowed = allowed;
    }

    @Override
    public Double convert(String value) {
      double v;
      try {
        v = Double.parseDouble(value.trim());
      } catch (NumberFormatException e) {
        v = Double.NaN;
      }
      allowedOrThrow(Double.isFinite(v) && allowed.test(v), value, what);
      return v;
    }
  }

  private static void allowedOrThrow(boolean ok, String value, String what) {
    if (!ok) {
      throw new TypeConversionException("must be " + what + ", was '" + value + "'");
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
      return LossKind.fromLabel(oneOf(value,
          Arrays.stream(LossKind.values()).map(LossKind::label).toList()));
    }
  }

  /** A surrogate's label. */
  static final class SurrogateShape implements ITypeConverter<Surrogate> {
    @Override
    public Surrogate convert(String value) {
      return Surrogate.fromLabel(oneOf(value,
          Arrays.stream(Surrogate.values()).map(Surrogate::label).toList()));
    }
  }

  static String oneOf(String value, List<String> allowed) {
    if (!allowed.contains(value)) {
      throw new TypeConversionException(
          "expected one of " + String.join(", ", allowed) + ", was '" + value + "'");
    }
    return value;
  }
}
