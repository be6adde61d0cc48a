package org.bpttlab.results.figures;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.CrosshairState;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.PlotRenderingInfo;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.CategoryItemRendererState;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.category.StatisticalBarRenderer;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYItemRendererState;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.Range;
import org.jfree.data.category.CategoryDataset;
import org.jfree.data.general.DatasetUtils;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.SVGHints;

/**
 * The chart kinds, built with jfreechart in one house style meant for print: a white plot with
 * light grid lines, 2-pixel lines in the colours of {@link Palette}, sans-serif text of 13–17
 * points on a {@link #WIDTH} × {@link #HEIGHT} canvas (tick labels stay about 10 pt when the figure
 * is printed 6.5 inches wide), the legend below the plot. Drawn to SVG, each series is a group
 * {@code <g id="series-K-ROLE">} (K its index in the legend, ROLE {@code band}, {@code line},
 * {@code points} or {@code bar-C} for category C) with the series' name as its {@code <title>}, so
 * that a figure can be restyled in an SVG editor and its series counted.
 */
final class Charts {
  /** The canvas width in points (SVG user units). */
  static final int WIDTH = 640;

  /** The canvas height in points. */
  static final int HEIGHT = 400;

  private static final String FONT = Font.SANS_SERIF;
  private static final Font TITLE = new Font(FONT, Font.BOLD, 17);
  private static final Font SUBTITLE = new Font(FONT, Font.PLAIN, 13);
  private static final Font LABEL = new Font(FONT, Font.PLAIN, 15);
  private static final Font TICK = new Font(FONT, Font.PLAIN, 13);
  private static final Font LABEL_FONT = new Font(FONT, Font.BOLD, 15);
  private static final Font SMALL = new Font(FONT, Font.PLAIN, 10);
  private static final Font LEGEND = new Font(FONT, Font.PLAIN, 13);
  private static final Color GRID = new Color(0xDDDDDD);
  private static final Color AXIS = new Color(0x444444);
  private static final Color MARKER = new Color(0x666666);
  private static final double BAND_ALPHA = 0.2;

  private Charts() {}

  /**
   * An axis.
   *
   * @param label the label, with units
   * @param log a base-10 logarithmic scale
   * @param integer ticks at whole numbers only (iterations, lags)
   */
  record Axis(String label, boolean log, boolean integer) {
    /** A linear axis. */
    Axis(String label) {
      this(label, false, false);
    }

    Axis {
      if (label == null || label.isBlank()) {
        throw new IllegalArgumentException("an axis needs a label");
      }
    }
  }

  /** A horizontal reference line across a plot (a baseline, a threshold). */
  record Marker(String label, double value) {}

  /**
   * Whether values are drawn on a log scale: all of them positive and the largest at least
   * {@code span} times the smallest.
   */
  static boolean logScale(List<Double> values, double span) {
    double min = Double.POSITIVE_INFINITY;
    double max = 0;
    for (double v : values) {
      if (!Double.isFinite(v)) {
        continue;
      }
      if (v <= 0) {
        return false;
      }
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    return max > 0 && max >= span * min;
  }

  /**
   * Curves of the mean against x, one per series of {@code samples}, with the 95% confidence band
   * shaded if {@code bands} (and a series has more than one value at an x). On a log axis, points
   * at or below 0 are left out, and a band's lower edge at or below 0 is drawn at the smallest
   * positive value of the plot. Series with no point left are left out.
   */
  static JFreeChart lines(String title, String subtitle, Axis x, Axis y, Samples samples,
      boolean bands, boolean shapes) {
    double floor = Double.POSITIVE_INFINITY;
    if (y.log()) {
      for (String s : samples.series()) {
        for (Samples.Point p : samples.points(s)) {
          floor = Math.min(floor, p.mean() > 0 ? p.mean() : floor);
          floor = Math.min(floor, p.low() > 0 ? p.low() : floor);
        }
      }
    }
    YIntervalSeriesCollection data = new YIntervalSeriesCollection();
    List<String> names = new ArrayList<>();
    for (String s : samples.series()) {
      YIntervalSeries series = new YIntervalSeries(s, false, false);
      for (Samples.Point p : samples.points(s)) {
        if ((x.log() && p.x() <= 0) || (y.log() && p.mean() <= 0)) {
          continue;
        }
        double low = bands ? p.low() : p.mean();
        double high = bands ? p.high() : p.mean();
        if (y.log() && low <= 0) {
          low = floor;
        }
        series.add(p.x(), p.mean(), low, high);
      }
      if (series.getItemCount() > 0) {
        data.addSeries(series);
        names.add(s);
      }
    }
    SeriesRenderer renderer = new SeriesRenderer(names, bands, shapes);
    List<Palette.Style> styles = Palette.styles(names);
    for (int i = 0; i < names.size(); i++) {
      Palette.Style st = styles.get(i);
      renderer.setSeriesPaint(i, st.colour());
      renderer.setSeriesFillPaint(i, st.colour());
      renderer.setSeriesStroke(i, st.stroke());
      renderer.setSeriesShape(i, new Ellipse2D.Double(-3.5, -3.5, 7, 7));
    }
    renderer.setAlpha((float) BAND_ALPHA);
    XYPlot plot = new XYPlot(data, valueAxis(x, span(DatasetUtils.findDomainBounds(data))),
        valueAxis(y, span(DatasetUtils.findRangeBounds(data, true))), renderer);
    return finish(title, subtitle, xyStyle(plot), true);
  }

  /**
   * Grouped bars: for each category (a parameter group) one bar per series (a rule), the mean with
   * its 95% interval as an error bar (none where there is a single value).
   *
   * @param points by series, then category; a missing or null point leaves a gap
   */
  static JFreeChart bars(String title, String subtitle, String categoryLabel, String valueLabel,
      List<String> series, List<String> categories,
      Map<String, Map<String, Samples.Point>> points) {
    DefaultStatisticalCategoryDataset data = new DefaultStatisticalCategoryDataset();
    for (String s : series) {
      for (String c : categories) {
        Samples.Point p = points.getOrDefault(s, Map.of()).get(c);
        data.add(p == null ? null : (Number) p.mean(), p == null || p.n() < 2 ? null
            : (Number) ((p.high() - p.low()) / 2), s, c);
      }
    }
    BarRenderer renderer = new BarRenderer(series, null);
    List<Palette.Style> styles = Palette.styles(series);
    for (int i = 0; i < series.size(); i++) {
      renderer.setSeriesPaint(i, barFill(styles.get(i).colour()));
      renderer.setSeriesOutlinePaint(i, styles.get(i).colour());
    }
    List<Samples.Point> all = new ArrayList<>();
    for (int i = 0; i < series.size(); i++) {
      for (int j = 0; j < categories.size(); j++) {
        Samples.Point p = points.getOrDefault(series.get(i), Map.of()).get(categories.get(j));
        if (p != null) {
          renderer.values(i, j, p.values());
          all.add(p);
        }
      }
    }
    CategoryPlot plot = categoryPlot(data, categoryLabel, valueLabel, renderer);
    fitRange((NumberAxis) plot.getRangeAxis(), all, List.of());
    return finish(title, subtitle, plot, true);
  }

  /**
   * One bar per category, each a series of its own name and colour (a rule's final loss), with its
   * 95% interval; {@code markers} are drawn as dashed horizontal lines, named in the legend.
   */
  static JFreeChart ruleBars(String title, String subtitle, String categoryLabel,
      String valueLabel, List<String> categories, Map<String, Samples.Point> points,
      List<Marker> markers) {
    DefaultStatisticalCategoryDataset data = new DefaultStatisticalCategoryDataset();
    String row = valueLabel;
    for (String c : categories) {
      Samples.Point p = points.get(c);
      data.add(p == null ? null : (Number) p.mean(), p == null || p.n() < 2 ? null
          : (Number) ((p.high() - p.low()) / 2), row, c);
    }
    List<Palette.Style> styles = Palette.styles(categories);
    List<Color> colours = styles.stream().map(Palette.Style::colour).toList();
    BarRenderer renderer = new BarRenderer(categories, colours);
    List<Samples.Point> all = new ArrayList<>();
    for (int j = 0; j < categories.size(); j++) {
      Samples.Point p = points.get(categories.get(j));
      if (p != null) {
        renderer.values(0, j, p.values());
        all.add(p);
      }
    }
    CategoryPlot plot = categoryPlot(data, categoryLabel, valueLabel, renderer);
    LegendItemCollection legend = new LegendItemCollection();
    for (int i = 0; i < markers.size(); i++) {
      Marker m = markers.get(i);
      BasicStroke stroke = markerStroke(i);
      ValueMarker line = new ValueMarker(m.value(), MARKER, stroke);
      plot.addRangeMarker(line);
      LegendItem item = new LegendItem(m.label() + " (" + format(m.value()) + ")", null, null,
          null, new java.awt.geom.Line2D.Double(-9, 0, 9, 0), stroke, MARKER);
      item.setLabelFont(LEGEND);
      legend.add(item);
    }
    plot.setFixedLegendItems(legend);
    // the markers' values are part of the picture: widen the axis to them
    fitRange((NumberAxis) plot.getRangeAxis(), all, markers);
    return finish(title, subtitle, plot, !markers.isEmpty());
  }

  /**
   * A bar chart's value axis: from 0 (or below, for negative values) to past every interval,
   * every seed's value and every marker, with 6% to spare.
   */
  private static void fitRange(NumberAxis axis, List<Samples.Point> points,
      List<Marker> markers) {
    double lo = 0;
    double hi = 0;
    for (Samples.Point p : points) {
      lo = Math.min(lo, p.low());
      hi = Math.max(hi, p.high());
      for (double v : p.values()) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
    for (Marker m : markers) {
      lo = Math.min(lo, m.value());
      hi = Math.max(hi, m.value());
    }
    if (hi > lo) {
      double pad = 0.06 * (hi - lo);
      axis.setRange(lo < 0 ? lo - pad : 0, hi + pad);
    }
  }

  /**
   * A scatter of y against x, one colour per series, with the identity line y = x across the
   * range of the data (dashed grey, in the legend).
   *
   * @param points by series: {x values, y values}
   */
  static JFreeChart scatter(String title, String subtitle, Axis x, Axis y,
      Map<String, double[][]> points) {
    XYSeriesCollection data = new XYSeriesCollection();
    List<String> names = new ArrayList<>(points.keySet());
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (String s : names) {
      XYSeries series = new XYSeries(s, false, true);
      double[][] xy = points.get(s);
      for (int i = 0; i < xy[0].length; i++) {
        if (Double.isFinite(xy[0][i]) && Double.isFinite(xy[1][i])) {
          series.add(xy[0][i], xy[1][i]);
          lo = Math.min(lo, Math.min(xy[0][i], xy[1][i]));
          hi = Math.max(hi, Math.max(xy[0][i], xy[1][i]));
        }
      }
      data.addSeries(series);
    }
    SeriesRenderer renderer = new SeriesRenderer(names, false, true);
    renderer.setDefaultLinesVisible(false);
    List<Palette.Style> styles = Palette.styles(names);
    for (int i = 0; i < names.size(); i++) {
      renderer.setSeriesPaint(i, Palette.translucent(styles.get(i).colour(), 0.7));
      renderer.setSeriesShape(i, new Ellipse2D.Double(-3, -3, 6, 6));
    }
    XYPlot plot = new XYPlot(data, valueAxis(x, 0), valueAxis(y, 0), renderer);
    if (lo < hi) {
      XYSeriesCollection identity = new XYSeriesCollection();
      XYSeries line = new XYSeries("y = x");
      line.add(lo, lo);
      line.add(hi, hi);
      identity.addSeries(line);
      XYLineAndShapeRenderer idRenderer = new XYLineAndShapeRenderer(true, false);
      idRenderer.setSeriesPaint(0, MARKER);
      idRenderer.setSeriesStroke(0, dashed(1.5f));
      plot.setDataset(1, identity);
      plot.setRenderer(1, idRenderer);
    }
    return finish(title, subtitle, xyStyle(plot), true);
  }

  /**
   * A symmetric matrix of values in [−1, 1] over {@code labels} on both axes (a rule × rule
   * alignment matrix): each cell coloured on a diverging scale (−1 vermillion, 0 white, 1 blue,
   * undefined grey) and its value written in it, the first label at the top left.
   *
   * @param values values[i][j], NaN where undefined
   */
  static JFreeChart matrix(String title, String subtitle, String label, List<String> labels,
      double[][] values) {
    int n = labels.size();
    double[][] cells = new double[3][n * n];
    XYPlot plot = new XYPlot();
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        int k = i * n + j;
        cells[0][k] = j;
        cells[1][k] = n - 1 - i;
        cells[2][k] = values[i][j];
        String text = Double.isNaN(values[i][j]) ? "–"
            : String.format(Locale.ROOT, "%.2f", values[i][j]);
        XYTextAnnotation a = new XYTextAnnotation(text, j, n - 1 - i);
        a.setFont(n > 8 ? SMALL : TICK);
        a.setPaint(Math.abs(values[i][j]) > 0.6 ? Color.WHITE : Color.BLACK);
        plot.addAnnotation(a);
      }
    }
    DefaultXYZDataset data = new DefaultXYZDataset();
    data.addSeries(label, cells);
    XYBlockRenderer renderer = new XYBlockRenderer();
    renderer.setPaintScale(new PaintScale() {
      @Override
      public double getLowerBound() {
        return -1;
      }

      @Override
      public double getUpperBound() {
        return 1;
      }

      @Override
      public java.awt.Paint getPaint(double v) {
        if (Double.isNaN(v)) {
          return GRID;
        }
        double c = Math.max(-1, Math.min(1, v));
        Color end = c >= 0 ? new Color(0x0072B2) : new Color(0xD55E00);
        double t = Math.abs(c);
        return new Color((int) Math.round(255 + t * (end.getRed() - 255)),
            (int) Math.round(255 + t * (end.getGreen() - 255)),
            (int) Math.round(255 + t * (end.getBlue() - 255)));
      }
    });
    String[] columns = labels.toArray(new String[0]);
    String[] rows = new String[n];
    for (int i = 0; i < n; i++) {
      rows[i] = labels.get(n - 1 - i);
    }
    SymbolAxis x = new SymbolAxis(null, columns);
    SymbolAxis y = new SymbolAxis(null, rows);
    for (SymbolAxis axis : List.of(x, y)) {
      axis.setTickLabelFont(TICK);
      axis.setGridBandsVisible(false);
      axis.setAxisLinePaint(AXIS);
    }
    x.setVerticalTickLabels(true);
    plot.setDataset(data);
    plot.setDomainAxis(x);
    plot.setRangeAxis(y);
    plot.setRenderer(renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinesVisible(false);
    plot.setRangeGridlinesVisible(false);
    plot.setOutlinePaint(AXIS);
    return finish(title, subtitle, plot, false);
  }

  /**
   * A bar's fill: its colour lightened (70% over white), so that the black error bar shows on
   * every bar, BPTT's black one too; the outline keeps the full colour.
   */
  private static Color barFill(Color c) {
    return new Color(mix(c.getRed()), mix(c.getGreen()), mix(c.getBlue()));
  }

  private static int mix(int channel) {
    return (int) Math.round(0.7 * channel + 0.3 * 255);
  }

  /** Upper over lower bound (0 without a positive range). */
  private static double span(Range r) {
    return r == null || r.getLowerBound() <= 0 ? 0 : r.getUpperBound() / r.getLowerBound();
  }

  private static String format(double v) {
    return String.format(Locale.ROOT, "%.4g", v);
  }

  /** The i-th marker's stroke: dashed, dotted, dash-dotted. */
  private static BasicStroke markerStroke(int i) {
    float[][] dashes = {{7f, 4f}, {2f, 3f}, {7f, 3f, 2f, 3f}};
    return new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
        dashes[i % dashes.length], 0f);
  }

  private static BasicStroke dashed(float width) {
    return new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
        new float[] {6f, 4f}, 0f);
  }

  /**
   * The axis; a log axis over {@code span} (largest over smallest value) of less than 100 has
   * ticks at powers of 2 with plain labels, else at powers of 10 labelled 10^k.
   */
  private static ValueAxis valueAxis(Axis a, double span) {
    ValueAxis axis;
    if (a.log()) {
      LogAxis log = new LogAxis(a.label());
      log.setBase(10);
      if (span < 100) {
        log.setBase(2);
        log.setNumberFormatOverride(new CompactFormat());
      }
      log.setSmallestValue(1e-300);
      // ticks at whole exponents, labels formatted the same in every locale
      log.setStandardTickUnits(NumberAxis.createIntegerTickUnits(Locale.ROOT));
      log.setBaseFormatter(new DecimalFormat("0", DecimalFormatSymbols.getInstance(Locale.ROOT)));
      axis = log;
    } else {
      NumberAxis n = new NumberAxis(a.label());
      n.setAutoRangeIncludesZero(false);
      n.setStandardTickUnits(a.integer() ? NumberAxis.createIntegerTickUnits(Locale.ROOT)
          : NumberAxis.createStandardTickUnits(Locale.ROOT));
      axis = n;
    }
    axis.setLabelFont(LABEL);
    axis.setTickLabelFont(TICK);
    axis.setLabelPaint(AXIS);
    axis.setTickLabelPaint(AXIS);
    axis.setAxisLinePaint(AXIS);
    axis.setTickMarkPaint(AXIS);
    return axis;
  }

  private static XYPlot xyStyle(XYPlot plot) {
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(GRID);
    plot.setRangeGridlinePaint(GRID);
    plot.setDomainGridlineStroke(new BasicStroke(1f));
    plot.setRangeGridlineStroke(new BasicStroke(1f));
    plot.setOutlinePaint(AXIS);
    plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
    return plot;
  }

  private static CategoryPlot categoryPlot(CategoryDataset data, String categoryLabel,
      String valueLabel, BarRenderer renderer) {
    CategoryAxis categories = new CategoryAxis(categoryLabel) {
      private static final long serialVersionUID = 1L;

      // an overlay's "folder/rule" may break after its slash, as "tbptt-long-name" after a hyphen
      @Override
      @SuppressWarnings("rawtypes") // jfreechart's signature
      protected org.jfree.chart.text.TextBlock createLabel(Comparable category, float width,
          RectangleEdge edge, Graphics2D g2) {
        return super.createLabel(category.toString().replace("/", "/ "), width, edge, g2);
      }
    };
    categories.setLabelFont(LABEL);
    categories.setTickLabelFont(TICK);
    categories.setLabelPaint(AXIS);
    categories.setTickLabelPaint(AXIS);
    categories.setAxisLinePaint(AXIS);
    categories.setMaximumCategoryLabelLines(3);
    NumberAxis values = (NumberAxis) valueAxis(new Axis(valueLabel), 0);
    values.setAutoRangeIncludesZero(true);
    renderer.setBarPainter(new StandardBarPainter());
    renderer.setShadowVisible(false);
    renderer.setDrawBarOutline(true);
    renderer.setDefaultOutlineStroke(new BasicStroke(1.5f));
    renderer.setItemMargin(0.05);
    renderer.setErrorIndicatorPaint(Color.BLACK);
    renderer.setErrorIndicatorStroke(new BasicStroke(1.5f));
    CategoryPlot plot = new CategoryPlot(data, categories, values, renderer);
    plot.setOrientation(PlotOrientation.VERTICAL);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(GRID);
    plot.setRangeGridlineStroke(new BasicStroke(1f));
    plot.setOutlinePaint(AXIS);
    plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
    return plot;
  }

  /**
   * The chart in the house style. Its title and subtitle are kept but not drawn: a paper's figure
   * carries them in its caption ({@link Figure}), and a panel's label ({@link #label}).
   */
  private static JFreeChart finish(String title, String subtitle,
      org.jfree.chart.plot.Plot plot, boolean legend) {
    JFreeChart chart = new JFreeChart(title, TITLE, plot, false);
    chart.setBackgroundPaint(Color.WHITE);
    chart.getTitle().setPaint(Color.BLACK);
    chart.getTitle().setVisible(false);
    if (subtitle != null && !subtitle.isEmpty()) {
      TextTitle sub = new TextTitle(subtitle, SUBTITLE);
      sub.setPaint(AXIS);
      sub.setVisible(false);
      chart.addSubtitle(sub);
    }
    if (legend) {
      LegendTitle l = new LegendTitle(plot);
      l.setItemFont(LEGEND);
      l.setItemPaint(Color.BLACK);
      l.setBackgroundPaint(Color.WHITE);
      l.setFrame(BlockBorder.NONE);
      l.setPosition(RectangleEdge.BOTTOM);
      l.setMargin(new RectangleInsets(4, 4, 2, 4));
      chart.addSubtitle(l);
    }
    chart.setPadding(new RectangleInsets(6, 6, 6, 12));
    return chart;
  }

  /** An XY plot made a chart in the house style (for plots built elsewhere: DynamicsCharts). */
  static JFreeChart xyChart(String title, String subtitle, XYPlot plot, boolean legend) {
    return finish(title, subtitle, xyStyle(plot), legend);
  }

  /** An axis in the house style (a log one ticks at powers of 10). */
  static ValueAxis axis(Axis a) {
    return valueAxis(a, 0);
  }

  /** Opens an SVG group {@code id} titled {@code title} (nothing on other canvases). */
  static void beginGroup(Graphics2D g2, String id, String title) {
    begin(g2, id, title);
  }

  /** Closes the group {@link #beginGroup} opened. */
  static void endGroup(Graphics2D g2) {
    end(g2);
  }

  /**
   * Whether every text the charts draw is ASCII: axis labels, legend items, category and symbol
   * names, annotations and panel labels (tick labels are numbers, formatted in Locale.ROOT).
   */
  static boolean asciiText(List<JFreeChart> charts) {
    List<String> texts = new ArrayList<>();
    for (JFreeChart c : charts) {
      for (Object t : c.getSubtitles()) {
        if (t instanceof TextTitle text && text.isVisible()) {
          texts.add(text.getText());
        }
      }
      org.jfree.chart.plot.Plot plot = c.getPlot();
      List<org.jfree.chart.axis.Axis> axes = new ArrayList<>();
      if (plot instanceof XYPlot xy) {
        axes.add(xy.getDomainAxis());
        axes.add(xy.getRangeAxis());
        for (Object a : xy.getAnnotations()) {
          if (a instanceof XYTextAnnotation text) {
            texts.add(text.getText());
          }
        }
      } else if (plot instanceof CategoryPlot cat) {
        axes.add(cat.getDomainAxis());
        axes.add(cat.getRangeAxis());
        for (Object k : cat.getDataset().getColumnKeys()) {
          texts.add(String.valueOf(k));
        }
      }
      for (org.jfree.chart.axis.Axis a : axes) {
        if (a != null && a.getLabel() != null) {
          texts.add(a.getLabel());
        }
        if (a instanceof SymbolAxis symbols) {
          texts.addAll(List.of(symbols.getSymbols()));
        }
      }
      LegendItemCollection legend = plot.getLegendItems();
      for (int i = 0; legend != null && i < legend.getItemCount(); i++) {
        texts.add(legend.get(i).getLabel());
      }
    }
    return texts.stream().allMatch(t -> t == null || t.chars().allMatch(ch -> ch < 128));
  }

  /** The chart's title, drawn or not; empty if it has none. */
  static String title(JFreeChart chart) {
    return chart.getTitle() == null || chart.getTitle().getText() == null ? ""
        : chart.getTitle().getText();
  }

  /** The chart's subtitle (its first text subtitle that is not a panel label); empty if none. */
  static String subtitle(JFreeChart chart) {
    for (Object t : chart.getSubtitles()) {
      if (t instanceof TextTitle text && !(t instanceof PanelLabel)) {
        return text.getText();
      }
    }
    return "";
  }

  /** Sets the label drawn in a panel's top left corner ("a  W_rec"), replacing any earlier. */
  static void label(JFreeChart chart, String text) {
    for (Object t : List.copyOf(chart.getSubtitles())) {
      if (t instanceof PanelLabel) {
        chart.removeSubtitle((PanelLabel) t);
      }
    }
    PanelLabel label = new PanelLabel(text);
    chart.addSubtitle(0, label);
  }

  /** A multi-panel figure's panel label: bold, at the top left. */
  static final class PanelLabel extends TextTitle {
    private static final long serialVersionUID = 1L;

    PanelLabel(String text) {
      super(text, LABEL_FONT);
      setPaint(Color.BLACK);
      setPosition(RectangleEdge.TOP);
      setHorizontalAlignment(org.jfree.chart.ui.HorizontalAlignment.LEFT);
      setMargin(new RectangleInsets(0, 4, 4, 0));
    }
  }

  /**
   * A rendering hint that {@link Figure#draw} sets to "panel-b-" while it draws the second panel
   * of a multi-panel figure, so that the SVG groups' ids stay unique in the figure.
   */
  static final RenderingHints.Key PANEL = new RenderingHints.Key(0x6270) {
    @Override
    public boolean isCompatibleValue(Object value) {
      return value instanceof String;
    }
  };

  /** Opens an SVG group (nothing on other canvases). */
  private static void begin(Graphics2D g2, String id, String title) {
    if (g2 instanceof SVGGraphics2D) {
      Object panel = g2.getRenderingHint(PANEL);
      g2.setRenderingHint(SVGHints.KEY_BEGIN_GROUP, (panel instanceof String p ? p : "") + id);
      g2.setRenderingHint(SVGHints.KEY_ELEMENT_TITLE, title);
    }
  }

  private static void end(Graphics2D g2) {
    if (g2 instanceof SVGGraphics2D) {
      g2.setRenderingHint(SVGHints.KEY_END_GROUP, "end");
    }
  }

  /**
   * Lines with optional bands and point markers; each series' band, line and points in an SVG
   * group of their own. Passes (DeviationRenderer): 0 the band, 1 the line, 2 the points.
   */
  private static final class SeriesRenderer extends DeviationRenderer {
    private static final long serialVersionUID = 1L;
    private static final String[] ROLES = {"band", "line", "points"};
    private final List<String> names;
    private final boolean[] drawn;

    SeriesRenderer(List<String> names, boolean bands, boolean shapes) {
      super(true, shapes);
      this.names = List.copyOf(names);
      this.drawn = new boolean[] {bands, true, shapes};
    }

    @Override
    public void drawItem(Graphics2D g2, XYItemRendererState state, Rectangle2D dataArea,
        PlotRenderingInfo info, XYPlot plot, ValueAxis domainAxis, ValueAxis rangeAxis,
        XYDataset dataset, int series, int item, CrosshairState crosshairState, int pass) {
      boolean group = drawn[pass] && (pass != 1 || getDefaultLinesVisible());
      if (group && item == 0) {
        begin(g2, "series-" + series + "-" + ROLES[pass], names.get(series));
      }
      super.drawItem(g2, state, dataArea, info, plot, domainAxis, rangeAxis, dataset, series,
          item, crosshairState, pass);
      if (group && item == dataset.getItemCount(series) - 1) {
        end(g2);
      }
    }
  }

  /**
   * Bars with error bars, each bar an SVG group; optionally one colour per category. Each bar's
   * values (one per seed) are drawn over it as small dots in the bar's full colour, spread evenly
   * across its width in the order they came, so that they do not hide one another.
   */
  static final class BarRenderer extends StatisticalBarRenderer {
    private static final long serialVersionUID = 1L;
    /** A seed's dot's diameter, in points. */
    static final double DOT = 5;
    private final List<String> names;
    private final List<Color> categoryColours;
    private final Map<List<Integer>, List<Double>> values = new java.util.HashMap<>();

    /** Sets the values drawn as dots over the bar of {@code row} and {@code column}. */
    void values(int row, int column, List<Double> v) {
      values.put(List.of(row, column), List.copyOf(v));
    }

    /** The values drawn over a bar (none if not set). */
    List<Double> values(int row, int column) {
      return values.getOrDefault(List.of(row, column), List.of());
    }

    BarRenderer(List<String> names, List<Color> categoryColours) {
      this.names = List.copyOf(names);
      this.categoryColours = categoryColours == null ? null : List.copyOf(categoryColours);
    }

    /** Whether each category is a series of its own (one bar per rule). */
    boolean perCategory() {
      return categoryColours != null;
    }

    @Override
    public java.awt.Paint getItemPaint(int row, int column) {
      return categoryColours != null ? barFill(categoryColours.get(column))
          : super.getItemPaint(row, column);
    }

    @Override
    public java.awt.Paint getItemOutlinePaint(int row, int column) {
      return categoryColours != null ? categoryColours.get(column)
          : super.getItemOutlinePaint(row, column);
    }

    @Override
    public void drawItem(Graphics2D g2, CategoryItemRendererState state, Rectangle2D dataArea,
        CategoryPlot plot, org.jfree.chart.axis.CategoryAxis domainAxis, ValueAxis rangeAxis,
        CategoryDataset data, int row, int column, int pass) {
      if (data.getValue(row, column) == null) {
        return;
      }
      int k = categoryColours != null ? column : row;
      begin(g2, "series-" + k + "-bar-" + (categoryColours != null ? 0 : column), names.get(k));
      super.drawItem(g2, state, dataArea, plot, domainAxis, rangeAxis, data, row, column, pass);
      List<Double> v = values(row, column);
      if (!v.isEmpty()) {
        double w0 = calculateBarW0(plot, plot.getOrientation(), dataArea, domainAxis, state, row,
            column);
        double width = state.getBarWidth();
        g2.setPaint(categoryColours != null ? categoryColours.get(column)
            : getSeriesOutlinePaint(row));
        for (int i = 0; i < v.size(); i++) {
          double x = w0 + width * (i + 0.5) / v.size();
          double y = rangeAxis.valueToJava2D(v.get(i), dataArea, plot.getRangeAxisEdge());
          g2.fill(new Ellipse2D.Double(x - DOT / 2, y - DOT / 2, DOT, DOT));
        }
      }
      end(g2);
    }
  }
}
