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
import org.bpttlab.core.RateRegularizerSpec;
import org.bpttlab.core.ReadoutSpec;
import org.bpttlab.core.SpikingCellSpec;
import org.bpttlab.experiment.train.TrainingSpec;
import org.bpttlab.rules.optim.OptimizerSpec;
import org.bpttlab.tasks.Task;
import org.bpttlab.tasks.Tasks;

/**
 * {@code pattern}: Bellec et al. 2020, Fig. S7 — 100 LIF neurons learn a sum of four sines from 100
 * frozen 50 Hz Poisson inputs (T = 1000 ms, τ_m = τ_out = 30 ms, v_th = 0.03, γ = 0.3), gradient
 * descent lr 1e-4 for 2000 iterations with the firing-rate regulariser (300, toward 10 Hz), by
 * BPTT, symmetric and random e-prop, 2 seeds (the frozen pattern is the task's seed 1; the network's
 * initialisation is the run's). The reference's neuron integrates (1 − α) times its input and its
 * readout (1 − κ) times W_out z (LightLIF in their models.py): the same dynamics as ours with the
 * weights scaled by those factors, so the weights start scaled and the learning rate is 1e-4 ·
 * (1 − α)² (τ_m = τ_out, so one rate serves every group; exact for plain gradient descent), and
 * their random B, randn/√n like their W_out, is ours times 1 − κ ({@code gain}). As
 * LightLIF: no refractoriness, no readout bias (b_out frozen at 0). BPTT differentiates the full
 * graph; the reference script's BPTT runs with {@code stop_z_gradients=True} by default, the
 * eligibility graph, on which BPTT is our symmetric e-prop (contract E1). Quick: T = 300, 20
 * inputs, 50 neurons, 150 iterations at 20 times that rate, 1 seed.
 */
final class PatternGenerationFit implements Reproduction {
  @Override
  public String id() {
    return "pattern";
  }

  @Override
  public String source() {
    return "Bellec et al. 2020, Nat. Commun. 11:3625, Fig. S7 (pattern generation)";
  }

  @Override
  public String setup() {
    return "100 LIF, 100 frozen Poisson inputs at 50 Hz, T = 1000 ms, tau_m = tau_out = 30 ms,"
        + " v_th = 0.03, gamma = 0.3, no refractoriness, no readout bias; gradient descent lr"
        + " 1e-4, 2000 iterations, rate regulariser 300 toward 10 Hz; BPTT (full graph),"
        + " symmetric and random e-prop; 2 seeds";
  }

  @Override
  public List<Comparison> run(boolean quick, Path folder, Context context) throws IOException {
    Task task = Tasks.create(quick ? "pattern:steps=300,inputs=20" : "pattern");
    int hidden = quick ? 50 : 100;
    SpikingCellSpec cell = SpikingCellSpec.lif(hidden).withTimeConstants(30, 500)
        .withThreshold(0.03).withDampening(0.3).withRefractorySteps(0);
    // The reference's LightLIF integrates (1 − α) times its input current and its readout
    // (1 − κ) times W_out z: the same dynamics as ours with W_in, W_rec and W_out scaled by those
    // factors, and (τ_m = τ_out) plain gradient descent at a rate times (1 − α)².
    double leak = 1 - Math.exp(-1.0 / 30);
    NetworkSpec net = new NetworkSpec(task.inputs(), cell, task.outputs(), ReadoutSpec.leaky(30),
        LossKind.MSE, new RateRegularizerSpec(300, 10),
        new InitSpec(InitSpec.RecurrentInit.GAUSSIAN, 1, 1).withGains(leak, leak, leak));
    double lr = 1e-4 * leak * leak;
    OptimizerSpec optimizer = OptimizerSpec.sgd(quick ? 20 * lr : lr).withClipNorm(0);
    int iterations = quick ? 150 : 2000;
    TrainingSpec spec = new TrainingSpec(net, optimizer, 1, iterations, 1,
        Math.max(1, iterations / 100), 1, Math.max(1, iterations / 20))
        .withFrozen(List.of(Parameters.OUTPUT_BIAS));
    List<Long> seeds = quick ? List.of(1L) : List.of(1L, 2L);
    // their random B, N(0, 1/n) in their units of W_out, is (1 − κ) times that in ours
    List<String> rules = List.of("bptt", "eprop", "eprop:feedback=random,gain=" + leak);
    Map<String, double[]> nmse = Training.run(task, spec, rules, seeds, folder,
        "pattern generation (Bellec et al. 2020, Fig. S7)", context);
    List<Comparison> out = new ArrayList<>();
    for (Map.Entry<String, double[]> e : nmse.entrySet()) {
      double m = Training.mean(e.getValue());
      out.add(Comparison.of("normalised MSE of " + e.getKey() + " after " + iterations
              + " iterations", "well below 0.1 (e-prop random and BPTT)",
          String.format(Locale.ROOT, "%.4f", m), m < 0.1,
          "mean over " + seeds.size() + " seed(s)"
              + (quick ? "; quick form: T = 300, 150 iterations" : "")));
    }
    return out;
  }
}
