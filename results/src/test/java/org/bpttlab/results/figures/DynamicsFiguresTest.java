package org.bpttlab.results.figures;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.XYDataset;
import org.joml.Vector3d;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The dynamics figures from hand-written analysis CSVs: a rate-network compare (2 rules × 1 seed,
 * 3 trials of 2 conditions, a stable fixed point and a slow point with their eigenvalues) and a
 * spiking run (input, lif and alif spikes, rates, traces). Checks which figures come, their panels
 * and series, the files' validity and pixel size, the 3-D projection against known answers, that
 * trials are not joined, and that malformed rows are refused by file, line and column.
 */
class DynamicsFiguresTest {
  private static final String[] RULES = {"bptt", "eprop"};

  /**
   * Trial k of a rule: 5 steps with pc1 = 0..4 and pc2 = 1, −1, 3 for trials 0, 1, 2 (conditions
   * left, right, left), pc3 = step / 2. Joining trial 0's end (4, 1) to trial 2's start (0, 3)
   * would cross (2, 2), where nothing else is.
   */
  static void writeRateCompare(Path dir) throws IOException {
    StringBuilder pca = new StringBuilder("rule,seed,component,variance,ratio,cumulative\n");
    StringBuilder traj = new StringBuilder("rule,seed,trial,condition,step,pc1,pc2,pc3\n");
    StringBuilder fixed = new StringBuilder("rule,seed,point,kind,speed,stable,pc1,pc2,pc3\n");
    StringBuilder eig = new StringBuilder("rule,seed,point,real,imaginary\n");
    double[] pc2 = {1, -1, 3};
    String[] conditions = {"left", "right", "left"};
    for (String rule : RULES) {
      double[] ratios = {0.6, 0.3, 0.1};
      double sum = 0;
      for (int k = 0; k < 3; k++) {
        sum += ratios[k];
        pca.append(String.format(Locale.ROOT, "%s,1,%d,%s,%s,%s\n", rule, k + 1, 10 * ratios[k],
            ratios[k], sum));
      }
      for (int trial = 0; trial < 3; trial++) {
        for (int step = 1; step <= 5; step++) {
          traj.append(String.format(Locale.ROOT, "%s,1,%d,%s,%d,%s,%s,%s\n", rule, trial,
              conditions[trial], step, (double) step - 1, pc2[trial], step / 2.0));
        }
      }
      fixed.append(rule).append(",1,0,fixed,0.0,true,2.0,-3.0,1.0\n");
      fixed.append(rule).append(",1,1,slow,1.0E-4,false,4.0,-3.0,0.5\n");
      eig.append(rule).append(",1,0,0.5,0.2\n").append(rule).append(",1,0,0.5,-0.2\n");
      eig.append(rule).append(",1,1,1.1,0.0\n").append(rule).append(",1,1,0.3,0.0\n");
    }
    write(dir, "pca.csv", pca);
    write(dir, "trajectories.csv", traj);
    write(dir, "fixed-points.csv", fixed);
    write(dir, "eigenvalues.csv", eig);
  }

  /** One rule, seed 3: trials 0 and 1 of 2 input, 3 lif and 2 alif neurons; rates; traces. */
  static void writeSpikingRun(Path dir) throws IOException {
    StringBuilder spikes = new StringBuilder("rule,seed,trial,condition,population,neuron,step\n");
    String[] pops = {"alif", "input", "lif"}; // not in stacking order, on purpose
    int[] sizes = {2, 2, 3};
    for (int trial = 0; trial < 2; trial++) {
      for (int p = 0; p < pops.length; p++) {
        for (int n = 0; n < sizes[p]; n++) {
          for (int step = 1 + n; step <= 20; step += 3 + p) {
            spikes.append(String.format(Locale.ROOT, "eprop,3,%d,all,%s,%d,%d\n", trial, pops[p],
                n, step));
          }
        }
      }
    }
    StringBuilder rates = new StringBuilder("rule,seed,population,neuron,rate_hz\n");
    for (int n = 0; n < 3; n++) {
      rates.append(String.format(Locale.ROOT, "eprop,3,lif,%d,%s\n", n, 10.0 + 5 * n));
    }
    for (int n = 0; n < 2; n++) {
      rates.append(String.format(Locale.ROOT, "eprop,3,alif,%d,%s\n", n, 30.0 + 5 * n));
    }
    StringBuilder traces = new StringBuilder(
        "rule,seed,trial,population,neuron,step,v,threshold\n");
    for (int step = 1; step <= 10; step++) {
      traces.append(String.format(Locale.ROOT, "eprop,3,0,lif,0,%d,%s,1.0\n", step, 0.1 * step));
      traces.append(String.format(Locale.ROOT, "eprop,3,0,alif,1,%d,%s,%s\n", step,
          0.05 * step, 1.0 + 0.02 * step));
    }
    write(dir, "spikes.csv", spikes);
    write(dir, "rates.csv", rates);
    write(dir, "traces.csv", traces);
  }

  private static void write(Path dir, String name, CharSequence text) throws IOException {
    Files.createDirectories(dir.resolve("analysis"));
    Files.writeString(dir.resolve("analysis").resolve(name), text, StandardCharsets.UTF_8);
  }

  /** Name → {panels, columns, series}. */
  private static Map<String, List<Integer>> shape(List<Figure> figures) {
    Map<String, List<Integer>> out = new LinkedHashMap<>();
    for (Figure f : figures) {
      out.put(f.name(), List.of(f.panels().size(), f.columns(), f.series()));
    }
    return out;
  }

  @Test
  void aRateCompareGivesItsFourFiguresWithAPanelPerRule(@TempDir Path dir) throws IOException {
    writeRateCompare(dir);
    Map<String, List<Integer>> expected = new LinkedHashMap<>();
    expected.put("pca-variance", List.of(2, 2, 4)); // ratio and cumulative, a line per rule
    expected.put("state-space-3d", List.of(4, 2, 8)); // 2 rules × 2 azimuths, 2 conditions
    expected.put("state-space-2d", List.of(6, 3, 12)); // 2 rules × 3 pairs, 2 conditions
    expected.put("eigenvalues", List.of(2, 2, 4)); // stable fixed and slow, per rule
    assertEquals(expected, shape(Figures.read(dir)));
  }

  @Test
  void aSpikingRunGivesRasterRatesAndTraces(@TempDir Path dir) throws IOException {
    writeSpikingRun(dir);
    Map<String, List<Integer>> expected = new LinkedHashMap<>();
    expected.put("raster", List.of(1, 1, 3)); // input, lif, alif
    expected.put("firing-rates", List.of(1, 1, 2)); // lif, alif
    expected.put("traces", List.of(1, 1, 4)); // 2 neurons × (v, threshold)
    assertEquals(expected, shape(Figures.read(dir)));
  }

  @Test
  void theStateSpaceShowsConditionsInOrderAndFixedPointsByKind(@TempDir Path dir)
      throws IOException {
    writeRateCompare(dir);
    Figure f = figure(dir, "state-space-2d");
    XYPlot plot = f.chart().getXYPlot();
    assertEquals("left", plot.getDataset(0).getSeriesKey(0));
    assertEquals("right", plot.getDataset(0).getSeriesKey(1));
    XYDataset starts = plot.getDataset(1);
    assertEquals(2, starts.getItemCount(0), "a start per left trial");
    assertEquals(0.0, starts.getXValue(0, 0));
    assertEquals(3.0, starts.getYValue(0, 1), "trial 2 starts at pc2 = 3");
    XYDataset points = plot.getDataset(2);
    assertEquals(List.of("stable fixed point", "slow point"),
        List.of(points.getSeriesKey(0), points.getSeriesKey(1)));
    assertEquals(2.0, points.getXValue(0, 0));
    assertEquals(-3.0, points.getYValue(0, 0));
    assertEquals(List.of("bptt, PC1\u2013PC2", "bptt, PC1\u2013PC3", "bptt, PC2\u2013PC3",
        "eprop, PC1\u2013PC2"), f.panels().subList(0, 4).stream()
        .map(c -> c.getTitle().getText()).toList());
    // eigenvalues: the stable point's two, the slow point's two
    XYDataset eig = figure(dir, "eigenvalues").chart().getXYPlot().getDataset(0);
    assertEquals(2, eig.getItemCount(0));
    assertEquals(-0.2, eig.getYValue(0, 1));
    assertEquals(1.1, eig.getXValue(1, 0));
  }

  @Test
  void aTrialsLineIsNotJoinedToTheNextTrials(@TempDir Path dir) throws IOException {
    writeRateCompare(dir);
    JFreeChart chart = figure(dir, "state-space-2d").chart(); // bptt, PC1–PC2
    XYDataset lines = chart.getXYPlot().getDataset(0);
    assertEquals(11, lines.getItemCount(0), "trials 0 and 2: 5 points each and a break");
    assertTrue(Double.isNaN(lines.getXValue(0, 5)));
    BufferedImage image = new BufferedImage(Charts.WIDTH, Charts.HEIGHT,
        BufferedImage.TYPE_INT_RGB);
    ChartRenderingInfo info = new ChartRenderingInfo();
    Graphics2D g2 = image.createGraphics();
    chart.draw(g2, new Rectangle2D.Double(0, 0, Charts.WIDTH, Charts.HEIGHT), info);
    g2.dispose();
    Rectangle2D area = info.getPlotInfo().getDataArea();
    XYPlot plot = chart.getXYPlot();
    Color left = DynamicsCharts.conditionColour(0);
    // on trial 0's line (pc2 = 1) the condition's colour shows: the check can fail
    assertTrue(near(pixel(image, plot, area, 1.5, 1), left), "trial 0's line is drawn");
    assertTrue(near(pixel(image, plot, area, 2.5, 3), left), "trial 2's line is drawn");
    // where a line from trial 0's end (4, 1) to trial 2's start (0, 3) would pass: nothing
    for (double t : new double[] {0.25, 0.5, 0.75}) {
      Color c = pixel(image, plot, area, 4 - 4 * t, 1 + 2 * t);
      assertFalse(near(c, left), "no join at t = " + t + ": " + c);
    }
  }

  private static Color pixel(BufferedImage image, XYPlot plot, Rectangle2D area, double x,
      double y) {
    double px = plot.getDomainAxis().valueToJava2D(x, area, RectangleEdge.BOTTOM);
    double py = plot.getRangeAxis().valueToJava2D(y, area, RectangleEdge.LEFT);
    return new Color(image.getRGB((int) Math.floor(px), (int) Math.floor(py)));
  }

  /** Within 40 of {@code c} in each channel (antialiasing blends the line's edge). */
  private static boolean near(Color a, Color c) {
    return Math.abs(a.getRed() - c.getRed()) < 40 && Math.abs(a.getGreen() - c.getGreen()) < 40
        && Math.abs(a.getBlue() - c.getBlue()) < 40;
  }

  @Test
  void theProjectionPutsTheCentreInTheMiddleAndPc1ToTheRight() {
    Vector3d centre = new Vector3d(1, 2, 3);
    double r = 2;
    StateView front = new StateView(centre, r, 0, 0);
    assertArrayEquals(new double[] {0, 0}, front.project(1, 2, 3), 1e-12, "on the view axis");
    // a point r to the right at the centre's depth: x = (r / d) / tan(fov/2) = cos(fov/2)
    double half = Math.toRadians(StateView.FIELD_OF_VIEW_DEGREES / 2);
    assertArrayEquals(new double[] {Math.cos(half), 0}, front.project(1 + r, 2, 3), 1e-12);
    assertArrayEquals(new double[] {0, Math.cos(half)}, front.project(1, 2, 3 + r), 1e-12,
        "PC3 is up");
    assertArrayEquals(new double[] {-Math.cos(half), 0}, front.project(1 - r, 2, 3), 1e-12);
    // turned by 90°, the camera looks along −PC1 and PC2 is to the right
    StateView side = new StateView(centre, r, 90, 0);
    assertArrayEquals(new double[] {Math.cos(half), 0}, side.project(1, 2 + r, 3), 1e-12);
    // nearer points spread more: a point ahead of the centre, off the axis, lands further out
    StateView view = new StateView(centre, r, 0, 0);
    double far = view.project(1 + 1, 2 + 1, 3)[0];
    double near = view.project(1 + 1, 2 - 1, 3)[0];
    assertTrue(near > far && far > 0, near + " > " + far);
    // from above (elevation 90° would be degenerate), 30°: PC3 still points up
    StateView above = new StateView(centre, r, 30, 30);
    assertTrue(above.project(1, 2, 3 + 1)[1] > 0);
    assertThrows(IllegalArgumentException.class, () -> new StateView(centre, 0, 0, 0));
  }

  @Test
  void pngAndSvgAreValidAndOfTheGridsSize(@TempDir Path dir) throws Exception {
    writeRateCompare(dir);
    writeSpikingRun(dir);
    List<Path> written = Figures.drawAll(dir);
    List<Figure> figures = Figures.read(dir);
    assertEquals(List.of("pca-variance", "state-space-3d", "state-space-2d", "eigenvalues",
        "raster", "firing-rates", "traces"), figures.stream().map(Figure::name).toList());
    assertEquals(Figures.EXTENSIONS.size() * figures.size(), written.size());
    for (Figure f : figures) {
      byte[] png = Files.readAllBytes(dir.resolve("figures/" + f.name() + ".png"));
      ByteBuffer b = ByteBuffer.wrap(png, 16, 8); // IHDR's width and height
      assertEquals(f.width() * Figures.PNG_SCALE, b.getInt(), f.name());
      assertEquals(f.height() * Figures.PNG_SCALE, b.getInt(), f.name());
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
      assertEquals(Charts.WIDTH * f.columns() * 2, image.getWidth(), f.name());
      assertEquals(Charts.HEIGHT * f.rows() * 2, image.getHeight(), f.name());
      assertEquals(0xFFFFFF, image.getRGB(image.getWidth() - 1, image.getHeight() - 1)
          & 0xFFFFFF, f.name() + ": white, empty grid cells too");
      Document svg = parse(dir.resolve("figures/" + f.name() + ".svg"));
      Element root = svg.getDocumentElement();
      assertEquals(f.width(), Double.parseDouble(root.getAttribute("width")), f.name());
      assertEquals(f.height(), Double.parseDouble(root.getAttribute("height")), f.name());
      // every series a group named after it, in every panel
      java.util.Set<String> series = new java.util.TreeSet<>();
      NodeList g = svg.getElementsByTagNameNS("*", "g");
      for (int i = 0; i < g.getLength(); i++) {
        String id = ((Element) g.item(i)).getAttribute("id");
        if (id.matches((f.panels().size() == 1 ? "" : "panel-[a-z]+-")
            + "series-\\d+-(line|points|band|bar-0)")) {
          series.add(id.substring(0, id.lastIndexOf('-'))); // the panel and series
        }
      }
      assertEquals(f.series(), series.size(), f.name() + ": series groups " + series);
    }
    // 3 panels in a row for 2 rules' eigenvalues: the grid is 2 × 1
    Figure eig = figures.get(3);
    assertEquals(2 * Charts.WIDTH, eig.width());
    assertEquals(Charts.HEIGHT, eig.height());
  }

  @Test
  void fourRulesFillAGridOfThreeColumnsWithWhiteEmptyCells(@TempDir Path dir) throws Exception {
    StringBuilder rates = new StringBuilder("rule,seed,population,neuron,rate_hz\n");
    for (String rule : List.of("bptt", "eprop", "rtrl", "tbptt")) {
      for (int n = 0; n < 4; n++) {
        rates.append(rule).append(",1,lif,").append(n).append(',').append(5.0 * n).append('\n');
      }
    }
    write(dir, "rates.csv", rates);
    Figure f = figure(dir, "firing-rates");
    assertEquals(List.of(4, 3, 2), List.of(f.panels().size(), f.columns(), f.rows()));
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(Figures.png(f)));
    assertEquals(3 * Charts.WIDTH * Figures.PNG_SCALE, image.getWidth());
    assertEquals(2 * Charts.HEIGHT * Figures.PNG_SCALE, image.getHeight());
    for (int x = 4 * Charts.WIDTH; x < 6 * Charts.WIDTH; x += 97) { // the 6th cell, empty
      for (int y = 2 * Charts.HEIGHT; y < 4 * Charts.HEIGHT; y += 89) {
        assertEquals(0xFFFFFF, image.getRGB(x, y) & 0xFFFFFF, x + ", " + y);
      }
    }
    // the panels' SVG groups are told apart: panel-P-series-0-bar-0 for P = a..d
    Document svg = parse(Figures.svg(f));
    List<String> ids = new ArrayList<>();
    NodeList g = svg.getElementsByTagNameNS("*", "g");
    for (int i = 0; i < g.getLength(); i++) {
      String id = ((Element) g.item(i)).getAttribute("id");
      if (id.contains("series-")) {
        ids.add(id);
      }
    }
    assertEquals(List.of("panel-a-series-0-bar-0", "panel-b-series-0-bar-0",
        "panel-c-series-0-bar-0", "panel-d-series-0-bar-0"), ids);
  }

  @Test
  void theSameCsvsGiveTheSameBytes(@TempDir Path a, @TempDir Path b) throws IOException {
    for (Path d : List.of(a, b)) {
      writeRateCompare(d);
      writeSpikingRun(d);
      Figures.drawAll(d);
    }
    for (Figure f : Figures.read(a)) {
      for (String ext : List.of(".png", ".svg")) {
        assertArrayEquals(Files.readAllBytes(a.resolve("figures/" + f.name() + ext)),
            Files.readAllBytes(b.resolve("figures/" + f.name() + ext)), f.name() + ext);
      }
    }
  }

  @Test
  void aRasterOf5000SpikesStaysSmall(@TempDir Path dir) throws Exception {
    StringBuilder spikes = new StringBuilder("rule,seed,trial,condition,population,neuron,step\n");
    int count = 0;
    for (int n = 0; n < 100; n++) {
      for (int k = 0; k < 50; k++) {
        String pop = n < 20 ? "input" : n < 70 ? "lif" : "alif";
        int index = n < 20 ? n : n < 70 ? n - 20 : n - 70;
        spikes.append(String.format(Locale.ROOT, "bptt,1,0,all,%s,%d,%d\n", pop, index,
            1 + (k * 10 + n * 7) % 500));
        count++;
      }
    }
    assertEquals(5000, count);
    write(dir, "spikes.csv", spikes);
    Figure f = figure(dir, "raster");
    assertEquals(3, f.series());
    String svg = Figures.svg(f);
    // one path per population, not an element per spike
    Document doc = parse(svg);
    NodeList g = doc.getElementsByTagNameNS("*", "g");
    int groups = 0;
    for (int i = 0; i < g.getLength(); i++) {
      Element e = (Element) g.item(i);
      if (e.getAttribute("id").startsWith("series-")) {
        groups++;
        assertEquals(1, e.getElementsByTagNameNS("*", "path").getLength(), e.getAttribute("id"));
      }
    }
    assertEquals(3, groups);
    assertTrue(svg.length() < 1_000_000, svg.length() + " characters"); // 405,028 here
    assertTrue(Figures.png(f).length < 400_000);
  }

  @Test
  void absentInputsLeaveTheirFiguresOut(@TempDir Path dir) throws IOException {
    writeRateCompare(dir);
    Files.delete(dir.resolve("analysis/fixed-points.csv"));
    Files.delete(dir.resolve("analysis/pca.csv"));
    Map<String, List<Integer>> shapes = shape(Figures.read(dir));
    assertEquals(List.of("state-space-3d", "state-space-2d"), List.copyOf(shapes.keySet()),
        "no eigenvalues without the points' kinds");
    assertEquals(0, figure(dir, "state-space-2d").chart().getXYPlot().getDataset(2)
        .getSeriesCount(), "no fixed points");
    assertTrue(Figures.INPUTS.containsAll(DynamicsFigures.INPUTS));
  }

  @Test
  void aMalformedRowIsRefusedNamingFileLineAndColumn(@TempDir Path dir) throws IOException {
    writeRateCompare(dir);
    Path traj = dir.resolve("analysis/trajectories.csv");
    List<String> lines = new ArrayList<>(Files.readAllLines(traj));
    assertEquals("bptt,1,0,left,3,2.0,1.0,1.5", lines.get(3));
    lines.set(3, "bptt,1,0,left,3,2.0,abc,1.5"); // line 4: pc2
    Files.write(traj, lines);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Figures.read(dir));
    assertEquals(traj + " line 4, column pc2: not a number: 'abc'", e.getMessage());

    lines.set(3, "bptt,1,0,left,2.5,2.0,1.0,1.5");
    Files.write(traj, lines);
    e = assertThrows(IllegalArgumentException.class, () -> Figures.read(dir));
    assertEquals(traj + " line 4, column step: not a whole number: '2.5'", e.getMessage());

    writeRateCompare(dir);
    Path fixed = dir.resolve("analysis/fixed-points.csv");
    Files.writeString(fixed, Files.readString(fixed).replaceFirst(",true,", ",yes,"));
    e = assertThrows(IllegalArgumentException.class, () -> Figures.read(dir));
    assertEquals(fixed + " line 2, column stable: not true or false: 'yes'", e.getMessage());

    writeRateCompare(dir);
    Path eig = dir.resolve("analysis/eigenvalues.csv");
    Files.writeString(eig, Files.readString(eig).replaceFirst("bptt,1,1,1.1", "bptt,1,7,1.1"));
    e = assertThrows(IllegalArgumentException.class, () -> Figures.read(dir));
    assertTrue(e.getMessage().startsWith(eig + " line 4, column point: point 7 of rule bptt"),
        e.getMessage());
  }

  private static Figure figure(Path dir, String name) throws IOException {
    return Figures.read(dir).stream().filter(f -> f.name().equals(name)).findFirst()
        .orElseThrow();
  }

  private static Document parse(Path svg) throws Exception {
    return parse(Files.readString(svg));
  }

  private static Document parse(String svg) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    return f.newDocumentBuilder().parse(new ByteArrayInputStream(
        svg.getBytes(StandardCharsets.UTF_8)));
  }
}
