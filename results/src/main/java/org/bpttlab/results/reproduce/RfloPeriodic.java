package org.bpttlab.results.reproduce;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bpttlab.core.InitSpec;
import org.bpttlab.core.LossKind;
import org.bpttlab.core.NetworkSpec;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.RateCellSpec;
import org.bpttlab.core.RateRegularizerSpec;
import org.bpttlab.core.ReadoutSpec;
import org.bpttlab.core.Seeds;
import org.bpttlab.core.net.Network;
import org.bpttlab.results.align.Alignment;
import org.bpttlab.results.train.RuleResult;
import org.bpttlab.results.train.Trainer;
import org.bpttlab.results.train.TrainingSpec;
import org.bpttlab.rules.eprop.Feedback;
import org.bpttlab.rules.optim.OptimizerSpec;
import org.bpttlab.tasks.Task;
import org.bpttlab.tasks.Tasks;

/**
 * {@code rflo-periodic}: Murray 2019 (eLife 8:e43299), RFLO, the periodic target — a leaky rate RNN of N = 50
 * neurons with τ = 10 steps (α = 0.1) and no input learns the 100-step periodic target
 * sin(2πt/100) + 0.5 sin(4πt/100) + 0.25 sin(8πt/100) (task {@code periodic}) over 10 000 trials
 * (batch 1), by BPTT and by RFLO ({@code rflo}, random fixed feedback B), with learning rates
 * (W_in, W_rec, W_out) = (0, 0.03, 0.03); 1 seed. Reported: the final loss ½·mean(err²) of both
 * and the alignment (cosine) of B with W_outᵀ at the start and at the end of RFLO's training.
 *
 * <p>Translation. Murray updates every step by (η/T)·(the rule's estimate of −∂(½ err_t²)/∂θ): ΔW_out
 * = (η/T) err_t h_tᵀ, ΔW_rec = (η/T) (B err_t) ∘ q_t, η = 0.03, T = 100. Our MSE loss of a trial
 * is ½ Σ_t err_t² (batch 1), so plain SGD at the rate η/T = 3e-4 on it steps by (η/T) Σ_t ∂(½
 * err_t²)/∂θ: RFLO runs online ({@code rflo:online=1}, an update after every step), which is
 * Murray's update exactly; BPTT, a per-trial rule, takes the same step once per trial (the sum of
 * Murray's per-step steps at the trial's weights). One rate for every group: W_in's 0 is exact
 * without per-group rates, because the task has no input (one always-zero channel: W_in's gradient
 * is 0 under every rule, so W_in never moves). No clipping.
 *
 * <p>Where the setup differs from Murray's: W_rec ~ N(0, g²/N) with g = 1.5 and W_out ~ N(0,
 * 1/(3N)) (the variance of his U(−1, 1)/√N) as his, but our network starts every trial from h_0 = 0
 * (the design's s_0 = 0) where his starts from a fixed random h_0, and it has biases b and b_out
 * (initially 0, trained at the same rate) where his has none: with no input and h_0 = 0 the
 * network is silent until b moves, so the biases are what starts its dynamics. B is Murray's,
 * N(0, 1): {@code rflo}'s default is N(0, 1/N) (W_out's distribution, DESIGN §4), so the rule
 * runs with {@code gain=√N}; with the default B, RFLO's W_rec steps are √N ≈ 7 times smaller and
 * it ends at a loss of 0.063 instead (measured; docs/reproductions.md). 1 seed. Quick: 1000 trials
 * at 10 times the rate.
 */
final class RfloPeriodic implements Reproduction {
  /** Murray's η for W_rec and W_out. */
  static final double MURRAY_RATE = 0.03;
  /** RFLO online, B ~ N(0, 1) as Murray's: gain √N over our default N(0, 1/N). */
  static final String RFLO = "rflo:online=1,gain=" + Math.sqrt(50);

  @Override
  public String id() {
    return "rflo-periodic";
  }

  @Override
  public String source() {
    return "Murray 2019, eLife 8:e43299, RFLO (periodic target)";
  }

  @Override
  public String setup() {
    return "leaky rate RNN N = 50, alpha = 0.1, no input, 100-step target sin(2 pi t/100) + 0.5"
        + " sin(4 pi t/100) + 0.25 sin(8 pi t/100), 10 000 trials of batch 1, SGD at eta/T ="
        + " 3e-4 (eta = 0.03 for W_rec and W_out, W_in without input); BPTT and RFLO (online)";
  }

  @Override
  public List<Comparison> run(boolean quick, Path folder, Context context) throws IOException {
    Task task = Tasks.create("periodic");
    NetworkSpec net = network(task);
    int trials = quick ? 1000 : 10_000;
    double rate = MURRAY_RATE / task.steps() * (quick ? 10 : 1);
    TrainingSpec spec = new TrainingSpec(net, OptimizerSpec.sgd(rate).withClipNorm(0), 1, trials,
        1, Math.max(1, trials / 100), 1, Math.max(1, trials / 20));
    List<List<RuleResult>> results = Training.train(new Trainer(task, spec),
        List.of("bptt", RFLO), List.of(1L), folder,
        "periodic target (Murray 2019, RFLO)", context);
    Map<String, double[]> loss = Training.finalMetrics(results);
    String form = quick ? "quick form (1000 trials at 10x the rate): not expected to reach it"
        : "1 seed; SGD 3e-4 = eta/T per step (see the Javadoc)";
    List<Comparison> out = new ArrayList<>();
    double bptt = loss.get("bptt")[0];
    double rflo = loss.get(RFLO)[0];
    out.add(Comparison.of("final loss 1/2 mean(err^2) of bptt after " + trials + " trials",
        "about 2.3e-4", String.format(Locale.ROOT, "%.3g", bptt), bptt < 1e-3, form));
    out.add(Comparison.of("final loss 1/2 mean(err^2) of rflo after " + trials + " trials",
        "about 1.5e-4", String.format(Locale.ROOT, "%.3g", rflo), rflo < 1e-3, form));
    Network network = new Network(net);
    double[] feedback = randomFeedback(net);
    double start = Alignment.of(feedback,
        network.initialize(new Seeds(1)).get(Parameters.OUTPUT_WEIGHTS)).cosine();
    double end = Alignment.of(feedback, results.get(0).get(1).parameters().get(
        Parameters.OUTPUT_WEIGHTS)).cosine();
    out.add(Comparison.of("alignment cos(B, W_out^T) of rflo, start -> end", "grows",
        String.format(Locale.ROOT, "%.3f -> %.3f", start, end), end > start,
        "B is RFLO's fixed random feedback (seed 1), W_out the trained readout"));
    return out;
  }

  /** Murray's network for the task: N = 50, α = 0.1, g = 1.5, W_out's variance 1/(3N). */
  static NetworkSpec network(Task task) {
    return new NetworkSpec(task.inputs(), RateCellSpec.vanilla(50).withAlpha(0.1), task.outputs(),
        ReadoutSpec.linear(), LossKind.MSE, RateRegularizerSpec.off(),
        new InitSpec(InitSpec.RecurrentInit.GAUSSIAN, 1.5, 1, 1 / Math.sqrt(3)));
  }

  /** Bᵀ of {@code rflo} (seed 1) for the network, n_out×n like W_out. */
  static double[] randomFeedback(NetworkSpec net) {
    return new Feedback(Feedback.Kind.RANDOM, net.hidden(), net.outputs(), 1, 0,
        Feedback.DEFAULT_OPTIMIZER).transposed(null);
  }
}
