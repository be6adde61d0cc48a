package org.bpttlab.results.figures;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Stroke;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bpttlab.rules.Rules;

/**
 * One colour per rule, the same in every figure. A series is keyed by its rule's name, the part
 * before any {@code :} if that is a registered rule (so {@code tbptt:k1=5,k2=10} is coloured as
 * {@code tbptt}), else by its whole name; the registered
 * rules take the colours of {@link #RULE_COLOURS} in registry order ({@link Rules#names()}: bptt
 * black, readout-only grey, rtrl blue, tbptt orange, ...), built from the colour-blind-safe palettes
 * of Okabe &amp; Ito (2008) and Tol (2021). The other keys of a figure (lag series
 * {@code radius=0.8}, {@code radius=1.0}, a cost series {@code predicted}, a rule registered after
 * the palette ran out) take the colours of {@link #OTHER_COLOURS} in the order they first come, so
 * that the series of one figure are told apart (a hash of the name could give two of them the same
 * or similar colours); the same CSV rows give the same colours.
 *
 * <p>Series of one figure that share a key (variants of one rule, {@code eprop} and
 * {@code eprop:feedback=random}) keep its colour and differ in their dash pattern, in the order
 * they come: solid, dashed, dotted, dash-dotted, then again.
 */
final class Palette {
  /** The registered rules' colours, in registry order. */
  static final List<Color> RULE_COLOURS = List.of(
      new Color(0x000000), // bptt: black, the reference
      new Color(0x8C8C8C), // readout-only: grey
      new Color(0x0072B2), // rtrl: blue (Okabe-Ito)
      new Color(0xE69F00), // tbptt: orange (Okabe-Ito)
      new Color(0x999933), // artbp: olive (Tol)
      new Color(0x56B4E9), // checkpointed: sky blue (Okabe-Ito)
      new Color(0xD55E00), // eprop: vermillion (Okabe-Ito)
      new Color(0x009E73), // rflo: bluish green (Okabe-Ito)
      new Color(0xCC79A7), // eprop-reward: reddish purple (Okabe-Ito)
      new Color(0x332288), // node-perturbation: indigo (Tol)
      new Color(0x228833), // snap: green (Tol bright)
      new Color(0xEE6677), // uoro: red (Tol bright)
      new Color(0xDDCC77), // kf-rtrl: sand (Tol muted)
      new Color(0xAA4499), // reverse-kf-rtrl: purple (Tol muted)
      new Color(0xBB5566), // fbptt: dark rose (Tol high-contrast)
      new Color(0x997700), // dni: dark yellow (Tol medium-contrast)
      new Color(0xEE3377)); // kernl: magenta (Tol vibrant)

  /**
   * The colours of other series, in turn (Tol's muted and dark palettes, less the colours above),
   * ordered so that the first few differ most.
   */
  static final List<Color> OTHER_COLOURS = List.of(
      new Color(0x882255), // wine
      new Color(0x44AA99), // teal
      new Color(0xDDAA33), // ochre
      new Color(0x4477AA), // mid blue
      new Color(0x117733), // green
      new Color(0xCC6677), // rose
      new Color(0x661100), // brown
      new Color(0xAA3377), // purple
      new Color(0x555555), // dark grey
      new Color(0x88CCEE)); // cyan

  private static final float WIDTH = 2.0f;

  /** Dash patterns of the variants of one key, in turn (null: solid). */
  private static final List<float[]> DASHES = List.of(
      new float[0], new float[] {8f, 5f}, new float[] {2f, 4f}, new float[] {9f, 4f, 2f, 4f});

  private Palette() {}

  /** A series' colour and stroke. */
  record Style(Color colour, Stroke stroke) {}

  /**
   * The key of a series: a registered rule's name without its options (and without the folder
   * an overlay puts before it, {@code runs-x/bptt}), else the whole name.
   */
  static String key(String series) {
    int colon = series.indexOf(':');
    String base = colon < 0 ? series : series.substring(0, colon);
    base = base.substring(base.lastIndexOf('/') + 1);
    return Rules.names().contains(base) ? base : series;
  }

  /** The fixed colour of a registered rule, or null. */
  static Color ruleColour(String key) {
    int i = Rules.names().indexOf(key);
    return i >= 0 && i < RULE_COLOURS.size() ? RULE_COLOURS.get(i) : null;
  }

  /** The styles of a figure's series, in their order. */
  static List<Style> styles(List<String> series) {
    Map<String, Color> colours = new HashMap<>();
    Map<String, Integer> variants = new HashMap<>();
    int others = 0;
    List<Style> styles = new ArrayList<>();
    for (String s : series) {
      String k = key(s);
      Color c = colours.get(k);
      if (c == null) {
        c = ruleColour(k);
        if (c == null) {
          c = OTHER_COLOURS.get(others++ % OTHER_COLOURS.size());
        }
        colours.put(k, c);
      }
      int v = variants.merge(k, 1, Integer::sum) - 1;
      float[] dash = DASHES.get(v % DASHES.size());
      Stroke stroke = dash.length == 0
          ? new BasicStroke(WIDTH, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND)
          : new BasicStroke(WIDTH, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, dash, 0f);
      styles.add(new Style(c, stroke));
    }
    return styles;
  }

  /** {@code colour} with {@code alpha} in [0, 1]. */
  static Color translucent(Color colour, double alpha) {
    return new Color(colour.getRed(), colour.getGreen(), colour.getBlue(),
        (int) Math.round(alpha * 255));
  }
}
