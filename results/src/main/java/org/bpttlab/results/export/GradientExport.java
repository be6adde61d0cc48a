package org.bpttlab.results.export;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.bpttlab.core.Batch;
import org.bpttlab.core.LossKind;
import org.bpttlab.core.NetworkSpec;
import org.bpttlab.core.ParameterShape;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.Seeds;
import org.bpttlab.core.SpikingCellSpec;
import org.bpttlab.core.Trajectory;
import org.bpttlab.core.net.Network;
import org.bpttlab.experiment.codec.NetworkCodec;
import org.bpttlab.experiment.io.Json;
import org.bpttlab.experiment.io.Npy;
import org.bpttlab.rules.RuleSpec;
import org.bpttlab.rules.Rules;
import org.bpttlab.rules.SequenceRunner;

/**
 * The gradients export (DESIGN §7; format in docs/gradients.md). With {@code seeds = new
 * Seeds(seed)}: parameters {@code network.initialize(seeds)}; a random batch from the stream
 * {@code seeds.derive("gradients-batch")} ({@link #randomBatch}); for each rule its gradient on that
 * batch ({@link SequenceRunner#gradient}). Files, all float64 and batch-major:
 *
 * <pre>
 * model.json                  specs, batch generation, loss values, file list
 * params/&lt;group&gt;.npy        W_in [n, n_in], W_rec [n, n], b [n] (rate), W_out [n_out, n], b_out [n_out]
 * inputs.npy                  [B, T, n_in]
 * targets.npy                 [B, T, n_out]
 * mask.npy                    [B, T]
 * grads/&lt;rule&gt;/&lt;group&gt;.npy  the rule's ∂L/∂θ, each group shaped like params/
 * </pre>
 */
public final class GradientExport {
  /** The label of the batch's random stream. */
  public static final String BATCH_STREAM = "gradients-batch";

  /** The spike probability of spiking inputs per step: 100 Hz at dt = 1 ms. */
  public static final double SPIKE_PROBABILITY = 0.1;

  private GradientExport() {}

  /**
   * A computed export.
   *
   * @param spec what was exported
   * @param parameters the network's parameters
   * @param batch the random batch
   * @param loss the total loss L (task loss plus regulariser) whose gradient the rules estimate
   * @param taskLoss the masked task loss
   * @param regularizerLoss the firing-rate regulariser's value (0 when off)
   * @param gradients each rule's gradient, by the rule as written, in the spec's order
   */
  public record Result(
      GradientExportSpec spec, Parameters parameters, Batch batch, double loss, double taskLoss,
      double regularizerLoss, Map<String, Parameters> gradients) {
    public Result {
      gradients = Collections.unmodifiableMap(new LinkedHashMap<>(gradients));
    }
  }

  /** Number of leading steps whose mask is 0: ⌊T/4⌋. */
  public static int maskedSteps(int steps) {
    return steps / 4;
  }

  /**
   * The export's random batch, drawn from one generator ({@code seeds.rng()}) in this order: all
   * inputs, sequence by sequence, step by step, unit by unit (N(0, 1) for rate cells, Bernoulli spikes
   * 0/1 with probability {@link #SPIKE_PROBABILITY} for spiking cells); then all targets in the same
   * order (N(0, 1) per output for MSE; for cross-entropy one uniform class per sequence and step, as
   * a one-hot vector). The mask is 0 for steps 1..⌊T/4⌋ and 1 after, for every sequence. Gaussian
   * draws use the Ziggurat sampler (Marsaglia &amp; Tsang 2000) of Commons RNG.
   *
   * @param seeds the batch's stream ({@code new Seeds(seed).derive("gradients-batch")})
   */
  public static Batch randomBatch(NetworkSpec network, int size, int steps, Seeds seeds) {
    int nIn = network.inputs();
    int nOut = network.outputs();
    Batch batch = Batch.zeros(size, steps, nIn, nOut);
    UniformRandomProvider rng = seeds.rng();
    ZigguratSampler.NormalizedGaussian gauss = ZigguratSampler.NormalizedGaussian.of(rng);
    boolean spiking = network.cell() instanceof SpikingCellSpec;
    for (int b = 0; b < size; b++) {
      for (int t = 0; t < steps; t++) {
        double[] x = batch.x()[t];
        for (int i = 0; i < nIn; i++) {
          x[b * nIn + i] = spiking ? (rng.nextDouble() < SPIKE_PROBABILITY ? 1.0 : 0.0)
              : gauss.sample();
        }
      }
    }
    for (int b = 0; b < size; b++) {
      for (int t = 0; t < steps; t++) {
        double[] y = batch.target()[t];
        if (network.loss() == LossKind.MSE) {
          for (int k = 0; k < nOut; k++) {
            y[b * nOut + k] = gauss.sample();
          }
        } else {
          y[b * nOut + rng.nextInt(nOut)] = 1.0;
        }
      }
    }
    int masked = maskedSteps(steps);
    for (int t = masked; t < steps; t++) {
      Arrays.fill(batch.mask()[t], 1.0);
    }
    return batch;
  }

  /** Draws the parameters and the batch and computes every rule's gradient. */
  public static Result compute(GradientExportSpec spec) {
    Network network = new Network(spec.network());
    Seeds seeds = new Seeds(spec.seed());
    Parameters params = network.initialize(seeds);
    Batch batch = randomBatch(spec.network(), spec.batchSize(), spec.steps(),
        seeds.derive(BATCH_STREAM));
    Trajectory tr = network.newTrajectory(batch);
    Map<String, Parameters> grads = new LinkedHashMap<>();
    for (RuleSpec r : spec.rules()) {
      Parameters grad = network.newParameters();
      SequenceRunner.gradient(Rules.create(r), network, params, tr, grad);
      grads.put(r.toString(), grad);
    }
    // the network's own loss, unperturbed (node perturbation's pass was a noisy one)
    double loss = network.forward(params, tr);
    return new Result(spec, params, batch, loss, tr.loss().task(), tr.loss().regularizer(), grads);
  }

  /** The folder under {@code grads/} of a rule: its spec with ':' and ',' replaced by '_'. */
  public static String folderName(String rule) {
    return rule.replaceAll("[^A-Za-z0-9._=-]", "_");
  }

  /**
   * Writes the export into the existing, empty folder {@code dir} (a staged folder: see
   * {@link org.bpttlab.experiment.io.AtomicFiles#stage}).
   *
   * @param producer the provenance written into model.json
   */
  public static void write(Result r, Path dir, ObjectNode producer) throws IOException {
    GradientExportSpec spec = r.spec();
    int batchSize = spec.batchSize();
    int steps = spec.steps();
    int nIn = spec.network().inputs();
    int nOut = spec.network().outputs();
    ObjectNode files = Json.object();

    Files.createDirectory(dir.resolve("params"));
    writeGroups(r.parameters(), dir, "params", files);

    Batch batch = r.batch();
    writeArray(dir, "inputs.npy", new int[] {batchSize, steps, nIn},
        batchMajor(batch.x(), batchSize, steps, nIn), files);
    writeArray(dir, "targets.npy", new int[] {batchSize, steps, nOut},
        batchMajor(batch.target(), batchSize, steps, nOut), files);
    writeArray(dir, "mask.npy", new int[] {batchSize, steps},
        batchMajor(batch.mask(), batchSize, steps, 1), files);

    Files.createDirectory(dir.resolve("grads"));
    ObjectNode rules = Json.object();
    for (Map.Entry<String, Parameters> e : r.gradients().entrySet()) {
      String folder = "grads/" + folderName(e.getKey());
      Files.createDirectory(dir.resolve(folder));
      writeGroups(e.getValue(), dir, folder, files);
      ObjectNode rule = rules.putObject(e.getKey());
      rule.put("folder", folder);
      rule.put("gradient_norm", e.getValue().norm());
    }

    ObjectNode model = Json.object();
    model.put("format", "bpttlab-gradients");
    model.put("format_version", 1);
    model.set("producer", producer);
    model.put("seed", spec.seed());
    model.set("network", NetworkCodec.describe(spec.network()));
    model.set("batch", batchJson(spec));
    ObjectNode loss = model.putObject("loss");
    loss.put("total", r.loss());
    loss.put("task", r.taskLoss());
    loss.put("regularizer", r.regularizerLoss());
    loss.put("definition", "L = (1/B) sum_b sum_t m[b,t] l(y[b,t], y*[b,t]) + regularizer;"
        + " mse: l = 0.5 ||y - y*||^2; ce: l = -sum_k y*_k log softmax(y)_k");
    model.set("rules", rules);
    model.set("files", files);
    Json.write(dir.resolve("model.json"), model);
  }

  private static ObjectNode batchJson(GradientExportSpec spec) {
    NetworkSpec net = spec.network();
    boolean spiking = net.cell() instanceof SpikingCellSpec;
    ObjectNode b = Json.object();
    b.put("size", spec.batchSize());
    b.put("steps", spec.steps());
    b.put("stream", BATCH_STREAM);
    b.put("layout", "batch-major: inputs[b, t-1, i] is input i of sequence b at step t");
    b.put("inputs", spiking
        ? "bernoulli spikes 0/1, p = " + SPIKE_PROBABILITY + " per step (100 Hz at dt = 1 ms)"
        : "normal(0, 1)");
    b.put("targets", net.loss() == LossKind.MSE
        ? "normal(0, 1)" : "one-hot of a uniform class per sequence and step");
    b.put("mask", "0 for steps 1..floor(T/4), 1 after");
    b.put("masked_steps", maskedSteps(spec.steps()));
    b.put("draw_order", "one xoroshiro128++ stream: inputs (b, t, i), then targets (b, t, k);"
        + " Gaussians by the Ziggurat sampler");
    return b;
  }

  private static void writeGroups(Parameters p, Path dir, String folder, ObjectNode files)
      throws IOException {
    for (int g = 0; g < p.groupCount(); g++) {
      ParameterShape s = p.shape(g);
      writeArray(dir, folder + "/" + s.name() + ".npy", NetworkCodec.fileShape(s), p.get(g), files);
    }
  }

  private static void writeArray(Path dir, String name, int[] shape, double[] data,
      ObjectNode files) throws IOException {
    Npy.write(dir.resolve(name), shape, data);
    ArrayNode s = files.putArray(name);
    for (int d : shape) {
      s.add(d);
    }
  }

  /** Time-major rows {@code a[t][b * width + i]} as batch-major {@code [B, T, width]}. */
  static double[] batchMajor(double[][] a, int batch, int steps, int width) {
    double[] out = new double[batch * steps * width];
    for (int t = 0; t < steps; t++) {
      for (int b = 0; b < batch; b++) {
        System.arraycopy(a[t], b * width, out, (b * steps + t) * width, width);
      }
    }
    return out;
  }
}
