package org.bpttlab.cli;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.bpttlab.core.LossKind;
import org.bpttlab.core.Surrogate;
import org.bpttlab.experiment.sweep.Suites;
import org.bpttlab.rules.Rules;
import org.bpttlab.rules.optim.OptimizerSpec;
import org.bpttlab.tasks.Tasks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code bpttlab list}: what there is to choose from. */
@Command(name = "list", mixinStandardHelpOptions = true,
    description = "List the cells, learning rules, tasks, losses, surrogates, optimizers and"
        + " built-in sweep suites.")
final class ListCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    out.println("cells (--cell):");
    row(out, "rate", "leaky tanh RNN, h_t = (1-alpha) h_{t-1} + alpha tanh(W_rec h_{t-1} + W_in x_t"
        + " + b); alpha = 1 is the vanilla RNN; options --alpha, --initial-state, --activation"
        + " (tanh or linear)");
    row(out, "lif", "leaky integrate-and-fire neurons (Bellec et al. 2020); options --tau-mem,"
        + " --threshold, --dampening, --refractory, --surrogate, --detach-reset");
    row(out, "alif", "adaptive-threshold LIF (LSNN); as lif plus --tau-adapt, --beta, --adaptive");
    out.println();
    out.println("rules (--rules, written name or name:key=value,...):");
    for (Rules.Entry e : Rules.entries()) {
      String options = e.options().isEmpty() ? "no options" : "options " + String.join(", ",
          e.options());
      row(out, e.name(), e.description() + "; " + options);
    }
    out.println();
    out.println("tasks (--task):");
    for (Tasks.Entry e : Tasks.entries()) {
      row(out, e.name(), e.description());
    }
    out.println();
    out.println("losses (--loss):");
    for (LossKind k : LossKind.values()) {
      row(out, k.label(), k == LossKind.MSE
          ? "mean squared error, 1/2 sum_t m_t ||y_t - y*_t||^2"
          : "softmax cross-entropy, -sum_t m_t sum_k y*_k log softmax(y_t)_k");
    }
    out.println();
    out.println("surrogates (--surrogate):");
    for (Surrogate s : Surrogate.values()) {
      row(out, s.label(), switch (s) {
        case PIECEWISE_LINEAR -> "(gamma/v_th) max(0, 1 - |u|), Bellec et al. 2018 (default)";
        case FAST_SIGMOID -> "(gamma/v_th) / (1 + |u|)^2, Zenke & Ganguli 2018";
        case SMOOTH_TEST -> "z = sigmoid(4u) with its true derivative, for gradient checks";
      });
    }
    out.println();
    out.println("optimizers (--optimizer):");
    for (String kind : OptimizerSpec.KINDS) {
      row(out, kind, switch (kind) {
        case "sgd" -> "plain gradient descent";
        case "momentum" -> "gradient descent with momentum (Polyak 1964), --momentum "
            + number(OptimizerSpec.DEFAULT_MOMENTUM) + "; --nesterov for Nesterov's variant"
            + " (Sutskever et al. 2013)";
        case "adam" -> "Adam (Kingma & Ba 2015), beta1 " + number(OptimizerSpec.DEFAULT_BETA1)
            + ", beta2 " + number(OptimizerSpec.DEFAULT_BETA2) + ", eps "
            + number(OptimizerSpec.DEFAULT_EPSILON);
        case "rprop" -> "Rprop (Riedmiller & Braun 1993), the sign of the gradient with a step per"
            + " entry, x" + number(OptimizerSpec.DEFAULT_STEP_INCREASE) + " / x"
            + number(OptimizerSpec.DEFAULT_STEP_DECREASE) + " within ["
            + number(OptimizerSpec.DEFAULT_MIN_STEP) + ", " + number(OptimizerSpec.DEFAULT_MAX_STEP)
            + "], --lr the first step; full-batch: use large batches";
        default -> throw new IllegalStateException("an optimizer without a description: " + kind);
      });
    }
    out.println();
    out.println("suites (./bpttlab sweep SUITE; --print shows its file):");
    for (Suites.Suite s : Suites.all()) {
      row(out, s.name(), s.description() + " (" + s.runs() + " runs)");
    }
    out.flush();
    return Main.OK;
  }

  /** 0.9, 50, 1e-8: as a reader writes them. */
  private static String number(double x) {
    if (Math.abs(x) >= 1e-3) {
      return BigDecimal.valueOf(x).stripTrailingZeros().toPlainString();
    }
    return String.format(Locale.ROOT, "%.0e", x).replace("e-0", "e-");
  }

  private static void row(PrintWriter out, String name, String description) {
    out.printf("  %-17s %s%n", name, description);
  }
}
