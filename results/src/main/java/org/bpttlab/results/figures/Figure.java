package org.bpttlab.results.figures;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.util.List;
import java.util.regex.Pattern;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.category.CategoryDataset;

/**
 * One figure to draw: the files {@code figures/<name>.png}, {@code .svg} and {@code .pdf}. A
 * figure is one chart or a grid of panels, each a chart of {@link Charts#WIDTH} ×
 * {@link Charts#HEIGHT} units, filled row by row.
 *
 * <p>As in a paper, the charts carry no title: a chart's title and subtitle (kept, not drawn, by
 * {@link Charts}) open the caption ("Training loss: mean and 95% confidence band over 4 seeds.
 * The training batch's loss ..."). The panels of a multi-panel figure are labelled in their top
 * left corner with a letter and the part of their title after its last ": " ("b  W_rec"), and
 * the figure's title is the part before it, when the panels share it.
 *
 * @param name the file name without extension: letters, digits, {@code . _ -}
 * @param caption a sentence or two saying what it shows and from which file and columns; the
 *     charts' title and subtitle are put before it unless it starts with them
 * @param panels the charts, at least one
 * @param columns panels per row, 1 to the number of panels
 */
public record Figure(String name, String caption, List<JFreeChart> panels, int columns) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  public Figure {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("a figure's name must be letters, digits and . _ -,"
          + " was '" + name + "'");
    }
    if (caption == null || caption.isBlank()) {
      throw new IllegalArgumentException("figure " + name + " needs a caption");
    }
    if (panels == null || panels.isEmpty() || panels.stream().anyMatch(c -> c == null)) {
      throw new IllegalArgumentException("figure " + name + " needs a chart");
    }
    panels = List.copyOf(panels);
    if (columns < 1 || columns > panels.size()) {
      throw new IllegalArgumentException("figure " + name + " has " + panels.size()
          + " panels, so 1 to " + panels.size() + " columns, was " + columns);
    }
    if (panels.size() > 1) {
      for (int i = 0; i < panels.size(); i++) {
        Charts.label(panels.get(i), letter(i) + "  " + panelName(panels.get(i)));
      }
    }
    String heading = heading(panels);
    if (!heading.isEmpty() && !caption.startsWith(heading)) {
      caption = heading + ". " + caption;
    }
  }

  /** Panel i's letter (0-based): a, b, …, z, then aa, ab, …: one of its own for every panel. */
  static String letter(int i) {
    return i < 26 ? String.valueOf((char) ('a' + i)) : letter(i / 26 - 1) + (char) ('a' + i % 26);
  }

  /** A figure of one chart. */
  public Figure(String name, String caption, JFreeChart chart) {
    this(name, caption, chart == null ? null : List.of(chart), 1);
  }

  /** The first (for a one-chart figure, the only) panel. */
  public JFreeChart chart() {
    return panels.get(0);
  }

  /**
   * The figure's title: its chart's, or the panels' titles' common part before ": " (else their
   * titles joined by "; "); empty if the charts have none.
   */
  public String title() {
    return title(panels);
  }

  private static String title(List<JFreeChart> panels) {
    List<String> titles = panels.stream().map(Charts::title).filter(t -> !t.isEmpty())
        .distinct().toList();
    if (titles.size() <= 1) {
      return titles.isEmpty() ? "" : titles.get(0);
    }
    List<String> heads = titles.stream().map(t -> t.contains(": ")
        ? t.substring(0, t.lastIndexOf(": ")) : t).distinct().toList();
    return heads.size() == 1 ? heads.get(0) : String.join("; ", titles);
  }

  /** A panel's short name: its title after the last ": ", or all of it. */
  private static String panelName(JFreeChart chart) {
    String t = Charts.title(chart);
    return t.contains(": ") ? t.substring(t.lastIndexOf(": ") + 2) : t;
  }

  /** The title, then ": " and the subtitles' distinct parts (split at "; "), if any. */
  private static String heading(List<JFreeChart> panels) {
    String title = title(panels);
    java.util.LinkedHashSet<String> parts = new java.util.LinkedHashSet<>();
    for (JFreeChart c : panels) {
      for (String part : Charts.subtitle(c).split("; ")) {
        if (!part.isBlank()) {
          parts.add(part.strip());
        }
      }
    }
    String sub = String.join("; ", parts);
    return title.isEmpty() ? sub : sub.isEmpty() ? title : title + ": " + sub;
  }

  /** Rows of panels. */
  public int rows() {
    return (panels.size() + columns - 1) / columns;
  }

  /** The drawing's width in SVG units. */
  public int width() {
    return Charts.WIDTH * columns;
  }

  /** The drawing's height in SVG units. */
  public int height() {
    return Charts.HEIGHT * rows();
  }

  /**
   * Draws every panel into its cell of a {@link #width()} × {@link #height()} area at 0, 0; in an
   * SVG, the series' groups of panel b have ids {@code panel-b-series-K-ROLE}.
   */
  public void draw(Graphics2D g2) {
    for (int i = 0; i < panels.size(); i++) {
      if (panels.size() > 1) {
        g2.setRenderingHint(Charts.PANEL, "panel-" + letter(i) + "-");
      }
      panels.get(i).draw(g2, new Rectangle2D.Double(Charts.WIDTH * (i % columns),
          Charts.HEIGHT * (i / columns), Charts.WIDTH, Charts.HEIGHT));
    }
    if (panels.size() > 1) {
      g2.setRenderingHint(Charts.PANEL, "");
    }
  }

  /**
   * The number of data series drawn, summed over the panels: lines or point sets (not the
   * identity line), or rules in a bar chart (bars with a value).
   */
  public int series() {
    int count = 0;
    for (JFreeChart chart : panels) {
      count += series(chart);
    }
    return count;
  }

  private static int series(JFreeChart chart) {
    Plot plot = chart.getPlot();
    if (plot instanceof XYPlot xy) {
      return xy.getDataset(0) == null ? 0 : xy.getDataset(0).getSeriesCount();
    }
    CategoryPlot cat = (CategoryPlot) plot;
    CategoryDataset d = cat.getDataset();
    boolean perCategory = cat.getRenderer() instanceof Charts.BarRenderer b && b.perCategory();
    int count = 0;
    int outer = perCategory ? d.getColumnCount() : d.getRowCount();
    int inner = perCategory ? d.getRowCount() : d.getColumnCount();
    for (int i = 0; i < outer; i++) {
      for (int j = 0; j < inner; j++) {
        if ((perCategory ? d.getValue(j, i) : d.getValue(i, j)) != null) {
          count++;
          break;
        }
      }
    }
    return count;
  }

  /** {@code text} made a file-name part: anything but letters, digits, {@code . _ -} becomes -. */
  static String slug(String text) {
    String s = text.replaceAll("[^A-Za-z0-9._-]", "-");
    return s.isEmpty() || !Character.isLetterOrDigit(s.charAt(0)) ? "x" + s : s;
  }
}
