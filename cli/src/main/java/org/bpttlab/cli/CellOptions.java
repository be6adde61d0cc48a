package org.bpttlab.cli;

import org.bpttlab.core.CellSpec;
import org.bpttlab.core.LossKind;
import org.bpttlab.core.NetworkSpec;
import org.bpttlab.core.RateCellSpec;
import org.bpttlab.core.RateRegularizerSpec;
import org.bpttlab.core.ReadoutSpec;
import org.bpttlab.core.SpikingCellSpec;
import org.bpttlab.core.Surrogate;
import org.bpttlab.kernels.Products;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The network options shared by {@code compare} and {@code gradients}: the cell, its size, and the
 * cell's hyperparameters. An option that does not apply to the chosen cell is an error, not ignored.
 */
final class CellOptions {
  @Option(names = "--cell", paramLabel = "rate|lif|alif", converter = Converters.Cell.class,
      description = "the recurrent cell: rate (tanh RNN), lif or alif (spiking); default: rate")
  String cell = "rate";

  @Option(names = "--hidden", paramLabel = "N", converter = Converters.PositiveInt.class,
      description = "number of hidden neurons; default: 32 (gradients), 64 (compare)")
  int hidden = 32;

  @Option(names = "--alpha", paramLabel = "X", converter = Converters.UnitInterval.class,
      description = "rate cell: leak alpha in (0, 1]; 1 is the vanilla RNN; default: 1")
  Double alpha;

  @Option(names = "--initial-state", paramLabel = "X", converter = Converters.FiniteDouble.class,
      description = "rate cell: every neuron's h_0 (Murray 2019's code starts from 0.1);"
          + " default: 0")
  Double initialState;

  @Option(names = "--tau-mem", paramLabel = "MS", converter = Converters.PositiveDouble.class,
      description = "spiking: membrane time constant in ms; default: 20")
  Double tauMem;

  @Option(names = "--tau-adapt", paramLabel = "MS", converter = Converters.PositiveDouble.class,
      description = "alif: adaptation time constant in ms; default: 500")
  Double tauAdapt;

  @Option(names = "--threshold", paramLabel = "V", converter = Converters.PositiveDouble.class,
      description = "spiking: baseline threshold v_th; default: 0.6")
  Double threshold;

  @Option(names = "--beta", paramLabel = "X", converter = Converters.NonNegativeDouble.class,
      description = "alif: adaptation strength beta; default: 0.07")
  Double beta;

  @Option(names = "--adaptive", paramLabel = "K", converter = Converters.NonNegativeInt.class,
      description = "spiking: how many neurons (the last K) adapt; default: all for alif, 0 for lif")
  Integer adaptive;

  @Option(names = "--dampening", paramLabel = "X", converter = Converters.PositiveDouble.class,
      description = "spiking: surrogate height factor gamma; default: 0.3")
  Double dampening;

  @Option(names = "--refractory", paramLabel = "STEPS", converter = Converters.NonNegativeInt.class,
      description = "spiking: refractory steps after a spike; default: 2")
  Integer refractory;

  @Option(names = "--surrogate", paramLabel = "NAME", converter = Converters.SurrogateShape.class,
      description = "spiking: pseudo-derivative, piecewise-linear, fast-sigmoid or smooth-test;"
          + " default: piecewise-linear")
  Surrogate surrogate;

  @Option(names = "--detach-reset",
      description = "spiking: treat z_{t-1} in the reset term -v_th z_{t-1} as a constant for"
          + " every gradient (by default BPTT differentiates the reset, as the e-prop reference"
          + " code's BPTT does)")
  Boolean detachReset;

  @Option(names = "--stop-recurrent-gradient",
      description = "stop the gradient through the recurrent input W_rec o_{t-1} (any cell)")
  boolean stopRecurrentGradient;

  @Option(names = "--tau-out", paramLabel = "MS", converter = Converters.NonNegativeDouble.class,
      description = "readout time constant in ms, 0 for a linear readout;"
          + " default: 0 for rate, 20 for spiking cells")
  Double tauOut;

  @Option(names = "--readout-unit-gain",
      description = "the leaky readout integrates (1 - kappa) (W_out o_t + b_out), a filter of gain"
          + " 1 at rest, as the e-prop reference code's exp_convolve does (by default W_out o_t +"
          + " b_out itself)")
  boolean readoutUnitGain;

  @Option(names = "--reg-strength", paramLabel = "C",
      converter = Converters.NonNegativeDouble.class,
      description = "spiking: firing-rate regulariser strength c; default: 0 (off)")
  Double regStrength;

  @Option(names = "--reg-target-hz", paramLabel = "HZ",
      converter = Converters.NonNegativeDouble.class,
      description = "spiking: the regulariser's target rate in Hz; default: 10")
  Double regTargetHz;

  @Option(names = "--products", paramLabel = "float64|float32",
      converter = Converters.ProductsName.class,
      description = "arithmetic of the cell's matrix products: float64, or float32 (measured:"
          + " 1.45-1.76x faster per BPTT pass at n = 128 and 512, level at n = 32; states, losses"
          + " and updates stay double); default: float64")
  Products products = Products.FLOAT64;

  /** The network spec for these options; a {@link ParameterException} names a misused option. */
  NetworkSpec network(CommandLine cmd, int inputs, int outputs, LossKind loss) {
    CellSpec spec;
    if ("rate".equals(cell)) {
      refuse(cmd, "--tau-mem", tauMem);
      refuse(cmd, "--tau-adapt", tauAdapt);
      refuse(cmd, "--threshold", threshold);
      refuse(cmd, "--beta", beta);
      refuse(cmd, "--adaptive", adaptive);
      refuse(cmd, "--dampening", dampening);
      refuse(cmd, "--refractory", refractory);
      refuse(cmd, "--surrogate", surrogate);
      refuse(cmd, "--detach-reset", detachReset);
      refuse(cmd, "--reg-strength", regStrength);
      refuse(cmd, "--reg-target-hz", regTargetHz);
      spec = new RateCellSpec(hidden, alpha == null ? 1.0 : alpha, stopRecurrentGradient,
          initialState == null ? 0.0 : initialState);
    } else {
      if (initialState != null) {
        throw new ParameterException(cmd, "option '--initial-state' applies to --cell rate only"
            + " (spiking cells start at rest)");
      }
      if (alpha != null) {
        throw new ParameterException(cmd,
            "option '--alpha' applies to --cell rate only (spiking cells take --tau-mem)");
      }
      boolean alif = "alif".equals(cell);
      if (!alif && tauAdapt != null) {
        throw new ParameterException(cmd, "option '--tau-adapt' applies to --cell alif only");
      }
      if (!alif && beta != null) {
        throw new ParameterException(cmd, "option '--beta' applies to --cell alif only");
      }
      int k = adaptive == null ? (alif ? hidden : 0) : adaptive;
      if (!alif && k != 0) {
        throw new ParameterException(cmd,
            "option '--adaptive' must be 0 for --cell lif, was " + k + " (use --cell alif)");
      }
      if (alif && (k < 1 || k > hidden)) {
        throw new ParameterException(cmd,
            "option '--adaptive' must be in 1.." + hidden + " for --cell alif, was " + k);
      }
      SpikingCellSpec s = SpikingCellSpec.lif(hidden).withAdaptiveNeurons(k);
      s = s.withTimeConstants(tauMem == null ? s.tauMemMs() : tauMem,
          tauAdapt == null ? s.tauAdaptMs() : tauAdapt);
      if (threshold != null) {
        s = s.withThreshold(threshold);
      }
      if (beta != null) {
        s = s.withBeta(beta);
      }
      if (dampening != null) {
        s = s.withDampening(dampening);
      }
      if (refractory != null) {
        s = s.withRefractorySteps(refractory);
      }
      if (surrogate != null) {
        s = s.withSurrogate(surrogate);
      }
      spec = s.withDetachReset(Boolean.TRUE.equals(detachReset))
          .withStopRecurrentGradient(stopRecurrentGradient);
    }
    NetworkSpec net = NetworkSpec.of(inputs, spec, outputs, loss);
    net = net.withReadout(new ReadoutSpec(tauOut != null ? tauOut : net.readout().tauOutMs(),
        net.readout().dtMs(), readoutUnitGain));
    if (regStrength != null || regTargetHz != null) {
      RateRegularizerSpec off = RateRegularizerSpec.off();
      net = net.withRegularizer(new RateRegularizerSpec(
          regStrength == null ? off.strength() : regStrength,
          regTargetHz == null ? off.targetHz() : regTargetHz));
    }
    return net.withProducts(products);
  }

  private void refuse(CommandLine cmd, String option, Object value) {
    if (value != null) {
      throw new ParameterException(cmd,
          "option '" + option + "' applies to spiking cells only (--cell lif or alif), not rate");
    }
  }
}
