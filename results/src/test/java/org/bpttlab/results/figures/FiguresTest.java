package org.bpttlab.results.figures;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Every figure kind drawn from small fixed CSVs ({@link FixedCsvs}): the files are valid PNG
 * (signature, IHDR of 1280 × 800 RGB per panel, every chunk's CRC, decodable), SVG (parsed as
 * XML, 640 × 400 per panel with a view box) and PDF (a page of as many points) with the expected
 * number of series, each series a group of the SVG named in the legend. No pixel is compared
 * with a golden image.
 */
class FiguresTest {
  /** The figures the fixed CSVs give, with their series counts over all panels, in order. */
  private static final Map<String, Integer> EXPECTED = new LinkedHashMap<>();

  /** Panels of the multi-panel figures: {panels, columns}. */
  private static final Map<String, int[]> PANELS = Map.of(
      "learning", new int[] {2, 2},
      "alignment", new int[] {3, 3},
      "cost", new int[] {4, 2});

  static {
    EXPECTED.put("learning", 3 + 3);
    EXPECTED.put("alignment", 3 + 3 + 3); // groups all, W_rec, W_out
    EXPECTED.put("norm-ratio", 3);
    EXPECTED.put("final-alignment", 3);
    EXPECTED.put("final-loss", 3);
    EXPECTED.put("final-mse", 3);
    EXPECTED.put("lag", 3);
    EXPECTED.put("cost", 2 + 2 + 1 + 2); // budget's "predicted" has no times
    EXPECTED.put("points", 2);
  }

  /** The series names of each figure, as the legend (or the category axis) shows them. */
  private static final Map<String, List<String>> NAMES = Map.of(
      "learning", List.of("bptt", "eprop", "tbptt:k1=5,k2=10"),
      "lag", List.of("radius=0.8", "radius=1.0", "radius=1.2"),
      "points", List.of("W_in", "W_rec", "y = x"));

  private static int[] panels(String name) {
    return PANELS.getOrDefault(name, new int[] {1, 1});
  }

  private static int width(String name) {
    return 640 * panels(name)[1];
  }

  private static int height(String name) {
    int[] p = panels(name);
    return 400 * ((p[0] + p[1] - 1) / p[1]);
  }

  @TempDir static Path dir;
  private static List<Path> written;

  @BeforeAll
  static void draw() throws IOException {
    FixedCsvs.writeAll(dir);
    written = Figures.drawAll(dir);
  }

  @Test
  void everyFigureKindIsDrawnAsPngSvgAndPdf() throws IOException {
    List<String> expected = new ArrayList<>();
    for (String name : EXPECTED.keySet()) {
      expected.add(name + ".png");
      expected.add(name + ".svg");
      expected.add(name + ".pdf");
    }
    assertEquals(27, expected.size());
    assertEquals(expected, written.stream().map(p -> p.getFileName().toString()).toList());
    for (Path p : written) {
      assertEquals(dir.resolve("figures"), p.getParent());
    }
    try (Stream<Path> s = Files.list(dir.resolve("figures"))) {
      assertEquals(new TreeSet<>(expected),
          new TreeSet<>(s.map(p -> p.getFileName().toString()).toList()), "nothing else");
    }
    Map<String, Integer> counted = new LinkedHashMap<>();
    for (Figure f : Figures.read(dir)) {
      counted.put(f.name(), f.series());
      assertEquals(panels(f.name())[0], f.panels().size(), f.name());
      assertEquals(panels(f.name())[1], f.columns(), f.name());
    }
    assertEquals(EXPECTED, counted);
  }

  @Test
  void pdfFilesAreOnePageOfTheFiguresSizeInPointsWithAFixedDate() throws IOException {
    for (String name : EXPECTED.keySet()) {
      byte[] bytes = Files.readAllBytes(dir.resolve("figures/" + name + ".pdf"));
      String pdf = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
      assertTrue(pdf.startsWith("%PDF-1.4\n"), name);
      assertTrue(pdf.endsWith("%%EOF"), name);
      assertEquals(1, count(pdf, "/Type /Page\n"), name + ": one page");
      assertTrue(pdf.contains("/MediaBox [0.0 0.0 " + width(name) + ".0 " + height(name)
          + ".0]"), name);
      assertEquals(2, count(pdf, " (D:20000101000000"), name + ": creation and modification");
      // the cross-reference table still points at each object: the fixed dates kept the length
      Matcher xref = Pattern.compile("\n(\\d{10}) 00000 n ").matcher(pdf);
      int objects = 0;
      while (xref.find()) {
        objects++;
        assertTrue(pdf.startsWith(objects + " 0 obj", Integer.parseInt(xref.group(1))),
            name + " object " + objects);
      }
      assertTrue(objects >= 7, name + ": " + objects);
    }
    // text as text in Helvetica where all the text is ASCII; drawn as outlines elsewhere
    Map<String, Boolean> ascii = new LinkedHashMap<>();
    for (Figure f : Figures.read(dir)) {
      ascii.put(f.name(), Charts.asciiText(f.panels()));
    }
    assertEquals(List.of("learning", "alignment", "final-alignment", "final-loss", "final-mse",
        "points"), ascii.keySet().stream().filter(ascii::get).toList(),
        "norm-ratio (\u2016), lag (\u2202), cost (\u00b5s) have other characters");
    String learning = Files.readString(dir.resolve("figures/learning.pdf"),
        java.nio.charset.StandardCharsets.ISO_8859_1);
    assertTrue(learning.contains("/BaseFont /Helvetica"), "learning: text as text");
    String ratio = Files.readString(dir.resolve("figures/norm-ratio.pdf"),
        java.nio.charset.StandardCharsets.ISO_8859_1);
    assertFalse(ratio.contains("/BaseFont"), "norm-ratio's \u2016g\u2016: outlines, no font");
  }

  @Test
  void aPdfsDatesAreFixedWithoutChangingItsLength() {
    byte[] in = "1 0 obj\n/ModDate (D:20261207040525+01'0')\n/CreationDate (D:20261207040525-05'0')\n"
        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    byte[] out = Figures.withFixedDates(in);
    assertEquals("1 0 obj\n/ModDate (D:20000101000000+00'0')\n/CreationDate"
        + " (D:20000101000000+00'0')\n", new String(out, java.nio.charset.StandardCharsets
        .ISO_8859_1));
    assertEquals(in.length, out.length);
  }

  @Test
  void chartsCarryNoTitleThePanelsALabelAndTheCaptionTheTitle() throws Exception {
    Map<String, Figure> byName = new LinkedHashMap<>();
    for (Figure f : Figures.read(dir)) {
      byName.put(f.name(), f);
    }
    Figure alignment = byName.get("alignment");
    assertEquals("Alignment with BPTT", alignment.title());
    assertTrue(alignment.caption().startsWith("Alignment with BPTT: mean and 95% confidence band"
        + " over 2 seeds (Student's t). Cosine of each rule's gradient"), alignment.caption());
    assertEquals("Final loss", byName.get("final-loss").title());
    assertTrue(byName.get("final-loss").caption().startsWith("Final loss: mean and 95% interval"
        + " over 2 seeds, held-out sequences. Each trained network's loss"),
        byName.get("final-loss").caption());
    List<String> texts = texts(parse(dir.resolve("figures/alignment.svg")));
    assertTrue(texts.containsAll(List.of("a  all parameters", "b  W_rec", "c  W_out")),
        texts.toString());
    assertFalse(texts.stream().anyMatch(t -> t.startsWith("Alignment with")), texts.toString());
    assertFalse(texts.stream().anyMatch(t -> t.contains("Student")), "no subtitle drawn");
    List<String> single = texts(parse(dir.resolve("figures/final-loss.svg")));
    assertFalse(single.contains("Final loss"), single.toString());
    assertFalse(single.stream().anyMatch(t -> t.startsWith("a  ")), "one chart: no label");
  }

  @Test
  void everySeedIsADotOverItsBarSpreadAcrossTheBar() throws Exception {
    for (String name : List.of("final-loss", "final-mse", "final-alignment")) {
      Document doc = parse(dir.resolve("figures/" + name + ".svg"));
      NodeList groups = doc.getElementsByTagNameNS("*", "g");
      int bars = 0;
      for (int i = 0; i < groups.getLength(); i++) {
        Element g = (Element) groups.item(i);
        if (!g.getAttribute("id").matches("series-\\d+-bar-\\d+")) {
          continue;
        }
        bars++;
        NodeList dots = g.getElementsByTagNameNS("*", "ellipse");
        List<Double> xs = new ArrayList<>();
        for (int j = 0; j < dots.getLength(); j++) {
          xs.add(Double.parseDouble(((Element) dots.item(j)).getAttribute("cx")));
        }
        assertEquals(2, xs.size(), name + " " + g.getAttribute("id") + ": a dot per seed");
        assertTrue(Math.abs(xs.get(1) - xs.get(0)) > Charts.BarRenderer.DOT,
            name + ": dots apart, " + xs);
      }
      assertEquals(name.equals("final-alignment") ? 9 : 3, bars, name);
    }
  }

  @Test
  void anOnlineRulesIterationIsNamedOnTheXAxis(@TempDir Path d) throws IOException {
    String chunk = "a chunk of 1000 steps of one stream";
    assertEquals("training iteration (updates)",
        TrainingFigures.iterationLabel(List.of("bptt", "eprop:online=0"), chunk));
    assertEquals("training iteration (updates)",
        TrainingFigures.iterationLabel(List.of("tbptt:k1=1,k2=10,online=false"), null));
    assertEquals("iteration (" + chunk + "; online rules update within it)",
        TrainingFigures.iterationLabel(List.of("rtrl:online=1", "bptt"), chunk));
    assertEquals("iteration (a batch or chunk of steps; online rules update within it)",
        TrainingFigures.iterationLabel(List.of("tbptt:k1=1,k2=10,online=true"), null));
    // from the folder: a reproduction's config.json says what an iteration is
    FixedCsvs.writeTraining(d);
    Files.writeString(d.resolve("metrics.csv"), Files.readString(d.resolve("metrics.csv"))
        .replace(",eprop,", ",eprop:online=5,"));
    Files.writeString(d.resolve("config.json"), "{\"command\": \"reproduce\", \"iteration\": \""
        + chunk + "\"}");
    Figure learning = Figures.read(d).get(0);
    for (org.jfree.chart.JFreeChart panel : learning.panels()) {
      assertEquals("iteration (" + chunk + "; online rules update within it)",
          panel.getXYPlot().getDomainAxis().getLabel());
    }
    // a run's config.json: its batch and the task's steps
    Files.writeString(d.resolve("config.json"), "{\"command\": \"run\", \"batch_size\": 32,"
        + " \"resolved\": {\"task\": {\"steps\": 100}}}");
    assertEquals("a batch of 32 sequences of 100 steps", RunInfo.read(d).iteration());
    assertEquals("iteration (a batch of 32 sequences of 100 steps; online rules update within"
        + " it)", Figures.read(d).get(0).chart().getXYPlot().getDomainAxis().getLabel());
    Files.writeString(d.resolve("metrics.csv"), Files.readString(d.resolve("metrics.csv"))
        .replace(",eprop:online=5,", ",eprop,"));
    assertEquals("training iteration (updates)",
        Figures.read(d).get(0).chart().getXYPlot().getDomainAxis().getLabel());
  }

  private static List<String> texts(Document doc) {
    List<String> texts = new ArrayList<>();
    NodeList text = doc.getElementsByTagNameNS("*", "text");
    for (int i = 0; i < text.getLength(); i++) {
      texts.add(text.item(i).getTextContent());
    }
    return texts;
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }

  @Test
  void pngFilesAreValidAt1280By800APanel() throws IOException {
    for (String name : EXPECTED.keySet()) {
      byte[] png = Files.readAllBytes(dir.resolve("figures/" + name + ".png"));
      ByteBuffer b = ByteBuffer.wrap(png);
      byte[] signature = new byte[8];
      b.get(signature);
      assertArrayEquals(new byte[] {(byte) 137, 'P', 'N', 'G', 13, 10, 26, 10}, signature, name);
      List<String> chunks = new ArrayList<>();
      int width = 0;
      int height = 0;
      while (b.hasRemaining()) {
        int length = b.getInt();
        byte[] typeAndData = new byte[4 + length];
        b.get(typeAndData);
        String type = new String(typeAndData, 0, 4, java.nio.charset.StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeAndData);
        assertEquals((int) crc.getValue(), b.getInt(), name + " " + type + " CRC");
        if (type.equals("IHDR")) {
          ByteBuffer h = ByteBuffer.wrap(typeAndData, 4, length);
          width = h.getInt();
          height = h.getInt();
          assertEquals(8, h.get(), "bit depth");
          assertEquals(2, h.get(), "colour type RGB");
        }
        if (type.equals("pHYs")) {
          assertEquals(7874, ByteBuffer.wrap(typeAndData, 4, length).getInt(), "200 dpi");
        }
        chunks.add(type);
      }
      assertEquals("IHDR", chunks.get(0), name);
      assertEquals("IEND", chunks.get(chunks.size() - 1), name);
      assertEquals(width(name) * Figures.PNG_SCALE, width, name);
      assertEquals(1280 * panels(name)[1], width, name);
      assertEquals(2 * height(name), height, name);
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
      assertEquals(width, image.getWidth(), name);
      assertEquals(height, image.getHeight(), name);
      assertEquals(0xFFFFFF, image.getRGB(0, 0) & 0xFFFFFF, name + ": white background");
      assertTrue(png.length < 200_000 * panels(name)[0], name + ": " + png.length + " bytes");
    }
  }

  @Test
  void svgFilesParseWithOneGroupPerSeriesNamedInTheLegend() throws Exception {
    Pattern group =
        Pattern.compile("(panel-[a-z]-)?series-(\\d+)-(band|line|points|bar-\\d+)");
    for (Map.Entry<String, Integer> e : EXPECTED.entrySet()) {
      String name = e.getKey();
      Document doc = parse(dir.resolve("figures/" + name + ".svg"));
      Element svg = doc.getDocumentElement();
      assertEquals("svg", svg.getLocalName(), name);
      assertEquals(width(name), Double.parseDouble(svg.getAttribute("width")), name);
      assertEquals(height(name), Double.parseDouble(svg.getAttribute("height")), name);
      assertEquals("0.0 0.0 " + width(name) + ".0 " + height(name) + ".0",
          svg.getAttribute("viewBox"), name);
      TreeSet<String> series = new TreeSet<>(); // panel and series index
      TreeSet<Integer> indices = new TreeSet<>();
      Map<String, String> titles = new java.util.TreeMap<>(); // by panel and series index
      int bands = 0;
      NodeList groups = doc.getElementsByTagNameNS("*", "g");
      for (int i = 0; i < groups.getLength(); i++) {
        Element g = (Element) groups.item(i);
        Matcher m = group.matcher(g.getAttribute("id"));
        if (m.matches()) {
          assertEquals(panels(name)[0] > 1, m.group(1) != null, g.getAttribute("id"));
          int k = Integer.parseInt(m.group(2));
          String key = (m.group(1) == null ? "" : m.group(1)) + k;
          series.add(key);
          indices.add(k);
          bands += m.group(3).equals("band") ? 1 : 0;
          NodeList t = g.getElementsByTagNameNS("*", "title");
          assertEquals(1, t.getLength(), name + " " + g.getAttribute("id"));
          titles.put(key, t.item(0).getTextContent());
        }
      }
      assertEquals(e.getValue(), series.size(), name + ": series groups");
      assertEquals(0, indices.first(), name + ": numbered from 0");
      if (name.equals("learning") || name.equals("alignment") || name.equals("norm-ratio")) {
        assertEquals(e.getValue(), bands, name + ": a 95% band per series over the 2 seeds");
      }
      List<String> texts = new ArrayList<>();
      NodeList text = doc.getElementsByTagNameNS("*", "text");
      for (int i = 0; i < text.getLength(); i++) {
        texts.add(text.item(i).getTextContent());
      }
      for (String title : titles.values()) {
        assertTrue(texts.contains(title), name + ": '" + title + "' shown in " + texts);
      }
      List<String> names = NAMES.get(name);
      if (names != null) {
        for (String n : names) {
          assertTrue(texts.contains(n), name + ": legend item '" + n + "' in " + texts);
        }
        int first = Math.min(names.size(), e.getValue() / panels(name)[0]);
        assertEquals(names.subList(0, first), List.copyOf(titles.values()).subList(0, first),
            name);
      }
    }
  }

  private static Document parse(Path svg) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return f.newDocumentBuilder().parse(svg.toFile());
  }

  @Test
  void theSameCsvsGiveTheSameBytes(@TempDir Path other) throws IOException {
    FixedCsvs.writeAll(other);
    List<Path> again = Figures.drawAll(other);
    assertEquals(written.size(), again.size());
    for (int i = 0; i < written.size(); i++) {
      assertArrayEquals(Files.readAllBytes(written.get(i)), Files.readAllBytes(again.get(i)),
          written.get(i).getFileName().toString());
    }
  }

  @Test
  void figuresDrawnOnThreeThreadsHaveTheBytesOfOneThread(@TempDir Path other) throws IOException {
    FixedCsvs.writeAll(other);
    List<Path> again = Figures.drawAll(other, 3);
    assertEquals(written.stream().map(p -> p.getFileName().toString()).toList(),
        again.stream().map(p -> p.getFileName().toString()).toList(), "the same files in order");
    for (int i = 0; i < written.size(); i++) {
      assertArrayEquals(Files.readAllBytes(written.get(i)), Files.readAllBytes(again.get(i)),
          written.get(i).getFileName().toString());
    }
    assertThrows(IllegalArgumentException.class, () -> Figures.drawAll(other, 0));
  }

  @Test
  void aRuleHasOneColourInEveryFigureAndItsVariantsDifferInDashes() {
    List<Palette.Style> a = Palette.styles(List.of("bptt", "eprop", "eprop:feedback=random"));
    List<Palette.Style> b = Palette.styles(List.of("rflo", "eprop:feedback=adaptive", "bptt"));
    assertEquals(new Color(0x000000), a.get(0).colour(), "bptt is black");
    assertEquals(a.get(0).colour(), b.get(2).colour());
    assertEquals(new Color(0xD55E00), a.get(1).colour(), "eprop is vermillion");
    assertEquals(a.get(1).colour(), a.get(2).colour(), "a variant keeps its rule's colour");
    assertEquals(a.get(1).colour(), b.get(1).colour());
    assertEquals(null, ((BasicStroke) a.get(1).stroke()).getDashArray(), "first: solid");
    assertNotEquals(null, ((BasicStroke) a.get(2).stroke()).getDashArray(), "second: dashed");
    // every registered rule has a colour of its own
    List<String> rules = org.bpttlab.rules.Rules.names();
    List<Palette.Style> all = Palette.styles(rules);
    assertEquals(rules.size(), all.stream().map(Palette.Style::colour).distinct().count());
    // series that are no rule take distinct colours, none of a rule's
    List<Palette.Style> other = Palette.styles(List.of("radius=0.8", "radius=1.0", "bptt",
        "radius=1.2"));
    assertEquals(4, other.stream().map(Palette.Style::colour).distinct().count());
    for (Palette.Style s : List.of(other.get(0), other.get(1), other.get(3))) {
      assertFalse(Palette.RULE_COLOURS.contains(s.colour()));
    }
  }

  @Test
  void onlyThePresentFilesAreDrawn(@TempDir Path d) throws IOException {
    assertEquals(List.of(), Figures.drawAll(d), "nothing to draw");
    assertFalse(Files.exists(d.resolve("figures")), "and nothing written");
    FixedCsvs.writeMeasurements(d);
    Files.delete(d.resolve("cost.csv"));
    Files.delete(d.resolve("points.csv"));
    assertEquals(List.of("lag.png", "lag.svg", "lag.pdf"),
        Figures.drawAll(d).stream().map(p -> p.getFileName().toString()).toList());
    Files.writeString(d.resolve("metrics.csv"),
        "iteration,rule,seed,loss,mse,grad_norm,seconds,peak_doubles,flops_per_step\n");
    assertEquals(3, Figures.drawAll(d).size(), "a header without rows draws nothing");
  }

  @Test
  void aMalformedCsvIsOneErrorNamingTheFileAndColumn(@TempDir Path d) throws IOException {
    FixedCsvs.writeTraining(d);
    Path metrics = d.resolve("metrics.csv");
    List<String> lines = new ArrayList<>(Files.readAllLines(metrics));
    lines.set(2, lines.get(2).replaceFirst("^(\\d+,bptt,1,)[^,]+", "$1abc"));
    Files.write(metrics, lines);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Figures.drawAll(d));
    assertEquals(metrics + " line 3, column loss: not a number: 'abc'", e.getMessage());
    assertFalse(Files.exists(d.resolve("figures")), "nothing written");

    FixedCsvs.writeTraining(d);
    Files.writeString(d.resolve("alignment.csv"), "iteration,rule,seed,group,norm_ratio\n"
        + "1,bptt,1,all,1.0\n");
    e = assertThrows(IllegalArgumentException.class, () -> Figures.drawAll(d));
    assertEquals(d.resolve("alignment.csv") + ": no column 'cosine' (the header is"
        + " iteration,rule,seed,group,norm_ratio)", e.getMessage());

    Files.writeString(d.resolve("alignment.csv"), "iteration,rule,seed,group,cosine,norm_ratio\n"
        + "1,bptt,1,all\n");
    e = assertThrows(IllegalArgumentException.class, () -> Figures.drawAll(d));
    assertTrue(e.getMessage().startsWith(d.resolve("alignment.csv") + " line 2: 4 fields, but"
        + " the header has 6"), e.getMessage());

    Files.delete(d.resolve("alignment.csv"));
    Files.writeString(d.resolve("points.csv"), "series,x,y\n\"a,b\",1,\"2\n");
    e = assertThrows(IllegalArgumentException.class, () -> Figures.drawAll(d));
    assertEquals(d.resolve("points.csv") + " line 2: a quoted field is not closed",
        e.getMessage());
  }

  @Test
  void csvFieldsAreReadAsRunAndCompareWriteThem(@TempDir Path d) throws IOException {
    Path f = d.resolve("t.csv");
    Files.writeString(f, "rule,x,y\r\n\"tbptt:k1=5,k2=10\",NaN,\n\"say \"\"hi\"\"\",-Infinity,1e-3");
    CsvTable t = CsvTable.read(f);
    assertEquals(List.of("rule", "x", "y"), t.header());
    assertEquals(2, t.size());
    assertEquals("tbptt:k1=5,k2=10", t.text(0, 0));
    assertEquals("say \"hi\"", t.text(1, 0));
    assertTrue(Double.isNaN(t.number(0, 1)));
    assertTrue(Double.isNaN(t.number(0, 2, true)), "empty: not measured");
    assertThrows(IllegalArgumentException.class, () -> t.number(0, 2));
    assertEquals(Double.NEGATIVE_INFINITY, t.number(1, 1));
    assertEquals(1e-3, t.number(1, 2));
  }

  @Test
  void logScalesOnlyWherePositiveValuesSpanTheStatedRange() {
    assertTrue(Charts.logScale(List.of(1e-5, 1.0), 100));
    assertFalse(Charts.logScale(List.of(0.01, 0.5), 100));
    assertFalse(Charts.logScale(List.of(0.0, 10.0, 1000.0), 10), "a zero cannot be drawn");
    assertTrue(Charts.logScale(List.of(16.0, 256.0, Double.NaN), 10));
    assertEquals(List.of("16", "0.25", "2500", "1.5e6", "1e-5", "0.00125"),
        List.of(16.0, 0.25, 2500.0, 1.5e6, 1e-5, 0.00125).stream().map(CompactFormat::text)
            .toList());
  }

  /** Panel letters never repeat, so SVG ids stay unique however many panels a figure has. */
  @Test
  void panelLettersRunPastZ() {
    assertEquals(List.of("a", "z", "aa", "ab", "az", "ba", "zz", "aaa"),
        java.util.stream.IntStream.of(0, 25, 26, 27, 51, 52, 701, 702).mapToObj(Figure::letter)
            .toList());
  }
}
