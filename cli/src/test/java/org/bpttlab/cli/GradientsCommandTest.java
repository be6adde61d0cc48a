package org.bpttlab.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.bpttlab.core.Batch;
import org.bpttlab.core.LossKind;
import org.bpttlab.core.NetworkSpec;
import org.bpttlab.core.ParameterShape;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.RateCellSpec;
import org.bpttlab.core.RateRegularizerSpec;
import org.bpttlab.core.ReadoutSpec;
import org.bpttlab.core.Seeds;
import org.bpttlab.core.SpikingCellSpec;
import org.bpttlab.core.Surrogate;
import org.bpttlab.core.Trajectory;
import org.bpttlab.core.net.Network;
import org.bpttlab.results.export.GradientExport;
import org.bpttlab.experiment.io.Json;
import org.bpttlab.experiment.io.Npy;
import org.bpttlab.rules.bptt.Bptt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GradientsCommandTest {
  @TempDir Path dir;

  private static final String[] SIZES = {
    "--hidden", "6", "--inputs", "3", "--outputs", "2", "--steps", "9", "--batch", "3",
    "--seed", "11"
  };

  private Cli.Result export(Path out, String... extra) {
    List<String> args = new ArrayList<>(List.of("gradients"));
    args.addAll(List.of(SIZES));
    args.addAll(List.of(extra));
    args.addAll(List.of("--out", out.toString()));
    return Cli.run(args.toArray(String[]::new));
  }

  @Test
  void rateCellExportMatchesBpttBitForBit() throws IOException {
    Path out = dir.resolve("rate");
    Cli.Result r = export(out, "--rules", "bptt,readout-only");
    assertEquals(0, r.code(), r.err());
    assertEquals("", r.err());
    NetworkSpec spec = NetworkSpec.of(3, RateCellSpec.vanilla(6), 2, LossKind.MSE);
    checkExport(out, spec, 11, List.of("bptt", "readout-only"));
    // readout-only: exact for the readout (summed forward in time, BPTT sums backward: equal to
    // rounding), zero elsewhere
    for (String g : List.of("W_out", "b_out")) {
      double[] exact = npy(out, "grads/bptt/" + g + ".npy").data();
      double[] readout = npy(out, "grads/readout-only/" + g + ".npy").data();
      for (int i = 0; i < exact.length; i++) {
        assertEquals(exact[i], readout[i], 1e-13 * Math.max(1, Math.abs(exact[i])), g);
      }
    }
    for (String g : List.of("W_in", "W_rec", "b")) {
      for (double v : npy(out, "grads/readout-only/" + g + ".npy").data()) {
        assertEquals(0.0, v);
      }
    }
  }

  @Test
  void leakyRateCellWithLeakyReadoutAndStoppedGradient() throws IOException {
    Path out = dir.resolve("leaky");
    Cli.Result r = export(out, "--alpha", "0.25", "--tau-out", "5", "--stop-recurrent-gradient");
    assertEquals(0, r.code(), r.err());
    NetworkSpec spec = NetworkSpec.of(3, new RateCellSpec(6, 0.25, true), 2, LossKind.MSE)
        .withReadout(ReadoutSpec.leaky(5));
    checkExport(out, spec, 11, List.of("bptt"));
  }

  @Test
  void adaptiveSpikingCellWithCrossEntropyAndRegulariser() throws IOException {
    Path out = dir.resolve("alif");
    Cli.Result r = export(out, "--cell", "alif", "--adaptive", "4", "--loss", "ce",
        "--tau-mem", "15", "--tau-adapt", "200", "--threshold", "0.4", "--beta", "0.2",
        "--dampening", "0.5", "--refractory", "1", "--surrogate", "fast-sigmoid",
        "--detach-reset", "--tau-out", "10", "--reg-strength", "0.3", "--reg-target-hz", "20");
    assertEquals(0, r.code(), r.err());
    SpikingCellSpec cell = new SpikingCellSpec(6, 4, 15, 200, 0.4, 0.2, 0.5, 1,
        Surrogate.FAST_SIGMOID, 1.0, true, false);
    NetworkSpec spec = NetworkSpec.of(3, cell, 2, LossKind.CROSS_ENTROPY)
        .withReadout(new ReadoutSpec(10, 1.0))
        .withRegularizer(new RateRegularizerSpec(0.3, 20));
    Batch batch = checkExport(out, spec, 11, List.of("bptt"));
    for (double[] x : batch.x()) {
      for (double v : x) {
        assertTrue(v == 0.0 || v == 1.0, "spike inputs are 0/1");
      }
    }
    for (int t = 0; t < batch.steps(); t++) {
      for (int b = 0; b < batch.size(); b++) {
        assertEquals(1.0, batch.target()[t][2 * b] + batch.target()[t][2 * b + 1], "one-hot");
      }
    }
    JsonNode model = Json.read(out.resolve("model.json"));
    assertEquals("alif", model.at("/network/cell/kind").asText());
    assertEquals(4, model.at("/network/cell/adaptive_neurons").asInt());
    assertEquals("fast-sigmoid", model.at("/network/cell/surrogate").asText());
    assertTrue(model.at("/loss/regularizer").asDouble() > 0);
    assertTrue(model.at("/network/cell/detach_reset").asBoolean(), "the graph is recorded");
  }

  @Test
  void lifDefaultsExport() throws IOException {
    Path out = dir.resolve("lif");
    assertEquals(0, export(out, "--cell", "lif").code());
    checkExport(out, NetworkSpec.of(3, SpikingCellSpec.lif(6), 2, LossKind.MSE), 11,
        List.of("bptt"));
  }

  @Test
  void existingOutputNeedsForce() throws IOException {
    Path out = dir.resolve("again");
    assertEquals(0, export(out).code());
    Cli.Result r = export(out);
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--out") && r.err().contains("--force"), r.err());
    assertEquals(0, export(out, "--force", "--rules", "bptt,readout-only").code());
    JsonNode model = Json.read(out.resolve("model.json"));
    assertTrue(model.at("/rules/readout-only").isObject(), "replaced");
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(List.of("again"), s.map(p -> p.getFileName().toString()).toList());
    }
  }

  /**
   * Checks every file's shape and content against an independent computation: parameters drawn by
   * {@code network.initialize}, the batch regenerated, the loss and BPTT gradient recomputed.
   */
  private Batch checkExport(Path out, NetworkSpec spec, long seed, List<String> rules)
      throws IOException {
    int b = 3;
    int steps = 9;
    Network network = new Network(spec);
    Parameters params = network.initialize(new Seeds(seed));
    for (int g = 0; g < params.groupCount(); g++) {
      ParameterShape s = params.shape(g);
      Npy.Array a = npy(out, "params/" + s.name() + ".npy");
      boolean vector = s.name().startsWith("b");
      assertArrayEquals(vector ? new int[] {s.rows()} : new int[] {s.rows(), s.cols()},
          a.shape(), s.name());
      assertBitsEqual(params.get(g), a.data());
    }
    assertEquals(spec.cell() instanceof RateCellSpec ? 5 : 4, params.groupCount());

    Npy.Array x = npy(out, "inputs.npy");
    Npy.Array y = npy(out, "targets.npy");
    Npy.Array m = npy(out, "mask.npy");
    assertArrayEquals(new int[] {b, steps, spec.inputs()}, x.shape());
    assertArrayEquals(new int[] {b, steps, spec.outputs()}, y.shape());
    assertArrayEquals(new int[] {b, steps}, m.shape());
    Batch batch = new Batch(b, steps, spec.inputs(), spec.outputs(),
        timeMajor(x.data(), b, steps, spec.inputs()), timeMajor(y.data(), b, steps,
        spec.outputs()), timeMajor(m.data(), b, steps, 1));
    Batch expected = GradientExport.randomBatch(spec, b, steps,
        new Seeds(seed).derive("gradients-batch"));
    for (int t = 0; t < steps; t++) {
      assertBitsEqual(expected.x()[t], batch.x()[t]);
      assertBitsEqual(expected.target()[t], batch.target()[t]);
      for (int s = 0; s < b; s++) {
        assertEquals(t < steps / 4 ? 0.0 : 1.0, batch.mask()[t][s], "mask");
      }
    }

    Trajectory tr = network.newTrajectory(batch);
    double loss = network.forward(params, tr);
    Parameters grad = network.newParameters();
    Bptt.gradient(network, params, tr, grad);
    JsonNode model = Json.read(out.resolve("model.json"));
    assertEquals(loss, model.at("/loss/total").asDouble());
    assertEquals(seed, model.get("seed").asLong());
    assertEquals(spec.hidden(), model.at("/network/hidden").asInt());
    for (int g = 0; g < grad.groupCount(); g++) {
      Npy.Array a = npy(out, "grads/bptt/" + grad.shape(g).name() + ".npy");
      assertBitsEqual(grad.get(g), a.data());
    }
    for (String rule : rules) {
      assertTrue(Files.isDirectory(out.resolve("grads/" + rule)), rule);
      assertEquals("grads/" + rule, model.at("/rules/" + rule + "/folder").asText());
    }
    try (Stream<Path> s = Files.list(out.resolve("grads"))) {
      assertEquals(rules.size(), s.count());
    }
    model.get("files").fieldNames().forEachRemaining(f ->
        assertTrue(Files.isRegularFile(out.resolve(f)), f));
    return batch;
  }

  private static Npy.Array npy(Path out, String name) throws IOException {
    return Npy.read(out.resolve(name));
  }

  private static double[][] timeMajor(double[] data, int batch, int steps, int width) {
    double[][] out = new double[steps][batch * width];
    for (int s = 0; s < batch; s++) {
      for (int t = 0; t < steps; t++) {
        System.arraycopy(data, (s * steps + t) * width, out[t], s * width, width);
      }
    }
    return out;
  }

  private static void assertBitsEqual(double[] expected, double[] actual) {
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(actual[i]),
          "entry " + i);
    }
  }
}
