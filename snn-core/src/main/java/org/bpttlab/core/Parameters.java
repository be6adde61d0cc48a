package org.bpttlab.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.bpttlab.kernels.WeightMatrix;

/**
 * The parameters of a network as named groups of row-major {@code double[]}; a gradient has the same
 * layout (DESIGN §2). Groups, in order: {@code W_in} (n×n_in), {@code W_rec} (n×n), {@code b} (n, rate
 * cells only), {@code W_out} (n_out×n), {@code b_out} (n_out).
 *
 * <p>Mutable: parameters, gradients and optimizer state are the few places where state lives.
 * {@link #get} hands out a group's live array for writing and counts as a modification of it;
 * readers use {@link #read} or {@link #matrix}, which do not, so the float forms that
 * {@code products: float32} multiplies by ({@link WeightMatrix}) are rebuilt once per update.
 */
public final class Parameters {
  public static final String INPUT_WEIGHTS = "W_in";
  public static final String RECURRENT_WEIGHTS = "W_rec";
  public static final String BIAS = "b";
  public static final String OUTPUT_WEIGHTS = "W_out";
  public static final String OUTPUT_BIAS = "b_out";

  private final List<ParameterShape> shapes;
  private final double[][] values;
  private final WeightMatrix[] matrices;

  /** Zero-filled parameters of the given layout. */
  public Parameters(List<ParameterShape> shapes) {
    this.shapes = Collections.unmodifiableList(new ArrayList<>(shapes));
    this.values = new double[shapes.size()][];
    this.matrices = new WeightMatrix[shapes.size()];
    for (int g = 0; g < shapes.size(); g++) {
      for (int h = 0; h < g; h++) {
        if (shapes.get(h).name().equals(shapes.get(g).name())) {
          throw new IllegalArgumentException("duplicate parameter group " + shapes.get(g).name());
        }
      }
      values[g] = new double[shapes.get(g).size()];
      matrices[g] = new WeightMatrix(values[g], shapes.get(g).rows(), shapes.get(g).cols());
    }
  }

  /** A zero-filled copy of this layout (e.g. a gradient). */
  public Parameters zerosLike() {
    return new Parameters(shapes);
  }

  /** A deep copy. */
  public Parameters copy() {
    Parameters p = zerosLike();
    p.copyFrom(this);
    return p;
  }

  public List<ParameterShape> shapes() {
    return shapes;
  }

  public int groupCount() {
    return shapes.size();
  }

  public ParameterShape shape(int group) {
    return shapes.get(group);
  }

  /** Index of a group by name, or -1. */
  public int indexOf(String name) {
    for (int g = 0; g < shapes.size(); g++) {
      if (shapes.get(g).name().equals(name)) {
        return g;
      }
    }
    return -1;
  }

  public boolean has(String name) {
    return indexOf(name) >= 0;
  }

  /**
   * The live array of group {@code g}, to write (Modified by callers): counts as a modification,
   * so write it before the next product that reads the group, or ask again.
   */
  public double[] get(int group) {
    matrices[group].modified();
    return values[group];
  }

  /** The live array of the named group, to write, as {@link #get(int)}; throws if there is none. */
  public double[] get(String name) {
    return get(group(name));
  }

  /** The live array of group {@code g}, to read only: not a modification. */
  public double[] read(int group) {
    return values[group];
  }

  /** The live array of the named group, to read only, as {@link #read(int)}. */
  public double[] read(String name) {
    return read(group(name));
  }

  /** Group {@code g} as the products read it: not a modification. */
  public WeightMatrix matrix(int group) {
    return matrices[group];
  }

  /** The named group as the products read it, as {@link #matrix(int)}. */
  public WeightMatrix matrix(String name) {
    return matrix(group(name));
  }

  private int group(String name) {
    int g = indexOf(name);
    if (g < 0) {
      throw new IllegalArgumentException("no parameter group " + name + " in " + names());
    }
    return g;
  }

  private void modifiedAll() {
    for (WeightMatrix m : matrices) {
      m.modified();
    }
  }

  public List<String> names() {
    List<String> names = new ArrayList<>();
    for (ParameterShape s : shapes) {
      names.add(s.name());
    }
    return names;
  }

  /** Total number of entries over all groups. */
  public int size() {
    int n = 0;
    for (ParameterShape s : shapes) {
      n += s.size();
    }
    return n;
  }

  public void fill(double value) {
    modifiedAll();
    for (double[] v : values) {
      Arrays.fill(v, value);
    }
  }

  public void copyFrom(Parameters other) {
    requireSameLayout(other);
    modifiedAll();
    for (int g = 0; g < values.length; g++) {
      System.arraycopy(other.values[g], 0, values[g], 0, values[g].length);
    }
  }

  /** {@code this += scale * other}. */
  public void addScaled(double scale, Parameters other) {
    requireSameLayout(other);
    modifiedAll();
    for (int g = 0; g < values.length; g++) {
      double[] a = values[g];
      double[] b = other.values[g];
      for (int i = 0; i < a.length; i++) {
        a[i] += scale * b[i];
      }
    }
  }

  public void scale(double factor) {
    modifiedAll();
    for (double[] v : values) {
      for (int i = 0; i < v.length; i++) {
        v[i] *= factor;
      }
    }
  }

  /** Inner product over all groups. */
  public double dot(Parameters other) {
    requireSameLayout(other);
    double s = 0;
    for (int g = 0; g < values.length; g++) {
      double[] a = values[g];
      double[] b = other.values[g];
      for (int i = 0; i < a.length; i++) {
        s += a[i] * b[i];
      }
    }
    return s;
  }

  /** Euclidean norm over all groups. */
  public double norm() {
    return Math.sqrt(dot(this));
  }

  /** True if every entry is finite. */
  public boolean isFinite() {
    for (double[] v : values) {
      for (double x : v) {
        if (!Double.isFinite(x)) {
          return false;
        }
      }
    }
    return true;
  }

  /** The entries flattened group after group. */
  public double[] flatten() {
    double[] flat = new double[size()];
    int off = 0;
    for (double[] v : values) {
      System.arraycopy(v, 0, flat, off, v.length);
      off += v.length;
    }
    return flat;
  }

  public void requireSameLayout(Parameters other) {
    if (!shapes.equals(other.shapes)) {
      throw new IllegalArgumentException("parameter layouts differ: " + shapes + " vs " + other.shapes);
    }
  }

  @Override
  public String toString() {
    return "Parameters" + shapes;
  }
}
