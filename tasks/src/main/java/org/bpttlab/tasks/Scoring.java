package org.bpttlab.tasks;

import java.util.Arrays;
import org.bpttlab.core.Batch;
import org.bpttlab.core.Trajectory;
import org.bpttlab.core.loss.SoftmaxCrossEntropy;

/**
 * Metrics over the masked steps of a trajectory, shared by the tasks. A <em>decision</em> is the
 * readout averaged over a window of steps with the mask as weights,
 *
 * <pre>
 *   ȳ_b = Σ_{t∈w} m_t^b y_t^b / Σ_{t∈w} m_t^b ,   ȳ*_b likewise,
 * </pre>
 *
 * so that a spiking task, whose one symbol lasts several milliseconds with mask weights 1/ms each,
 * is scored on the mean readout over the symbol's milliseconds (the convention of Bellec et al.
 * 2020, who classify by the mean logits over the recall window). Windows without weight are skipped.
 */
public final class Scoring {
  private Scoring() {}

  /** Σ_{t,b} m (y − y*)² / Σ_{t,b} m·n_out: the mask-weighted mean squared error per output. */
  public static double meanSquaredError(Trajectory tr) {
    double sum = 0;
    double weight = 0;
    int outputs = tr.outputs();
    for (int t = 1; t <= tr.steps(); t++) {
      double[] y = tr.readout(t);
      double[] target = tr.batch().targetAt(t);
      double[] mask = tr.batch().maskAt(t);
      for (int b = 0; b < tr.batchSize(); b++) {
        if (mask[b] == 0) {
          continue;
        }
        for (int k = 0; k < outputs; k++) {
          double e = y[b * outputs + k] - target[b * outputs + k];
          sum += mask[b] * e * e;
        }
        weight += mask[b] * outputs;
      }
    }
    return sum / weight;
  }

  /**
   * The mask-weighted variance of the targets over the masked steps, Σ m (y* − ȳ*)² / Σ m·n_out
   * with ȳ* the weighted mean of each output: the mean squared error of predicting the mean.
   */
  public static double targetVariance(Batch batch) {
    int outputs = batch.outputs();
    double[] mean = new double[outputs];
    double weight = 0;
    for (int t = 1; t <= batch.steps(); t++) {
      for (int b = 0; b < batch.size(); b++) {
        double m = batch.maskAt(t)[b];
        weight += m;
        for (int k = 0; k < outputs; k++) {
          mean[k] += m * batch.targetAt(t)[b * outputs + k];
        }
      }
    }
    double sum = 0;
    for (int k = 0; k < outputs; k++) {
      mean[k] /= weight;
      for (int t = 1; t <= batch.steps(); t++) {
        for (int b = 0; b < batch.size(); b++) {
          double d = batch.targetAt(t)[b * outputs + k] - mean[k];
          sum += batch.maskAt(t)[b] * d * d;
        }
      }
    }
    return sum / (weight * outputs);
  }

  /**
   * Σ_t Σ_b m_t^b (−Σ_k y*_k log softmax(y_t^b)_k): the masked softmax cross-entropy summed over
   * steps and sequences (B times the training loss).
   */
  public static double crossEntropySum(Trajectory tr) {
    SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy(tr.outputs());
    double[] scratch = new double[tr.batchSize() * tr.outputs()];
    double sum = 0;
    for (int t = 1; t <= tr.steps(); t++) {
      sum += ce.lossAndGradient(tr.batchSize(), tr.readout(t), tr.batch().targetAt(t),
          tr.batch().maskAt(t), 1.0, scratch, null);
    }
    return sum;
  }

  /** Σ_{t,b} m_t^b, the total mask weight of a batch. */
  public static double maskSum(Batch batch) {
    double sum = 0;
    for (double[] m : batch.mask()) {
      for (double v : m) {
        sum += v;
      }
    }
    return sum;
  }

  /**
   * The decisions of every sequence over the window of steps {@code from..to} (1-based, inclusive).
   *
   * @param y B×n_out, Modified: the mask-weighted mean readout ȳ_b
   * @param target B×n_out, Modified: the mask-weighted mean target ȳ*_b
   * @param weight B, Modified: Σ_{t∈w} m_t^b (0: no decision for sequence b)
   */
  public static void windowMeans(Trajectory tr, int from, int to, double[] y, double[] target,
      double[] weight) {
    int outputs = tr.outputs();
    Arrays.fill(y, 0);
    Arrays.fill(target, 0);
    Arrays.fill(weight, 0);
    for (int t = from; t <= to; t++) {
      double[] yt = tr.readout(t);
      double[] targetT = tr.batch().targetAt(t);
      double[] mask = tr.batch().maskAt(t);
      for (int b = 0; b < tr.batchSize(); b++) {
        double m = mask[b];
        if (m == 0) {
          continue;
        }
        weight[b] += m;
        for (int k = b * outputs; k < (b + 1) * outputs; k++) {
          y[k] += m * yt[k];
          target[k] += m * targetT[k];
        }
      }
    }
    for (int b = 0; b < tr.batchSize(); b++) {
      if (weight[b] > 0) {
        for (int k = b * outputs; k < (b + 1) * outputs; k++) {
          y[k] /= weight[b];
          target[k] /= weight[b];
        }
      }
    }
  }

  /**
   * The fraction of decisions, over all sequences and the given windows, whose class
   * argmax_k ȳ_k differs from the target's argmax_k ȳ*_k (ties go to the lowest k).
   *
   * @param windows step ranges {@code {from, to}}, 1-based and inclusive
   */
  public static double classificationError(Trajectory tr, int[][] windows) {
    int outputs = tr.outputs();
    int size = tr.batchSize();
    double[] y = new double[size * outputs];
    double[] target = new double[size * outputs];
    double[] weight = new double[size];
    int wrong = 0;
    int decisions = 0;
    for (int[] w : windows) {
      windowMeans(tr, w[0], w[1], y, target, weight);
      for (int b = 0; b < size; b++) {
        if (weight[b] > 0) {
          decisions++;
          if (argmax(y, b * outputs, outputs) != argmax(target, b * outputs, outputs)) {
            wrong++;
          }
        }
      }
    }
    return (double) wrong / decisions;
  }

  /** Judges one output of one decision. */
  @FunctionalInterface
  public interface Judge {
    /** Whether the decision ȳ_k is wrong for the target ȳ*_k. */
    boolean wrong(double y, double target);
  }

  /**
   * The fraction of outputs judged wrong over the decisions of every sequence, each decision being
   * the mask-weighted mean over the whole sequence (sequences without weight are skipped): for a
   * task scored at one step or one window per sequence.
   */
  public static double outputError(Trajectory tr, Judge judge) {
    int outputs = tr.outputs();
    int size = tr.batchSize();
    double[] y = new double[size * outputs];
    double[] target = new double[size * outputs];
    double[] weight = new double[size];
    windowMeans(tr, 1, tr.steps(), y, target, weight);
    int wrong = 0;
    int scored = 0;
    for (int b = 0; b < size; b++) {
      if (weight[b] > 0) {
        for (int k = b * outputs; k < (b + 1) * outputs; k++) {
          scored++;
          if (judge.wrong(y[k], target[k])) {
            wrong++;
          }
        }
      }
    }
    return (double) wrong / scored;
  }

  /** The index (0..n−1) of the largest of {@code a[offset..offset+n−1]}, the first on ties. */
  public static int argmax(double[] a, int offset, int n) {
    int best = 0;
    for (int k = 1; k < n; k++) {
      if (a[offset + k] > a[offset + best]) {
        best = k;
      }
    }
    return best;
  }
}
