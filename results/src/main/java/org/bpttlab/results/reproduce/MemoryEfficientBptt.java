package org.bpttlab.results.reproduce;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.bpttlab.core.Batch;
import org.bpttlab.core.LossKind;
import org.bpttlab.core.NetworkSpec;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.RateCellSpec;
import org.bpttlab.core.Seeds;
import org.bpttlab.core.Trajectory;
import org.bpttlab.core.net.Network;
import org.bpttlab.experiment.io.AtomicFiles;
import org.bpttlab.experiment.io.Csv;
import org.bpttlab.rules.LearningRule;
import org.bpttlab.rules.RuleCost;
import org.bpttlab.rules.SequenceRunner;
import org.bpttlab.rules.Session;
import org.bpttlab.rules.bptt.Bptt;
import org.bpttlab.rules.checkpoint.CheckpointSchedule;
import org.bpttlab.rules.checkpoint.CheckpointedBptt;

/**
 * {@code memory}: Gruslys et al. 2016 (BPTT-HSM) — for T = 1000 and memory budgets of M stored
 * records from 2 to T, the dynamic programme's recomputation against the budget, and checkpointed
 * BPTT's measured peak memory and time per step beside it (a vanilla rate RNN, n = 128, 32 inputs,
 * 8 outputs, batch 1; quick: n = 32, T = 200). The gradient is BPTT's at every budget (bit for bit,
 * checked here too). Writes {@code cost.csv} (series measured / predicted, variable budget) and
 * {@code memory.csv} (every budget with its recomputed steps, records, doubles and times).
 */
final class MemoryEfficientBptt implements Reproduction {
  @Override
  public String id() {
    return "memory";
  }

  @Override
  public String source() {
    return "Gruslys, Munos, Danihelka, Lanctot & Graves 2016, NeurIPS, memory-efficient BPTT";
  }

  @Override
  public String setup() {
    return "T = 1000, budgets M = 2..999 stored records; checkpointed BPTT of a vanilla rate RNN"
        + " (n = 128, 32 inputs, 8 outputs, batch 1) measured at each";
  }

  @Override
  public List<Comparison> run(boolean quick, Path folder, Context context) throws IOException {
    int steps = quick ? 200 : 1000;
    int hidden = quick ? 32 : 128;
    int inputs = quick ? 8 : 32;
    int repeats = quick ? 3 : 7;
    int[] budgets = quick ? new int[] {2, 5, 10, 20, 50, 199}
        : new int[] {2, 5, 10, 20, 30, 50, 100, 200, 500, 999};
    NetworkSpec spec = NetworkSpec.of(inputs, RateCellSpec.vanilla(hidden), 8, LossKind.MSE);
    Network net = new Network(spec);
    Parameters p = net.initialize(new Seeds(1));
    Batch batch = Batch.gaussian(1, steps, inputs, 8, false, new Seeds(2));

    Trajectory full = net.newTrajectory(batch);
    // warm-up: every code path compiled before anything is timed
    for (int r = 0; r < repeats; r++) {
      net.forward(p, full);
      measure(new Bptt(), net, p, batch, 1);
      measure(new CheckpointedBptt(budgets[0]), net, p, batch, 1);
      measure(new CheckpointedBptt(budgets[budgets.length / 2]), net, p, batch, 1);
    }
    double forwardSeconds = Double.POSITIVE_INFINITY;
    for (int r = 0; r < repeats; r++) {
      long t0 = System.nanoTime();
      net.forward(p, full);
      forwardSeconds = Math.min(forwardSeconds, (System.nanoTime() - t0) * 1e-9 / steps);
    }
    Measured bptt = measure(new Bptt(), net, p, batch, repeats);
    StringBuilder cost = new StringBuilder(Csv.line(List.of("series", "variable", "value",
        "seconds_per_step", "peak_doubles")));
    StringBuilder table = new StringBuilder(Csv.line(List.of("budget", "recomputed_steps",
        "predicted_recomputed_steps", "forward_steps_per_step", "peak_records", "peak_doubles",
        "memory_saved", "seconds_per_step", "time_over_bptt", "bit_identical")));
    long slot = full.doublesPerSlot();
    cost.append(Csv.line(List.of("bptt", "budget", Integer.toString(steps + 1),
        Csv.number(bptt.seconds), Long.toString(bptt.cost.peakStoredDoubles()))));
    boolean allIdentical = true;
    double bestRatio = Double.NaN;
    int bestBudget = -1;
    double bestSaved = Double.NaN;
    for (int m : budgets) {
      CheckpointedBptt rule = new CheckpointedBptt(m);
      Measured ck = measure(rule, net, p, batch, repeats);
      CheckpointedBptt.CheckpointedSession session =
          (CheckpointedBptt.CheckpointedSession) ck.session;
      long predicted = new CheckpointSchedule(steps, m).totalRecomputation();
      boolean identical = Arrays.equals(ck.gradient.flatten(), bptt.gradient.flatten());
      allIdentical &= identical && predicted == session.recomputedSteps();
      double saved = 1.0 - (double) ck.cost.peakStoredDoubles() / bptt.cost.peakStoredDoubles();
      double ratio = ck.seconds / bptt.seconds;
      double predictedSeconds = bptt.seconds + forwardSeconds * predicted / steps;
      cost.append(Csv.line(List.of("checkpointed", "budget", Integer.toString(m),
          Csv.number(ck.seconds), Long.toString(ck.cost.peakStoredDoubles()))));
      cost.append(Csv.line(List.of("predicted (dynamic programme)", "budget", Integer.toString(m),
          Csv.number(predictedSeconds), Long.toString((m + 6L) * slot))));
      table.append(Csv.line(List.of(Integer.toString(m), Long.toString(session.recomputedSteps()),
          Long.toString(predicted), Csv.number(1.0 + (double) predicted / steps),
          Integer.toString(session.peakCheckpoints()), Long.toString(ck.cost.peakStoredDoubles()),
          Csv.number(saved), Csv.number(ck.seconds), Csv.number(ratio),
          Boolean.toString(identical))));
      if (saved >= 0.95 && (bestBudget < 0 || ratio < bestRatio)) {
        bestRatio = ratio;
        bestBudget = m;
        bestSaved = saved;
      }
    }
    AtomicFiles.write(folder.resolve("cost.csv"), cost.toString().getBytes(StandardCharsets.UTF_8));
    AtomicFiles.write(folder.resolve("memory.csv"),
        table.toString().getBytes(StandardCharsets.UTF_8));
    List<Comparison> out = new ArrayList<>();
    out.add(Comparison.of("gradient at every budget", "BPTT's", allIdentical
        ? "BPTT's, bit for bit" : "differs", allIdentical,
        "and the recomputed steps equal the dynamic programme's P(T, M) at every budget"));
    String ours = bestBudget < 0 ? "no budget saves 95%"
        : String.format(Locale.ROOT, "%.1f%% saved for %.2fx BPTT's time (M = %d)",
            100 * bestSaved, bestRatio, bestBudget);
    out.add(Comparison.of("memory saved against compute, T = " + steps,
        "about 95% of memory for about 1.33x compute", ours,
        bestBudget >= 0 && bestRatio <= 1.5,
        String.format(Locale.ROOT, "measured wall time per step, best of %d passes, batch 1,"
            + " n = %d; a forward step costs %.2f of a BPTT step here, which sets the price of"
            + " recomputation", repeats, hidden, forwardSeconds / bptt.seconds)));
    return out;
  }

  private record Measured(double seconds, RuleCost cost, Parameters gradient, Session session) {}

  private static Measured measure(LearningRule rule, Network net, Parameters p, Batch batch,
      int repeats) {
    Session session = rule.begin(net, p, 1);
    List<Session> sessions = List.of(session);
    Trajectory tr = net.newTrajectory(batch, SequenceRunner.slots(sessions, batch.steps()));
    Parameters grad = net.newParameters();
    double best = Double.POSITIVE_INFINITY;
    for (int r = 0; r < repeats; r++) {
      long t0 = System.nanoTime();
      SequenceRunner.run(net, p, tr, sessions);
      session.gradient(tr, grad);
      best = Math.min(best, (System.nanoTime() - t0) * 1e-9 / batch.steps());
    }
    return new Measured(best, session.cost(), grad, session);
  }
}
