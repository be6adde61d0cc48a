package org.bpttlab.results.reproduce;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bpttlab.core.InitSpec;
import org.bpttlab.core.LossKind;
import org.bpttlab.core.NetworkSpec;
import org.bpttlab.core.RateCellSpec;
import org.bpttlab.core.RateRegularizerSpec;
import org.bpttlab.core.ReadoutSpec;
import org.bpttlab.results.align.Alignment;
import org.bpttlab.results.train.AlignmentRow;
import org.bpttlab.results.train.MetricsRow;
import org.bpttlab.results.train.RuleResult;
import org.bpttlab.results.train.Trainer;
import org.bpttlab.results.train.TrainingSpec;
import org.bpttlab.rules.optim.OptimizerSpec;
import org.bpttlab.tasks.Tasks;
import org.bpttlab.tasks.onlineadd.OnlineAdd;

/**
 * {@code online-add}: Marschall, Cho &amp; Savin 2020 (JMLR 21:135), the add task — online training
 * on one continuous stream of x_t ~ Bernoulli(0.5) with target y_t = 0.5 + 0.5 x_{t−6} − 0.25
 * x_{t−10} (task {@code online-add}), a tanh RNN of n = 32 with α = 1 (W_rec a random orthogonal
 * matrix, W_in ~ N(0, 1/n_in), W_out ~ N(0, 1/n)), a 2-way softmax with cross-entropy, plain SGD at
 * 1e-3 with an update after every step, 100 000 steps, by RTRL ({@code rtrl:online=1}), truncated
 * BPTT(10) ({@code tbptt:k1=1,k2=10,online=true}), RFLO ({@code rflo:online=1}) and the output
 * weights only ({@code readout-only:online=1}); 1 seed, one stream. A fifth rule, {@code
 * eprop:online=1}, is RFLO's form with the feedback W_outᵀ instead of a random B: the authors' code
 * (vanilla-rtrl, {@code Learning_Algorithm.propagate_feedback_to_hidden}) sends the error back
 * through W_out unless a fixed W_FB is given, so their "RFLO" may be this one; both are shown.
 * With α = 1 both traces are one step deep (e_t = φ'(a_t) [h_{t−1}; x_t; 1]ᵀ): the trace's own
 * time constant, which the authors' RFLO takes as a separate parameter, is here the cell's α.
 *
 * <p>The stream runs as 100 chunks of 1000 steps ({@link Trainer#stream}): the network's state and
 * the forward-mode rules' traces (RTRL's influence matrix, RFLO's eligibility traces) are carried
 * from one chunk to the next, so for RTRL, RFLO and readout-only the chunks are exactly one
 * sequence of 100 000 steps. Truncated BPTT's backward pass stops at a chunk's start: on the first
 * 9 steps of each chunk (0.9% of the steps) it reaches back fewer than 10 steps. The loss is
 * reported per chunk (metrics.csv: {@code ce} the chunk's mean cross-entropy per step, a running
 * mean over 1000 steps; the step is iteration × 1000), and compared on the mean over the last
 * 10 000 steps. alignment.csv holds, every 10 chunks, the cosine of the sum of the rule's per-step
 * gradients over a chunk with BPTT's gradient of the chunk's loss (on the same trajectory) — a
 * per-chunk measure, not the paper's per-step cosine with the exact online gradient, which is not
 * measured here. Quick: 20 chunks of 250 steps (5000 steps), the last 1000 compared.
 */
final class OnlineAddFit implements Reproduction {
  static final List<String> RULES = List.of("rtrl:online=1", "tbptt:k1=1,k2=10,online=true",
      "rflo:online=1", "readout-only:online=1", "eprop:online=1");
  private static final List<String> PAPER = List.of("about 0.46-0.47", "about 0.46-0.47",
      "about 0.50-0.51", "about 0.55", "about 0.50-0.51 (RFLO's)");

  @Override
  public String id() {
    return "online-add";
  }

  @Override
  public String source() {
    return "Marschall, Cho & Savin 2020, JMLR 21:135, the add task";
  }

  @Override
  public String setup() {
    return "tanh RNN n = 32, alpha = 1, orthogonal W_rec, 2-way softmax cross-entropy, SGD 1e-3"
        + " with an update every step, one stream of 100 000 steps (100 chunks of 1000, state"
        + " carried); RTRL, truncated BPTT(10), RFLO, output weights only";
  }

  @Override
  public List<Comparison> run(boolean quick, Path folder, Context context) throws IOException {
    int chunk = quick ? 250 : 1000;
    int chunks = quick ? 20 : 100;
    int last = quick ? 4 : 10;
    OnlineAdd task = (OnlineAdd) Tasks.create("online-add:steps=" + chunk);
    NetworkSpec net = new NetworkSpec(task.inputs(), RateCellSpec.vanilla(32), task.outputs(),
        ReadoutSpec.linear(), LossKind.CROSS_ENTROPY, RateRegularizerSpec.off(),
        InitSpec.orthogonal());
    TrainingSpec spec = new TrainingSpec(net, OptimizerSpec.sgd(1e-3).withClipNorm(0), 1, chunks,
        1, 1, 0, quick ? 5 : 10);
    List<List<RuleResult>> results = Training.train(Trainer.stream(task, spec), RULES,
        List.of(1L), folder, "add task, online on one stream (Marschall et al. 2020)", context);
    List<Comparison> out = new ArrayList<>();
    String steps = Integer.toString(last * chunk);
    for (int r = 0; r < RULES.size(); r++) {
      RuleResult result = results.get(0).get(r);
      double m = lastMean(result.rows(), last);
      out.add(Comparison.of("mean loss of " + RULES.get(r) + " over the last " + steps + " steps",
          PAPER.get(r), String.format(Locale.ROOT, "%.3f", m), matches(r, m),
          (quick ? "quick form (5000 steps): not expected to reach it; " : "")
              + "cross-entropy per step; 1 seed, 1 stream" + (r == RULES.size() - 1
              ? "; RFLO's form with the feedback W_out^T instead of a random B (the learning"
              + " signal of the authors' code, vanilla-rtrl, unless W_FB is given)" : "")));
    }
    out.add(Comparison.of("baselines: no memory / first lag / both lags", "0.66 / 0.52 / 0.45",
        String.format(Locale.ROOT, "%.4f / %.4f / %.4f", OnlineAdd.noMemoryBaseline(),
            OnlineAdd.firstLagBaseline(), OnlineAdd.bothLagsBaseline()), true,
        "exact expected cross-entropies of the best predictors (OnlineAdd)"));
    double cosine = lastCosine(results.get(0).get(2).alignment());
    out.add(new Comparison("per-step cosine of RFLO's gradient with the exact one",
        "about 0.5-0.7", String.format(Locale.ROOT, "%.3f per chunk", cosine),
        Comparison.Verdict.PENDING, "not measured per step; shown: the cosine of RFLO's gradient"
            + " summed over the last measured chunk with BPTT's of that chunk (all parameters)"));
    return out;
  }

  /** The paper's ranges, widened by 0.01 (one seed; they report several). */
  private static boolean matches(int rule, double loss) {
    double[][] range = {{0.45, 0.48}, {0.45, 0.48}, {0.49, 0.52}, {0.54, 0.56}, {0.49, 0.52}};
    return loss >= range[rule][0] && loss <= range[rule][1];
  }

  /** The mean of the metric (the chunks' mean loss per step) over the last {@code k} rows. */
  static double lastMean(List<MetricsRow> rows, int k) {
    double sum = 0;
    for (int i = rows.size() - k; i < rows.size(); i++) {
      sum += rows.get(i).metric();
    }
    return sum / k;
  }

  /** The cosine (all parameters) of the last alignment measured. */
  private static double lastCosine(List<AlignmentRow> rows) {
    for (int i = rows.size() - 1; i >= 0; i--) {
      if (rows.get(i).group().equals(Alignment.ALL)) {
        return rows.get(i).alignment().cosine();
      }
    }
    return Double.NaN;
  }
}
