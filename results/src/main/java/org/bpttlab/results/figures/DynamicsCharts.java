package org.bpttlab.results.figures;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.Stroke;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.annotations.XYAnnotation;
import org.jfree.chart.annotations.XYLineAnnotation;
import org.jfree.chart.annotations.XYShapeAnnotation;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.AxisSpace;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CrosshairState;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.PlotRenderingInfo;
import org.jfree.chart.plot.PlotState;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYItemRendererState;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.Range;
import org.jfree.data.statistics.HistogramDataset;
import org.jfree.data.xy.DefaultXYDataset;
import org.jfree.data.xy.XYDataset;

/**
 * The chart kinds of the dynamics figures ({@link DynamicsFigures}), in the house style of
 * {@link Charts}: state-space pictures (a line per condition, trials split by NaN breaks, fixed
 * points as markers) with equal units on both axes, eigenvalues in the complex plane, a spike
 * raster, a histogram and membrane traces. In SVG, each data series is a group
 * {@code <g id="series-K-ROLE">} titled with its name, as in the other figures; the markers of
 * the fixed points and the trials' starts are groups {@code points-K-points} and
 * {@code start-K-points}.
 */
final class DynamicsCharts {
  private static final Color AXIS = new Color(0x444444);
  private static final Color GREY = new Color(0x666666);
  private static final Color SEPARATOR = new Color(0xBBBBBB);
  private static final float LINE_WIDTH = 1.5f;

  /**
   * The colours of conditions, in the order they first come in trajectories.csv (Tol's bright
   * palette, then its muted one: none is a rule's colour, none is black or grey like the fixed
   * points), in turn.
   */
  static final List<Color> CONDITION_COLOURS = List.of(
      new Color(0x4477AA), // blue
      new Color(0xEE6677), // red
      new Color(0x228833), // green
      new Color(0xCCBB44), // yellow
      new Color(0x66CCEE), // cyan
      new Color(0xAA3377), // purple
      new Color(0x882255), // wine
      new Color(0x44AA99), // teal
      new Color(0xDDAA33), // ochre
      new Color(0x117733), // dark green
      new Color(0xCC6677), // rose
      new Color(0x661100)); // brown

  /** The populations stacked in a raster, from the bottom, with their colours. */
  static final List<String> POPULATIONS = List.of("input", "lif", "alif");

  private static final List<Color> POPULATION_COLOURS = List.of(
      new Color(0x555555), // input: dark grey
      new Color(0x0072B2), // lif: blue (Okabe-Ito)
      new Color(0xD55E00)); // alif: vermillion (Okabe-Ito)

  private DynamicsCharts() {}

  /** The colour of the {@code i}-th condition. */
  static Color conditionColour(int i) {
    return CONDITION_COLOURS.get(i % CONDITION_COLOURS.size());
  }

  /** A population's colour: input, lif, alif as above, any other from the other colours. */
  static Color populationColour(String population) {
    int i = POPULATIONS.indexOf(population);
    return i >= 0 ? POPULATION_COLOURS.get(i)
        : Palette.OTHER_COLOURS.get(Math.floorMod(population.hashCode(),
            Palette.OTHER_COLOURS.size()));
  }

  /** A fixed or slow point's kind, with its marker. */
  enum Kind {
    STABLE("stable fixed point"), UNSTABLE("unstable fixed point"), SLOW("slow point");

    final String label;

    Kind(String label) {
      this.label = label;
    }

    /** Stable: a filled black circle; unstable: a hollow one; slow: a filled grey diamond. */
    Shape shape(double radius) {
      if (this == SLOW) {
        Path2D.Double d = new Path2D.Double();
        double r = radius * 1.25;
        d.moveTo(0, -r);
        d.lineTo(r, 0);
        d.lineTo(0, r);
        d.lineTo(-r, 0);
        d.closePath();
        return d;
      }
      return new Ellipse2D.Double(-radius, -radius, 2 * radius, 2 * radius);
    }

    Color colour() {
      return this == SLOW ? GREY : Color.BLACK;
    }

    boolean filled() {
      return this != UNSTABLE;
    }
  }

  /** Named points, one series: x and y of equal length (NaN: a break in a line). */
  record Layer(String name, Color colour, double[] x, double[] y) {
    Layer {
      if (x.length != y.length) {
        throw new IllegalArgumentException(name + ": " + x.length + " x but " + y.length + " y");
      }
    }
  }

  /** A marker layer of one kind. */
  record Points(Kind kind, double[] x, double[] y) {}

  /**
   * A state-space picture: each condition a line (trials split by NaN), each trial's start a dot
   * of its colour, the fixed and slow points on top, equal units on both axes.
   *
   * @param xLabel the horizontal axis' label, or null for hidden axes (a 3-D projection)
   * @param bounds the region to show, {xLow, xHigh, yLow, yHigh}; widened to the panel's shape
   */
  static JFreeChart stateSpace(String title, String subtitle, String xLabel, String yLabel,
      List<Layer> conditions, List<Layer> starts, List<Points> points,
      List<XYAnnotation> annotations, double[] bounds) {
    DefaultXYDataset lines = new DefaultXYDataset();
    List<String> names = new ArrayList<>();
    for (Layer l : conditions) {
      lines.addSeries(l.name(), new double[][] {l.x(), l.y()});
      names.add(l.name());
    }
    LineRenderer lineRenderer = new LineRenderer("series", names, true, false);
    lineRenderer.setDrawSeriesLineAsPath(true);
    for (int i = 0; i < conditions.size(); i++) {
      lineRenderer.setSeriesPaint(i, conditions.get(i).colour());
      lineRenderer.setSeriesStroke(i, new BasicStroke(LINE_WIDTH, BasicStroke.CAP_ROUND,
          BasicStroke.JOIN_ROUND));
    }
    DefaultXYDataset startData = new DefaultXYDataset();
    List<String> startNames = new ArrayList<>();
    for (Layer l : starts) {
      startData.addSeries(l.name() + " start", new double[][] {l.x(), l.y()});
      startNames.add(l.name() + " start");
    }
    LineRenderer startRenderer = new LineRenderer("start", startNames, false, true);
    for (int i = 0; i < starts.size(); i++) {
      startRenderer.setSeriesPaint(i, starts.get(i).colour());
      startRenderer.setSeriesShape(i, new Ellipse2D.Double(-2.5, -2.5, 5, 5));
    }
    startRenderer.setDefaultSeriesVisibleInLegend(false);
    EqualAspectPlot plot = new EqualAspectPlot(bounds);
    plot.setDataset(0, lines);
    plot.setRenderer(0, lineRenderer);
    plot.setDataset(1, startData);
    plot.setRenderer(1, startRenderer);
    plot.setDataset(2, pointData(points));
    plot.setRenderer(2, pointRenderer("points", points, 4.5));
    plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
    plot.setDomainAxis(equalAxis(xLabel));
    plot.setRangeAxis(equalAxis(yLabel));
    for (XYAnnotation a : annotations) {
      plot.addAnnotation(a, false);
    }
    JFreeChart chart = Charts.xyChart(title, subtitle, plot, true);
    if (xLabel == null) {
      plot.setDomainGridlinesVisible(false);
      plot.setRangeGridlinesVisible(false);
      plot.setOutlineVisible(false);
    }
    return chart;
  }

  /**
   * Eigenvalues in the complex plane, a series per point kind, with the unit circle (dashed),
   * equal units on both axes.
   */
  static JFreeChart eigenvalues(String title, String subtitle, List<Points> points) {
    double lo = -1;
    double hi = 1;
    double[] bounds = {-1, 1, -1, 1};
    for (Points p : points) {
      for (int i = 0; i < p.x().length; i++) {
        bounds[0] = Math.min(bounds[0], p.x()[i]);
        bounds[1] = Math.max(bounds[1], p.x()[i]);
        bounds[2] = Math.min(bounds[2], p.y()[i]);
        bounds[3] = Math.max(bounds[3], p.y()[i]);
      }
    }
    pad(bounds, 0.05);
    EqualAspectPlot plot = new EqualAspectPlot(bounds);
    plot.setDataset(0, pointData(points));
    plot.setRenderer(0, pointRenderer("series", points, 3.5));
    plot.setDomainAxis(equalAxis("real part"));
    plot.setRangeAxis(equalAxis("imaginary part"));
    plot.addAnnotation(new XYShapeAnnotation(new Ellipse2D.Double(lo, lo, hi - lo, hi - lo),
        dashed(1.2f), GREY), false);
    return Charts.xyChart(title, subtitle, plot, true);
  }

  /**
   * A spike raster: a short vertical tick per spike, a series per population stacked from the
   * bottom; thin grey lines between populations.
   *
   * @param layers a series per population: x the step, y the stacked neuron index
   * @param boundaries the stacked index where each population after the first begins
   * @param rows the number of stacked neurons
   * @param steps the last step to show
   */
  static JFreeChart raster(String title, String subtitle, String yLabel, List<Layer> layers,
      List<Integer> boundaries, int rows, double steps) {
    DefaultXYDataset data = new DefaultXYDataset();
    List<String> names = new ArrayList<>();
    for (Layer l : layers) {
      data.addSeries(l.name(), new double[][] {l.x(), l.y()});
      names.add(l.name());
    }
    TickRenderer renderer = new TickRenderer(names);
    for (int i = 0; i < layers.size(); i++) {
      renderer.setSeriesPaint(i, layers.get(i).colour());
      renderer.setSeriesShape(i, new Rectangle2D.Double(-2, -5, 4, 10));
    }
    ValueAxis x = Charts.axis(new Charts.Axis("time step", false, true));
    x.setRange(0, Math.max(1, steps + 1));
    ValueAxis y = Charts.axis(new Charts.Axis(yLabel, false, true));
    y.setRange(-0.5, Math.max(0.5, rows - 0.5));
    XYPlot plot = new XYPlot(data, x, y, renderer);
    for (int b : boundaries) {
      plot.addRangeMarker(new ValueMarker(b - 0.5, SEPARATOR, new BasicStroke(1f)));
    }
    JFreeChart chart = Charts.xyChart(title, subtitle, plot, true);
    plot.setDomainGridlinesVisible(false);
    plot.setRangeGridlinesVisible(false);
    return chart;
  }

  /**
   * Histograms on shared bins, a series per layer (its x values are the samples), bars filled
   * with their colour, translucent so that overlapping ones show, and outlined in it.
   */
  static JFreeChart histogram(String title, String subtitle, String xLabel, List<Layer> layers,
      int bins, double low, double high) {
    HistogramDataset data = new HistogramDataset();
    List<String> names = new ArrayList<>();
    for (Layer l : layers) {
      data.addSeries(l.name(), l.x(), bins, low, high);
      names.add(l.name());
    }
    BarRenderer renderer = new BarRenderer(names);
    for (int i = 0; i < layers.size(); i++) {
      renderer.setSeriesPaint(i, Palette.translucent(layers.get(i).colour(), 0.45));
      renderer.setSeriesOutlinePaint(i, layers.get(i).colour());
    }
    renderer.setBarPainter(new StandardXYBarPainter());
    renderer.setShadowVisible(false);
    renderer.setDrawBarOutline(true);
    renderer.setDefaultOutlineStroke(new BasicStroke(1f));
    NumberAxis count = (NumberAxis) Charts.axis(new Charts.Axis("neurons", false, true));
    count.setAutoRangeIncludesZero(true);
    XYPlot plot = new XYPlot(data, Charts.axis(new Charts.Axis(xLabel)), count, renderer);
    return Charts.xyChart(title, subtitle, plot, true);
  }

  /**
   * Traces against the step: each layer a line in its colour and stroke; the legend names
   * {@code legend} (one entry per neuron, solid) instead of every series.
   */
  static JFreeChart traces(String title, String subtitle, String yLabel, List<Layer> layers,
      List<Stroke> strokes, List<Layer> legend) {
    DefaultXYDataset data = new DefaultXYDataset();
    List<String> names = new ArrayList<>();
    for (Layer l : layers) {
      data.addSeries(l.name(), new double[][] {l.x(), l.y()});
      names.add(l.name());
    }
    LineRenderer renderer = new LineRenderer("series", names, true, false);
    renderer.setDrawSeriesLineAsPath(true);
    for (int i = 0; i < layers.size(); i++) {
      renderer.setSeriesPaint(i, layers.get(i).colour());
      renderer.setSeriesStroke(i, strokes.get(i));
    }
    XYPlot plot = new XYPlot(data, Charts.axis(new Charts.Axis("time step", false, true)),
        Charts.axis(new Charts.Axis(yLabel)), renderer);
    ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
    LegendItemCollection items = new LegendItemCollection();
    for (Layer l : legend) {
      LegendItem item = new LegendItem(l.name(), null, null, null, new Line2D.Double(-9, 0, 9, 0),
          new BasicStroke(2f), l.colour());
      item.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
      items.add(item);
    }
    plot.setFixedLegendItems(items);
    return Charts.xyChart(title, subtitle, plot, true);
  }

  /** A dashed stroke. */
  static BasicStroke dashed(float width) {
    return new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
        new float[] {6f, 4f}, 0f);
  }

  /** Widens {xLow, xHigh, yLow, yHigh} by {@code fraction} of its larger side on every side. */
  static void pad(double[] b, double fraction) {
    if (!(b[0] <= b[1]) || !(b[2] <= b[3])) { // nothing finite to show
      b[0] = -1;
      b[1] = 1;
      b[2] = -1;
      b[3] = 1;
    }
    double side = Math.max(b[1] - b[0], b[3] - b[2]);
    double p = side > 0 ? fraction * side : 1;
    b[0] -= p;
    b[1] += p;
    b[2] -= p;
    b[3] += p;
  }

  private static DefaultXYDataset pointData(List<Points> points) {
    DefaultXYDataset data = new DefaultXYDataset();
    for (Points p : points) {
      data.addSeries(p.kind().label, new double[][] {p.x(), p.y()});
    }
    return data;
  }

  private static LineRenderer pointRenderer(String prefix, List<Points> points, double radius) {
    LineRenderer r = new LineRenderer(prefix,
        points.stream().map(p -> p.kind().label).toList(), false, true);
    r.setUseOutlinePaint(false);
    for (int i = 0; i < points.size(); i++) {
      Kind k = points.get(i).kind();
      r.setSeriesPaint(i, k.colour());
      r.setSeriesShape(i, k.shape(radius));
      r.setSeriesShapesFilled(i, k.filled());
      r.setSeriesStroke(i, new BasicStroke(1.5f));
    }
    return r;
  }

  private static NumberAxis equalAxis(String label) {
    NumberAxis axis = (NumberAxis) Charts.axis(new Charts.Axis(label == null ? "hidden" : label));
    axis.setAutoRange(false);
    if (label == null) {
      axis.setVisible(false);
    }
    return axis;
  }

  /**
   * An XY plot whose axes have the same units per point, fitted around the given bounds when it
   * is drawn (the data area's shape is only known then).
   */
  static final class EqualAspectPlot extends XYPlot {
    private static final long serialVersionUID = 1L;
    private final double[] bounds;

    EqualAspectPlot(double[] bounds) {
      this.bounds = bounds.clone();
      setAxisOffset(RectangleInsets.ZERO_INSETS);
    }

    @Override
    public void draw(Graphics2D g2, Rectangle2D area, Point2D anchor, PlotState parentState,
        PlotRenderingInfo info) {
      // twice: the tick labels' width depends on the ranges
      for (int pass = 0; pass < 2; pass++) {
        Rectangle2D a = (Rectangle2D) area.clone();
        getInsets().trim(a);
        AxisSpace space = calculateAxisSpace(g2, a);
        Rectangle2D data = space.shrink(a, null);
        getAxisOffset().trim(data);
        if (data.getWidth() <= 0 || data.getHeight() <= 0) {
          break;
        }
        double w = Math.max(bounds[1] - bounds[0], 1e-12);
        double h = Math.max(bounds[3] - bounds[2], 1e-12);
        double perPoint = Math.max(w / data.getWidth(), h / data.getHeight());
        double cx = (bounds[0] + bounds[1]) / 2;
        double cy = (bounds[2] + bounds[3]) / 2;
        getDomainAxis().setRange(new Range(cx - perPoint * data.getWidth() / 2,
            cx + perPoint * data.getWidth() / 2), true, false);
        getRangeAxis().setRange(new Range(cy - perPoint * data.getHeight() / 2,
            cy + perPoint * data.getHeight() / 2), true, false);
      }
      super.draw(g2, area, anchor, parentState, info);
    }
  }

  /**
   * Lines or markers, each series an SVG group {@code PREFIX-K-line} or {@code PREFIX-K-points}
   * titled with its name. Passes (XYLineAndShapeRenderer): 0 the lines, 1 the markers.
   */
  static final class LineRenderer extends XYLineAndShapeRenderer {
    private static final long serialVersionUID = 1L;
    private final String prefix;
    private final List<String> names;

    LineRenderer(String prefix, List<String> names, boolean lines, boolean shapes) {
      super(lines, shapes);
      this.prefix = prefix;
      this.names = List.copyOf(names);
    }

    @Override
    public void drawItem(Graphics2D g2, XYItemRendererState state, Rectangle2D dataArea,
        PlotRenderingInfo info, XYPlot plot, ValueAxis domainAxis, ValueAxis rangeAxis,
        XYDataset dataset, int series, int item, CrosshairState crosshairState, int pass) {
      boolean group = pass == 0 ? getDefaultLinesVisible() : getDefaultShapesVisible();
      if (group && item == 0) {
        Charts.beginGroup(g2, prefix + "-" + series + "-" + (pass == 0 ? "line" : "points"),
            names.get(series));
      }
      super.drawItem(g2, state, dataArea, info, plot, domainAxis, rangeAxis, dataset, series,
          item, crosshairState, pass);
      if (group && item == dataset.getItemCount(series) - 1) {
        Charts.endGroup(g2);
      }
    }
  }

  /**
   * A spike raster's marks: each series drawn at once as one path of short vertical ticks (one
   * SVG path per population, not an element per spike), in an SVG group
   * {@code series-K-points}.
   */
  static final class TickRenderer extends XYLineAndShapeRenderer {
    private static final long serialVersionUID = 1L;
    private final List<String> names;

    TickRenderer(List<String> names) {
      super(false, true);
      this.names = List.copyOf(names);
    }

    @Override
    public int getPassCount() {
      return 1;
    }

    @Override
    public void drawItem(Graphics2D g2, XYItemRendererState state, Rectangle2D dataArea,
        PlotRenderingInfo info, XYPlot plot, ValueAxis domainAxis, ValueAxis rangeAxis,
        XYDataset dataset, int series, int item, CrosshairState crosshairState, int pass) {
      if (item != 0) {
        return;
      }
      Path2D.Double ticks = new Path2D.Double();
      for (int i = 0; i < dataset.getItemCount(series); i++) {
        double x = domainAxis.valueToJava2D(dataset.getXValue(series, i), dataArea,
            plot.getDomainAxisEdge());
        double top = rangeAxis.valueToJava2D(dataset.getYValue(series, i) + 0.4, dataArea,
            plot.getRangeAxisEdge());
        double bottom = rangeAxis.valueToJava2D(dataset.getYValue(series, i) - 0.4, dataArea,
            plot.getRangeAxisEdge());
        if (bottom - top < 1) { // at least a point tall
          double mid = (top + bottom) / 2;
          top = mid - 0.5;
          bottom = mid + 0.5;
        }
        ticks.moveTo(x, top);
        ticks.lineTo(x, bottom);
      }
      Charts.beginGroup(g2, "series-" + series + "-points", names.get(series));
      g2.setPaint(lookupSeriesPaint(series));
      g2.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER));
      g2.draw(ticks);
      Charts.endGroup(g2);
    }
  }

  /** Histogram bars, each series an SVG group {@code series-K-bar-0}. */
  static final class BarRenderer extends XYBarRenderer {
    private static final long serialVersionUID = 1L;
    private final List<String> names;

    BarRenderer(List<String> names) {
      this.names = List.copyOf(names);
    }

    @Override
    public void drawItem(Graphics2D g2, XYItemRendererState state, Rectangle2D dataArea,
        PlotRenderingInfo info, XYPlot plot, ValueAxis domainAxis, ValueAxis rangeAxis,
        XYDataset dataset, int series, int item, CrosshairState crosshairState, int pass) {
      if (item == 0) {
        Charts.beginGroup(g2, "series-" + series + "-bar-0", names.get(series));
      }
      super.drawItem(g2, state, dataArea, info, plot, domainAxis, rangeAxis, dataset, series,
          item, crosshairState, pass);
      if (item == dataset.getItemCount(series) - 1) {
        Charts.endGroup(g2);
      }
    }
  }

  /** A line annotation from one point to another, with a label just past its end. */
  static List<XYAnnotation> arrow(double x0, double y0, double x1, double y1, String label,
      double labelOffset) {
    XYLineAnnotation line =
        new XYLineAnnotation(x0, y0, x1, y1, new BasicStroke(1.2f),
            AXIS);
    double dx = x1 - x0;
    double dy = y1 - y0;
    double len = Math.hypot(dx, dy);
    double lx = len > 0 ? x1 + labelOffset * dx / len : x1;
    double ly = len > 0 ? y1 + labelOffset * dy / len : y1;
    XYTextAnnotation text =
        new XYTextAnnotation(label, lx, ly);
    text.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
    text.setPaint(AXIS);
    return List.of(line, text);
  }
}
