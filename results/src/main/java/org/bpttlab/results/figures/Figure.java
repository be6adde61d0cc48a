package org.bpttlab.results.figures;

import java.util.regex.Pattern;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.category.CategoryDataset;

/**
 * One figure to draw: the files {@code figures/<name>.png} and {@code figures/<name>.svg}.
 *
 * @param name the file name without extension: letters, digits, {@code . _ -}
 * @param caption a sentence or two saying what it shows and from which file and columns
 * @param chart the chart
 */
public record Figure(String name, String caption, JFreeChart chart) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  public Figure {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("a figure's name must be letters, digits and . _ -,"
          + " was '" + name + "'");
    }
    if (caption == null || caption.isBlank()) {
      throw new IllegalArgumentException("figure " + name + " needs a caption");
    }
    if (chart == null) {
      throw new IllegalArgumentException("figure " + name + " needs a chart");
    }
  }

  /**
   * The number of data series drawn: lines or point sets (not the identity line), or rules in a
   * bar chart (bars with a value).
   */
  public int series() {
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
