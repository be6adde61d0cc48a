package org.bpttlab.results.figures;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import org.bpttlab.experiment.io.AtomicFiles;
import org.bpttlab.experiment.io.Parallel;
import java.awt.Rectangle;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jfree.pdf.PDFDocument;
import org.jfree.pdf.PDFGraphics2D;
import org.jfree.pdf.PDFHints;
import org.jfree.pdf.Page;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;

/**
 * Draws a run's figures from the CSVs it wrote, and only from them (figures never simulate):
 * {@code metrics.csv}, {@code alignment.csv}, {@code summary.csv}, {@code alignment-pairs.csv}
 * (docs/outputs.md), and the reproductions' {@code lag.csv}, {@code cost.csv}, {@code points.csv},
 * {@code curriculum.csv}, and the dynamics analysis' {@code analysis/*.csv}
 * ({@link DynamicsFigures}); every file is optional.
 * The figures, what each shows and its input columns, are listed in docs/figures.md.
 *
 * <p>Each figure is written three times into {@code <folder>/figures/}: {@code <name>.svg}, a
 * vector drawing of {@link Figure#width()} × {@link Figure#height()} user units with a view box;
 * {@code <name>.pdf}, the same drawing on a page of as many points; and {@code <name>.png}, a
 * bitmap of {@link #PNG_SCALE} times as many pixels. The folder {@code figures/} is replaced as a
 * whole (staged, then renamed), so it always holds one complete drawing. Drawing is headless (no
 * display is needed) and deterministic: the same CSVs give the same bytes on the same JVM and fonts.
 */
public final class Figures {
  /** The folder, inside a run's folder, that the figures go to. */
  public static final String FOLDER = "figures";

  /** A figure's width in SVG user units (PNG: times {@link #PNG_SCALE} pixels). */
  public static final int WIDTH = Charts.WIDTH;

  /** A figure's height in SVG user units. */
  public static final int HEIGHT = Charts.HEIGHT;

  /** Pixels per SVG unit in the PNG files (1280 × 800 pixels). */
  public static final int PNG_SCALE = 2;

  /**
   * The PNG files' resolution: 200 dots per inch, so that a word processor places a figure 6.4 by
   * 4 inches, where its 13-point tick labels print at 9.4 points.
   */
  public static final double DOTS_PER_INCH = 200;

  /** The files of each figure, in the order {@link #drawAll} lists them. */
  public static final List<String> EXTENSIONS = List.of("png", "svg", "pdf");

  /** The files figures are drawn from, in the order their figures come. */
  public static final List<String> INPUTS = List.of(TrainingFigures.METRICS,
      TrainingFigures.ALIGNMENT, TrainingFigures.SUMMARY, PairFigures.PAIRS, MeasurementFigures.LAG,
      MeasurementFigures.COST, MeasurementFigures.POINTS, MeasurementFigures.CURRICULUM,
      DynamicsFigures.PCA, DynamicsFigures.TRAJECTORIES, DynamicsFigures.FIXED_POINTS,
      DynamicsFigures.EIGENVALUES, DynamicsFigures.SPIKES, DynamicsFigures.RATES,
      DynamicsFigures.TRACES);

  private Figures() {}

  /** Makes AWT work without a display; call before anything draws. */
  static void headless() {
    System.setProperty("java.awt.headless", "true");
  }

  /**
   * Every figure the CSVs present in {@code folder} allow, in the order of docs/figures.md. A
   * malformed CSV is an {@link IllegalArgumentException} naming the file, and the line and column
   * where one is at fault.
   */
  public static List<Figure> read(Path folder) throws IOException {
    headless();
    if (!Files.isDirectory(folder)) {
      throw new IllegalArgumentException(folder + " is not a folder");
    }
    List<Figure> all = new ArrayList<>(TrainingFigures.read(folder));
    all.addAll(PairFigures.read(folder));
    all.addAll(MeasurementFigures.read(folder));
    all.addAll(DynamicsFigures.read(folder));
    return all.stream().filter(f -> f.series() > 0).toList();
  }

  /**
   * Draws every figure the CSVs in {@code folder} allow into {@code folder/figures/}, which it
   * replaces; returns the files written (for each figure its PNG, SVG, then PDF). With no CSV to
   * draw from, writes nothing and returns an empty list. One figure at a time; see
   * {@link #drawAll(Path, int)}.
   */
  public static List<Path> drawAll(Path folder) throws IOException {
    return drawAll(folder, 1);
  }

  /**
   * {@link #drawAll(Path)} with up to {@code threads} figures drawn at once (each figure's PNG, SVG
   * and PDF on one thread, every chart its own objects); the files and their bytes are the same for
   * any number of threads.
   */
  public static List<Path> drawAll(Path folder, int threads) throws IOException {
    return drawAll(folder, threads, count -> { });
  }

  /**
   * {@link #drawAll(Path, int)}, telling {@code starting} how many figures it is about to draw
   * once it has read the CSVs (a progress line says so).
   */
  public static List<Path> drawAll(Path folder, int threads, IntConsumer starting)
      throws IOException {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, was " + threads);
    }
    List<Figure> figures = read(folder);
    starting.accept(figures.size());
    if (figures.isEmpty()) {
      return List.of();
    }
    List<Drawing> drawings = draw(figures, Math.min(threads, figures.size()));
    Path target = folder.resolve(FOLDER);
    List<Path> written = new ArrayList<>();
    try (AtomicFiles.StagedFolder stage = AtomicFiles.stage(target, true)) {
      for (int i = 0; i < figures.size(); i++) {
        String name = figures.get(i).name();
        Files.write(stage.path().resolve(name + ".png"), drawings.get(i).png());
        Files.write(stage.path().resolve(name + ".svg"), drawings.get(i).svg());
        Files.write(stage.path().resolve(name + ".pdf"), drawings.get(i).pdf());
        for (String extension : EXTENSIONS) {
          written.add(target.resolve(name + "." + extension));
        }
      }
      stage.commit();
    }
    return written;
  }

  /** A figure's three files' bytes. */
  private record Drawing(byte[] png, byte[] svg, byte[] pdf) {
    static Drawing of(Figure f) throws IOException {
      String svg = Figures.svg(f);
      return new Drawing(Figures.png(f), svg.getBytes(StandardCharsets.UTF_8),
          Figures.pdf(f));
    }
  }

  /** The figures' drawings, in their order, on up to {@code threads} threads. */
  private static List<Drawing> draw(List<Figure> figures, int threads) throws IOException {
    List<Parallel.Job<Drawing, IOException>> jobs = new ArrayList<>();
    for (Figure f : figures) {
      jobs.add(() -> Drawing.of(f));
    }
    return Parallel.run(jobs, threads, "bpttlab-figures", IOException.class);
  }

  /**
   * The figure as a PNG file's bytes: RGB, its {@link Figure#width()} × {@link Figure#height()}
   * times {@link #PNG_SCALE}.
   */
  public static byte[] png(Figure f) throws IOException {
    headless();
    BufferedImage image = new BufferedImage(f.width() * PNG_SCALE, f.height() * PNG_SCALE,
        BufferedImage.TYPE_INT_RGB);
    Graphics2D g2 = image.createGraphics();
    try {
      g2.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
      g2.setPaint(java.awt.Color.WHITE); // a grid's empty cells
      g2.fillRect(0, 0, image.getWidth(), image.getHeight());
      g2.scale(PNG_SCALE, PNG_SCALE);
      f.draw(g2);
    } finally {
      g2.dispose();
    }
    return Png.encode(image, DOTS_PER_INCH);
  }

  /**
   * The figure as an SVG document: {@link Figure#width()} × {@link Figure#height()} with a view box, text as
   * text; ids are prefixed by the figure's name, so that several figures can share an HTML page.
   */
  public static String svg(Figure f) {
    headless();
    SVGGraphics2D g2 = new SVGGraphics2D(f.width(), f.height());
    g2.setDefsKeyPrefix(f.name() + "-");
    f.draw(g2);
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + g2.getSVGElement(null, true, new ViewBox(0, 0, f.width(), f.height()), null, null)
        + "\n";
  }

  /**
   * The figure as a PDF file's bytes: one page of {@link Figure#width()} × {@link Figure#height()}
   * points. Text is text in the PDF's standard Helvetica (not embedded) when all of the figure's
   * text is ASCII; JFreePDF writes any other character as '?', so a figure with one (‖, ∂, µ, −)
   * has its text drawn as outlines instead. The creation and modification dates JFreePDF writes
   * are replaced by a fixed one, so that the same CSVs give the same bytes.
   */
  public static byte[] pdf(Figure f) {
    headless();
    PDFDocument doc = new PDFDocument();
    doc.setTitle(f.name());
    Page page = doc.createPage(new Rectangle(0, 0, f.width(), f.height()));
    PDFGraphics2D g2 = page.getGraphics2D();
    if (!Charts.asciiText(f.panels())) {
      g2.setRenderingHint(PDFHints.KEY_DRAW_STRING_TYPE, PDFHints.VALUE_DRAW_STRING_TYPE_VECTOR);
    }
    f.draw(g2);
    return withFixedDates(doc.getPDFBytes());
  }

  private static final Pattern PDF_DATE =
      Pattern.compile("/(CreationDate|ModDate) \\(D:([^)]*)\\)");

  /**
   * The PDF with its dates ("D:20261207040525+00'0'") replaced by 2000-01-01 00:00 UTC of the
   * same length, so that the cross-reference table's offsets stay right.
   */
  static byte[] withFixedDates(byte[] pdf) {
    // the header and the Info dictionary are ASCII: ISO-8859-1 maps every byte to one char
    String text = new String(pdf, StandardCharsets.ISO_8859_1);
    Matcher m = PDF_DATE.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    while (m.find()) {
      String date = m.group(2);
      StringBuilder fixed = new StringBuilder("20000101000000");
      for (int i = fixed.length(); i < date.length(); i++) {
        char c = date.charAt(i);
        fixed.append(Character.isDigit(c) ? '0' : c == '-' ? '+' : c);
      }
      fixed.setLength(date.length());
      m.appendReplacement(out, Matcher.quoteReplacement("/" + m.group(1) + " (D:" + fixed
          + ")"));
    }
    m.appendTail(out);
    return out.toString().getBytes(StandardCharsets.ISO_8859_1);
  }
}
