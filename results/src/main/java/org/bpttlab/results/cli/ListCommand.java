package org.bpttlab.results.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.bpttlab.core.LossKind;
import org.bpttlab.core.Surrogate;
import org.bpttlab.rules.Rules;
import org.bpttlab.tasks.Tasks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code bpttlab list}: what there is to choose from. */
@Command(name = "list", mixinStandardHelpOptions = true,
    description = "List the cells, learning rules, tasks, losses, surrogates and optimizers.")
final class ListCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    out.println("cells (--cell):");
    row(out, "rate", "leaky tanh RNN, h_t = (1-alpha) h_{t-1} + alpha tanh(W_rec h_{t-1} + W_in x_t"
        + " + b); alpha = 1 is the vanilla RNN; options --alpha, --initial-state");
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
    row(out, "adam", "Adam (Kingma & Ba 2015), beta1 0.9, beta2 0.999, eps 1e-8");
    row(out, "sgd", "plain gradient descent");
    out.flush();
    return Main.OK;
  }

  private static void row(PrintWriter out, String name, String description) {
    out.printf("  %-17s %s%n", name, description);
  }
}
