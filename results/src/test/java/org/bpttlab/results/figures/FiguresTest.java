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
 * (signature, IHDR of 1280 × 800 RGB, every chunk's CRC, decodable) and SVG (parsed as XML,
 * 640 × 400 with a view box) with the expected number of series, each series a group of the SVG
 * named in the legend. No pixel is compared with a golden image.
 */
class FiguresTest {
  /** The figures the fixed CSVs give, with their series counts, in drawing order. */
  private static final Map<String, Integer> EXPECTED = new LinkedHashMap<>();

  static {
    EXPECTED.put("learning-loss", 3);
    EXPECTED.put("learning-mse", 3);
    EXPECTED.put("alignment-all", 3);
    EXPECTED.put("alignment-W_rec", 3);
    EXPECTED.put("alignment-W_out", 3);
    EXPECTED.put("norm-ratio", 3);
    EXPECTED.put("final-alignment", 3);
    EXPECTED.put("final-loss", 3);
    EXPECTED.put("final-mse", 3);
    EXPECTED.put("lag", 3);
    EXPECTED.put("cost-n-time", 2);
    EXPECTED.put("cost-n-memory", 2);
    EXPECTED.put("cost-budget-time", 1); // "predicted" has no times
    EXPECTED.put("cost-budget-memory", 2);
    EXPECTED.put("points", 2);
  }

  /** The series names of each figure, as the legend (or the category axis) shows them. */
  private static final Map<String, List<String>> NAMES = Map.of(
      "learning-loss", List.of("bptt", "eprop", "tbptt:k1=5,k2=10"),
      "lag", List.of("radius=0.8", "radius=1.0", "radius=1.2"),
      "cost-budget-memory", List.of("checkpointed", "predicted"),
      "points", List.of("W_in", "W_rec", "y = x"));

  @TempDir static Path dir;
  private static List<Path> written;

  @BeforeAll
  static void draw() throws IOException {
    FixedCsvs.writeAll(dir);
    written = Figures.drawAll(dir);
  }

  @Test
  void everyFigureKindIsDrawnAsPngAndSvg() throws IOException {
    List<String> expected = new ArrayList<>();
    for (String name : EXPECTED.keySet()) {
      expected.add(name + ".png");
      expected.add(name + ".svg");
    }
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
    }
    assertEquals(EXPECTED, counted);
  }

  @Test
  void pngFilesAreValidAt1280By800() throws IOException {
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
      assertEquals(Figures.WIDTH * Figures.PNG_SCALE, width, name);
      assertEquals(1280, width, name);
      assertEquals(800, height, name);
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
      assertEquals(1280, image.getWidth(), name);
      assertEquals(800, image.getHeight(), name);
      assertEquals(0xFFFFFF, image.getRGB(0, 0) & 0xFFFFFF, name + ": white background");
      assertTrue(png.length < 200_000, name + ": " + png.length + " bytes");
    }
  }

  @Test
  void svgFilesParseWithOneGroupPerSeriesNamedInTheLegend() throws Exception {
    Pattern group = Pattern.compile("series-(\\d+)-(band|line|points|bar-\\d+)");
    for (Map.Entry<String, Integer> e : EXPECTED.entrySet()) {
      String name = e.getKey();
      Document doc = parse(dir.resolve("figures/" + name + ".svg"));
      Element svg = doc.getDocumentElement();
      assertEquals("svg", svg.getLocalName(), name);
      assertEquals(640.0, Double.parseDouble(svg.getAttribute("width")), name);
      assertEquals(400.0, Double.parseDouble(svg.getAttribute("height")), name);
      assertEquals("0.0 0.0 640.0 400.0", svg.getAttribute("viewBox"), name);
      TreeSet<Integer> series = new TreeSet<>();
      Map<Integer, String> titles = new java.util.TreeMap<>(); // by series index
      int bands = 0;
      NodeList groups = doc.getElementsByTagNameNS("*", "g");
      for (int i = 0; i < groups.getLength(); i++) {
        Element g = (Element) groups.item(i);
        Matcher m = group.matcher(g.getAttribute("id"));
        if (m.matches()) {
          int k = Integer.parseInt(m.group(1));
          series.add(k);
          bands += m.group(2).equals("band") ? 1 : 0;
          NodeList t = g.getElementsByTagNameNS("*", "title");
          assertEquals(1, t.getLength(), name + " " + g.getAttribute("id"));
          titles.put(k, t.item(0).getTextContent());
        }
      }
      assertEquals(e.getValue(), series.size(), name + ": series groups");
      assertEquals(e.getValue() - 1, series.last(), name + ": numbered 0..n-1");
      if (name.startsWith("learning-") || name.startsWith("alignment-")
          || name.equals("norm-ratio")) {
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
        assertEquals(names.subList(0, e.getValue()),
            List.copyOf(titles.values()).subList(0, e.getValue()), name);
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
    assertEquals(List.of("lag.png", "lag.svg"),
        Figures.drawAll(d).stream().map(p -> p.getFileName().toString()).toList());
    Files.writeString(d.resolve("metrics.csv"),
        "iteration,rule,seed,loss,mse,grad_norm,seconds,peak_doubles,flops_per_step\n");
    assertEquals(2, Figures.drawAll(d).size(), "a header without rows draws nothing");
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
}
