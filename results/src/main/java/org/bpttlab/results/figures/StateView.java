package org.bpttlab.results.figures;

import org.joml.Matrix4d;
import org.joml.Vector3d;
import org.joml.Vector4d;

/**
 * A camera looking at the state space's top three principal components, for the
 * {@code state-space-3d} figure: a point (pc1, pc2, pc3) is taken to the plane by
 * M = P · V (JOML's {@link Matrix4d#perspective} and {@link Matrix4d#lookAt}), then divided by w.
 *
 * <p>The camera looks at {@code centre} from the azimuth φ and elevation θ, at the distance
 * d = r / sin(fov / 2) that fits the sphere of radius r about the centre in the field of view:
 * eye = centre + d · (sin φ cos θ, −cos φ cos θ, sin θ), PC3 up. At φ = 0 it looks along +PC2,
 * so +PC1 is to the right; a larger φ turns the camera anticlockwise seen from above. Points in
 * the sphere land in [−1, 1]² (normalised device coordinates; +x right, +y up).
 */
final class StateView {
  /** The field of view, in degrees: narrow, so that the perspective distorts little. */
  static final double FIELD_OF_VIEW_DEGREES = 30;

  private final Matrix4d matrix;
  private final Vector4d scratch = new Vector4d();

  /**
   * @param centre the point looked at (Not modified)
   * @param radius the radius of the sphere to fit, > 0
   */
  StateView(Vector3d centre, double radius, double azimuthDegrees, double elevationDegrees) {
    if (!(radius > 0) || !Double.isFinite(radius)) {
      throw new IllegalArgumentException("radius must be > 0 and finite, was " + radius);
    }
    double fov = Math.toRadians(FIELD_OF_VIEW_DEGREES);
    double az = Math.toRadians(azimuthDegrees);
    double el = Math.toRadians(elevationDegrees);
    double distance = radius / Math.sin(fov / 2);
    Vector3d eye = new Vector3d(Math.sin(az) * Math.cos(el), -Math.cos(az) * Math.cos(el),
        Math.sin(el)).mul(distance).add(centre);
    matrix = new Matrix4d()
        .perspective(fov, 1.0, 0.01 * distance, 3 * distance)
        .lookAt(eye, centre, new Vector3d(0, 0, 1));
  }

  /**
   * The point's place on the picture plane: {x, y} in normalised device coordinates.
   * Not thread-safe (one scratch vector).
   */
  double[] project(double pc1, double pc2, double pc3) {
    matrix.transform(scratch.set(pc1, pc2, pc3, 1));
    return new double[] {scratch.x / scratch.w, scratch.y / scratch.w};
  }
}
