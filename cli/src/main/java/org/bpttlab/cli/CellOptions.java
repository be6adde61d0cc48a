package org.bpttlab.cli;

import org.bpttlab.core.LossKind;
import org.bpttlab.core.NetworkSpec;
import org.bpttlab.core.Surrogate;
import org.bpttlab.experiment.codec.NetworkCodec;
import org.bpttlab.kernels.Products;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The network options shared by {@code compare} and {@code gradients}: the cell, its size, and the
 * cell's hyperparameters, each a field of the network's JSON form (docs/outputs.md), so the
 * command line and a config build a network the same way. An option that does not apply to the
 * chosen cell is an error, not ignored.
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

  @Option(names = "--activation", paramLabel = "tanh|linear",
      description = "rate cell: the nonlinearity, tanh or linear (the identity); default: tanh")
  String activation;

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
      description = "arithmetic of the cell's matrix products: float64, or float32 (faster at"
          + " large n, see docs/performance.md; states, losses and updates stay double); default:"
          + " float64")
  Products products = Products.FLOAT64;

  /**
   * The network spec for these options, read by the codec from the fields they give; a
   * {@link ParameterException} names a misused option.
   */
  NetworkSpec network(CommandLine cmd, int inputs, int outputs, LossKind loss) {
    return new OptionFields()
        .put("--cell", "cell", cell)
        .put("--hidden", "hidden", hidden)
        .put("--alpha", "alpha", alpha)
        .put("--initial-state", "initial_state", initialState)
        .put("--activation", "activation", activation)
        .put("--tau-mem", "tau_mem_ms", tauMem)
        .put("--tau-adapt", "tau_adapt_ms", tauAdapt)
        .put("--threshold", "threshold", threshold)
        .put("--beta", "beta", beta)
        .put("--adaptive", "adaptive_neurons", adaptive)
        .put("--dampening", "dampening", dampening)
        .put("--refractory", "refractory_steps", refractory)
        .put("--surrogate", "surrogate", surrogate == null ? null : surrogate.label())
        .put("--detach-reset", "detach_reset", detachReset)
        .put("--stop-recurrent-gradient", "stop_recurrent_gradient",
            stopRecurrentGradient ? true : null)
        .put("--tau-out", "tau_out_ms", tauOut)
        .put("--readout-unit-gain", "readout_unit_gain", readoutUnitGain ? true : null)
        .put("--reg-strength", "regularizer_strength", regStrength)
        .put("--reg-target-hz", "regularizer_target_hz", regTargetHz)
        .put("--products", "products", products.configName())
        .read(cmd, n -> NetworkCodec.read(n, inputs, outputs, loss));
  }
}
