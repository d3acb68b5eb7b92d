package io.maskwatch.trainer.data;

import io.maskwatch.vision.OpenCvLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfPoint;
import org.opencv.core.Point;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Draws a synthetic mask onto a real face, placed by its five landmarks: correctly worn, under the
 * nose, or on the chin. The mask is shaded like a curved surface, lit by the face's own lighting,
 * textured (pleats, seams, weave) and soft-edged, so that a classifier learns where a mask sits
 * rather than what a flat sticker looks like. Stateless and thread-safe; the same {@link Random}
 * state gives the same drawing.
 */
public final class MaskSynthesizer {
  /** Fractional bits of drawn coordinates: sub-pixel outlines on small faces. */
  static final int SHIFT = 3;

  /** Below this share of a typical mask inside the crop, a face is not used for that mode. */
  public static final double MIN_VISIBLE_FRACTION = 0.6;

  private final double underNoseTopLow;
  private final double underNoseTopHigh;

  public MaskSynthesizer() {
    this(SynthesisConfig.UNDER_NOSE_TOP_LOW, SynthesisConfig.UNDER_NOSE_TOP_HIGH);
  }

  /** Masks worn under the nose get their top edge in this range (see {@link SynthesisConfig}). */
  public MaskSynthesizer(double underNoseTopLow, double underNoseTopHigh) {
    this.underNoseTopLow = underNoseTopLow;
    this.underNoseTopHigh = underNoseTopHigh;
    OpenCvLoader.ensureLoaded();
  }

  /** True when the landmarks describe a face a mask can be drawn on (see {@link FaceFrame}). */
  public static boolean canDraw(FaceLandmarks landmarks) {
    return FaceFrame.of(landmarks).isPresent();
  }

  /**
   * The share of a typical mask of this mode that would lie inside an image of this size. Crops are
   * tight: a mask on the chin of a face whose chin is cut off would be invisible, and its picture
   * would carry a label nothing in it shows.
   */
  public static double visibleFraction(FaceLandmarks landmarks, Size imageSize, MaskMode mode) {
    Optional<FaceFrame> found = FaceFrame.of(landmarks);
    if (found.isEmpty()) {
      return 0;
    }
    FaceFrame face = found.get();
    MaskShape shape = MaskShape.typical(face, mode);
    int pad = (int) Math.ceil(3 * face.eyeDistance());
    FaceFrame shifted =
        new FaceFrame(
            face.originX() + pad,
            face.originY() + pad,
            face.axisX(),
            face.axisY(),
            face.eyeDistance(),
            face.noseU(),
            face.noseV(),
            face.mouthU(),
            face.mouthV());
    Size padded = new Size(imageSize.width + 2 * pad, imageSize.height + 2 * pad);
    Mat all = coverage(padded, shifted, shape);
    double total = Core.countNonZero(all);
    Mat inside = all.submat(new Rect(pad, pad, (int) imageSize.width, (int) imageSize.height));
    double visible = Core.countNonZero(inside);
    all.release();
    return total == 0 ? 0 : visible / total;
  }

  /** A copy of {@code bgr} with a mask drawn in {@code mode}; the input is not changed. */
  public Mat apply(Mat bgr, FaceLandmarks landmarks, MaskMode mode, Random rnd) {
    if (bgr.empty() || bgr.type() != CvType.CV_8UC3) {
      throw new IllegalArgumentException("Need a non-empty 8-bit BGR image, got " + bgr);
    }
    FaceFrame face =
        FaceFrame.of(landmarks)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "Landmarks do not describe an upright, roughly frontal face: "
                            + landmarks));
    MaskStyle style = MaskStyle.random(rnd);
    Scalar color = style.randomColor(rnd);
    MaskShape shape = MaskShape.random(face, mode, rnd, underNoseTopLow, underNoseTopHigh);
    double d = face.eyeDistance();

    Mat alpha = coverage(bgr.size(), face, shape);
    Mat shade = new MaskShading(face, shape, bgr.size()).shade(style, rnd);
    Core.multiply(shade, lighting(bgr, alpha, d), shade);
    Mat colored = new Mat(bgr.size(), CvType.CV_32FC3, color);
    Mat shade3 = new Mat();
    Core.merge(List.of(shade, shade, shade), shade3);
    Core.multiply(colored, shade3, colored);
    if (style.earLoops()) {
      drawEarLoops(colored, alpha, face, shape, color);
    }

    Mat alphaF = new Mat();
    alpha.convertTo(alphaF, CvType.CV_32F, 1 / 255.0);
    Imgproc.GaussianBlur(alphaF, alphaF, new Size(0, 0), Math.max(0.5, 0.015 * d));
    Mat out = new Mat();
    bgr.convertTo(out, CvType.CV_32FC3);
    castShadow(out, alphaF, face, shape, Rendering.uniform(rnd, 0.2, 0.45));
    Rendering.blendOver(out, colored, alphaF);
    out.convertTo(out, CvType.CV_8UC3);
    for (Mat m : List.of(alpha, shade, colored, shade3, alphaF)) {
      m.release();
    }
    return out;
  }

  /**
   * Darkens the skin just below the mask's lower half, as the mask standing off the chin and jaw
   * shades it; the upper half casts nothing, so eyes, nose and mouth above the mask stay as they
   * were.
   */
  private static void castShadow(
      Mat image, Mat alpha, FaceFrame face, MaskShape shape, double strength) {
    double d = face.eyeDistance();
    double drop = 0.05 * d;
    Mat shift = new Mat(2, 3, CvType.CV_64F);
    shift.put(0, 0, 1, 0, -face.axisY() * drop, 0, 1, face.axisX() * drop);
    Mat shadow = new Mat();
    Imgproc.warpAffine(alpha, shadow, shift, alpha.size());
    Imgproc.GaussianBlur(shadow, shadow, new Size(0, 0), Math.max(0.7, 0.04 * d));
    Core.subtract(shadow, alpha, shadow);
    Core.max(shadow, new Scalar(0), shadow);
    double middle = (shape.top() + shape.bottom()) / 2;
    List<Point> lowerHalf =
        List.of(
            new Point(shape.left() - 1, middle),
            new Point(shape.right() + 1, middle),
            new Point(shape.right() + 1, shape.bottom() + 2),
            new Point(shape.left() - 1, shape.bottom() + 2));
    Mat gate = Mat.zeros(alpha.size(), CvType.CV_32F);
    Imgproc.fillPoly(
        gate, List.of(toImage(face, lowerHalf)), new Scalar(strength), Imgproc.LINE_8, SHIFT);
    Core.multiply(shadow, gate, shadow);
    // image *= 1 - shadow
    Core.subtract(new Mat(alpha.size(), CvType.CV_32F, new Scalar(1)), shadow, shadow);
    Mat shadow3 = new Mat();
    Core.merge(List.of(shadow, shadow, shadow), shadow3);
    Core.multiply(image, shadow3, image);
    for (Mat m : List.of(shift, shadow, gate, shadow3)) {
      m.release();
    }
  }

  /** 255 inside the mask outline: the jaw-and-sides shape cut by the top edge. */
  private static Mat coverage(Size size, FaceFrame face, MaskShape shape) {
    Mat sides = Mat.zeros(size, CvType.CV_8UC1);
    Mat below = Mat.zeros(size, CvType.CV_8UC1);
    Imgproc.fillPoly(
        sides,
        List.of(toImage(face, shape.sidesAndJaw())),
        new Scalar(255),
        Imgproc.LINE_AA,
        SHIFT);
    Imgproc.fillPoly(
        below,
        List.of(toImage(face, shape.belowTopEdge())),
        new Scalar(255),
        Imgproc.LINE_AA,
        SHIFT);
    Core.min(sides, below, sides);
    below.release();
    return sides;
  }

  /**
   * The face's own light falling on the mask: the blurred brightness around each point relative to
   * the mean under the mask (soft, square-rooted so dark mouths and nostrils barely show), and the
   * picture's overall exposure.
   */
  private static Mat lighting(Mat bgr, Mat alpha, double eyeDistance) {
    Mat grey = new Mat();
    Imgproc.cvtColor(bgr, grey, Imgproc.COLOR_BGR2GRAY);
    double exposure = Core.mean(grey).val[0];
    grey.convertTo(grey, CvType.CV_32F);
    Imgproc.GaussianBlur(grey, grey, new Size(0, 0), Math.max(1, 0.3 * eyeDistance));
    double under = Core.mean(grey, alpha).val[0];
    Core.multiply(grey, new Scalar(1 / Math.max(1, under)), grey);
    Core.min(grey, new Scalar(1.35), grey);
    Core.max(grey, new Scalar(0.6), grey);
    Core.pow(grey, 0.5, grey);
    double global = Math.max(0.55, Math.min(1.1, Math.sqrt(exposure / 125)));
    Core.multiply(grey, new Scalar(global), grey);
    return grey;
  }

  /** Thin loops from the mask's upper and lower corners towards the ears. */
  private static void drawEarLoops(
      Mat colored, Mat alpha, FaceFrame face, MaskShape shape, Scalar color) {
    double d = face.eyeDistance();
    int thickness = Math.max(1, (int) Math.round(0.02 * d));
    double bright = Math.max(color.val[0], Math.max(color.val[1], color.val[2]));
    Scalar loop = bright > 120 ? new Scalar(230, 230, 230) : color;
    double upper = shape.topAt(shape.topCenter() + 0.5) + 0.06;
    double lower = Math.max(upper + 0.15, Math.min(shape.bottom() - 0.35, face.mouthV() + 0.1));
    double[][] loops = {{upper, 0.2}, {lower, 0.55}};
    for (double[] l : loops) {
      double[] edges = shape.edgesAt(l[0]);
      for (int side = 0; side < 2; side++) {
        double from = edges[side] + (side == 0 ? 0.04 : -0.04);
        double ear = side == 0 ? shape.left() - 0.12 : shape.right() + 0.12;
        List<Point> line =
            List.of(
                new Point(from, l[0]),
                new Point((from + ear) / 2 + (side == 0 ? -0.03 : 0.03), (l[0] + l[1]) / 2),
                new Point(ear, l[1]));
        MatOfPoint pts = toImage(face, line);
        Imgproc.polylines(colored, List.of(pts), false, loop, thickness, Imgproc.LINE_AA, SHIFT);
        Imgproc.polylines(
            alpha, List.of(pts), false, new Scalar(200), thickness, Imgproc.LINE_AA, SHIFT);
      }
    }
  }

  /** Face-unit points as image points in fixed point with {@link #SHIFT} fractional bits. */
  static MatOfPoint toImage(FaceFrame face, List<Point> facePoints) {
    double scale = 1 << SHIFT;
    List<Point> pts = new ArrayList<>(facePoints.size());
    for (Point p : facePoints) {
      Point img = face.toImage(p.x, p.y);
      pts.add(new Point(Math.round(img.x * scale), Math.round(img.y * scale)));
    }
    MatOfPoint mat = new MatOfPoint();
    mat.fromList(pts);
    return mat;
  }
}
