package io.maskwatch.trainer.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.opencv.core.Point;

/**
 * The outline of a synthetic mask in face units ({@link FaceFrame}): the lower face down to just
 * below the chin, cut off above by a top edge whose height depends on the {@link MaskMode}.
 *
 * @param left the mask's left edge (u)
 * @param right the mask's right edge (u)
 * @param jawCenter u of the chin, where the jaw curve bottoms out
 * @param cheekV v where the sides stop being straight and curve in towards the chin
 * @param bottom v of the mask's lowest point
 * @param top v of the top edge at its highest point
 * @param topCenter u of that point
 * @param topSlope how fast the top edge drops towards the sides (per unit of u)
 * @param topCurve how much more it drops, quadratically
 */
public record MaskShape(
    double left,
    double right,
    double jawCenter,
    double cheekV,
    double bottom,
    double top,
    double topCenter,
    double topSlope,
    double topCurve) {

  private static final int ARC_POINTS = 24;

  /** A random outline for this face and mode, within anatomically sensible ranges. */
  public static MaskShape random(FaceFrame face, MaskMode mode, Random rnd) {
    return random(
        face, mode, rnd, SynthesisConfig.UNDER_NOSE_TOP_LOW, SynthesisConfig.UNDER_NOSE_TOP_HIGH);
  }

  /**
   * As {@link #random(FaceFrame, MaskMode, Random)}, with the top edge of a mask worn under the
   * nose between {@code underNoseTopLow} and {@code underNoseTopHigh} of the way from the nose tip
   * to the mouth.
   */
  public static MaskShape random(
      FaceFrame face, MaskMode mode, Random rnd, double underNoseTopLow, double underNoseTopHigh) {
    double nose = face.noseV();
    double mouth = face.mouthV();
    double chin = face.chinV();
    // A turned face shows more of one cheek: both face edges move against the nose's offset.
    double turn = Math.max(-0.35, Math.min(0.35, -1.5 * face.noseU()));
    double halfWidth = Rendering.uniform(rnd, 0.95, 1.1);
    double left = Math.min(-halfWidth + turn, Math.min(face.noseU(), face.mouthU()) - 0.5);
    double right = Math.max(halfWidth + turn, Math.max(face.noseU(), face.mouthU()) + 0.5);
    return switch (mode) {
      case CORRECT ->
          new MaskShape(
              left,
              right,
              face.mouthU(),
              nose,
              chin + Rendering.uniform(rnd, 0.05, 0.2),
              // on the nose bridge, but never up to the lower eyelids
              Math.max(0.22, nose * Rendering.uniform(rnd, 0.35, 0.55)),
              face.noseU(),
              Rendering.uniform(rnd, 0.05, 0.15),
              Rendering.uniform(rnd, 0.05, 0.15));
      case UNDER_NOSE ->
          new MaskShape(
              left,
              right,
              face.mouthU(),
              nose,
              chin + Rendering.uniform(rnd, 0.05, 0.2),
              nose + (mouth - nose) * Rendering.uniform(rnd, underNoseTopLow, underNoseTopHigh),
              (face.noseU() + face.mouthU()) / 2,
              Rendering.uniform(rnd, 0.03, 0.1),
              Rendering.uniform(rnd, 0.05, 0.15));
      case ON_CHIN ->
          new MaskShape(
              left * 0.95,
              right * 0.95,
              face.mouthU(),
              nose,
              chin + Rendering.uniform(rnd, 0.1, 0.3),
              mouth + (chin - mouth) * Rendering.uniform(rnd, 0.35, 0.5),
              face.mouthU(),
              Rendering.uniform(rnd, 0.0, 0.1),
              Rendering.uniform(rnd, 0.1, 0.25));
    };
  }

  /** The outline with every random choice at the middle of its range. */
  public static MaskShape typical(FaceFrame face, MaskMode mode) {
    return random(face, mode, new MidRange());
  }

  /** v of the top edge at u. */
  public double topAt(double u) {
    double du = Math.abs(u - topCenter);
    return top + topSlope * du + topCurve * du * du;
  }

  /** u of the outline's left and right edges at height v (the jaw narrows below the cheeks). */
  public double[] edgesAt(double v) {
    double v0 = jawTop();
    if (v <= v0) {
      return new double[] {left, right};
    }
    double sin = Math.min(1, (v - v0) / (bottom - v0));
    double cos = Math.sqrt(1 - sin * sin);
    return new double[] {
      jawCenter - (jawCenter - left) * cos, jawCenter + (right - jawCenter) * cos
    };
  }

  private double jawTop() {
    return Math.min(cheekV, bottom - 0.3);
  }

  /** The side-and-jaw outline (no top edge), from high on the left side to high on the right. */
  public List<Point> sidesAndJaw() {
    List<Point> pts = new ArrayList<>();
    double high = Math.min(top, cheekV) - 1;
    double v0 = jawTop();
    double depth = bottom - v0;
    pts.add(new Point(left, high));
    for (int i = 0; i <= ARC_POINTS; i++) {
      double t = Math.PI - Math.PI * i / ARC_POINTS;
      double cos = Math.cos(t);
      double width = cos < 0 ? jawCenter - left : right - jawCenter;
      pts.add(new Point(jawCenter + width * cos, v0 + depth * Math.sin(t)));
    }
    pts.add(new Point(right, high));
    return pts;
  }

  /** Everything below the top edge, as a polygon reaching past the sides and the bottom. */
  public List<Point> belowTopEdge() {
    List<Point> pts = new ArrayList<>();
    double from = left - 0.5;
    double to = right + 0.5;
    for (int i = 0; i <= ARC_POINTS; i++) {
      double u = from + (to - from) * i / ARC_POINTS;
      pts.add(new Point(u, topAt(u)));
    }
    pts.add(new Point(to, bottom + 1));
    pts.add(new Point(from, bottom + 1));
    return pts;
  }

  /** A line across the mask at a fraction of the way from the top edge to the bottom. */
  public List<Point> across(double fraction, double inset) {
    List<Point> pts = new ArrayList<>();
    double from = left + inset;
    double to = right - inset;
    for (int i = 0; i <= ARC_POINTS; i++) {
      double u = from + (to - from) * i / ARC_POINTS;
      double t = topAt(u);
      pts.add(new Point(u, t + (bottom - t) * fraction));
    }
    return pts;
  }

  /** A "random" source that always answers the middle of the range. */
  private static final class MidRange extends Random {
    private static final long serialVersionUID = 1L;

    @Override
    public double nextDouble() {
      return 0.5;
    }
  }
}
