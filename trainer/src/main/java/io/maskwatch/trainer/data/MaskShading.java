package io.maskwatch.trainer.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * The brightness of a mask's surface, per pixel (1 = its flat colour): darker towards its sides and
 * bottom where it curves away, with pleats, seams and fabric texture. Everything is computed with
 * whole-image operations on maps of the face coordinates u and v.
 */
final class MaskShading {
  private final FaceFrame face;
  private final MaskShape shape;
  private final Size size;

  MaskShading(FaceFrame face, MaskShape shape, Size size) {
    this.face = face;
    this.shape = shape;
    this.size = size;
  }

  Mat shade(MaskStyle style, Random rnd) {
    Mat u = new Mat();
    Mat v = new Mat();
    faceCoordinates(u, v);

    // Curving away at the sides: 1 - 0.4 * ((u - middle) / half width)^2.
    double middle = (shape.left() + shape.right()) / 2;
    double half = (shape.right() - shape.left()) / 2;
    Mat shade = new Mat();
    Core.subtract(u, new Scalar(middle), shade);
    Core.multiply(shade, shade, shade, 1 / (half * half));
    Core.multiply(shade, new Scalar(-0.4), shade);
    Core.add(shade, new Scalar(1.05), shade);
    // and towards the bottom, under the chin.
    Mat down = new Mat();
    Core.subtract(v, new Scalar(shape.top()), down);
    Core.multiply(down, new Scalar(-0.18 / (shape.bottom() - shape.top())), down);
    Core.add(down, new Scalar(1.05), down);
    Core.multiply(shade, down, shade);
    Core.max(shade, new Scalar(0.5), shade);

    Mat detail = details(style, rnd);
    Core.multiply(shade, detail, shade);
    for (Mat m : List.of(u, v, down, detail)) {
      m.release();
    }
    return shade;
  }

  /** Per-pixel face coordinates, built from a row of x and a column of y values. */
  private void faceCoordinates(Mat u, Mat v) {
    int w = (int) size.width;
    int h = (int) size.height;
    float[] xs = new float[w];
    for (int x = 0; x < w; x++) {
      xs[x] = x;
    }
    float[] ys = new float[h];
    for (int y = 0; y < h; y++) {
      ys[y] = y;
    }
    Mat row = new Mat(1, w, CvType.CV_32F);
    row.put(0, 0, xs);
    Mat col = new Mat(h, 1, CvType.CV_32F);
    col.put(0, 0, ys);
    Mat x = new Mat();
    Mat y = new Mat();
    Core.repeat(row, h, 1, x);
    Core.repeat(col, 1, w, y);
    Core.subtract(x, new Scalar(face.originX()), x);
    Core.subtract(y, new Scalar(face.originY()), y);
    double d = face.eyeDistance();
    Core.addWeighted(x, face.axisX() / d, y, face.axisY() / d, 0, u);
    Core.addWeighted(x, -face.axisY() / d, y, face.axisX() / d, 0, v);
    for (Mat m : List.of(row, col, x, y)) {
      m.release();
    }
  }

  /** Pleats, seams and weave, as a multiplier around 1. */
  private Mat details(MaskStyle style, Random rnd) {
    double d = face.eyeDistance();
    Mat detail = new Mat(size, CvType.CV_32F, new Scalar(1));
    int thickness = Math.max(1, (int) Math.round(0.035 * d));
    for (int i = 1; i <= style.pleats(); i++) {
      double fraction = (i - 0.2 + 0.3 * rnd.nextDouble()) / (style.pleats() + 1.2);
      List<Point> pleat = shape.across(fraction, 0.05);
      drawLine(detail, pleat, 0.72, thickness);
      drawLine(detail, offset(pleat, 0.04), 1.12, thickness);
    }
    if (style.centreSeam()) {
      double centre = (shape.topCenter() + shape.jawCenter()) / 2;
      List<Point> seam =
          List.of(
              new Point(shape.topCenter(), shape.topAt(shape.topCenter())),
              new Point(centre, (shape.top() + shape.bottom()) / 2),
              new Point(shape.jawCenter(), shape.bottom()));
      if (style == MaskStyle.RESPIRATOR) {
        // A folded respirator: one half faces the light more than the other.
        List<Point> half = new ArrayList<>(seam);
        half.add(new Point(shape.right() + 0.5, shape.bottom()));
        half.add(new Point(shape.right() + 0.5, shape.top() - 0.5));
        Imgproc.fillPoly(
            detail,
            List.of(MaskSynthesizer.toImage(face, half)),
            new Scalar(0.88 + 0.2 * rnd.nextDouble()),
            Imgproc.LINE_AA,
            MaskSynthesizer.SHIFT);
      }
      drawLine(detail, seam, 0.78, thickness);
    }
    Imgproc.GaussianBlur(detail, detail, new Size(0, 0), Math.max(0.6, 0.02 * d));
    addNoise(detail, rnd, 6, style == MaskStyle.CLOTH ? 0.05 : 0.03);
    addNoise(detail, rnd, Math.max(4, (int) (Math.min(size.width, size.height) / 3)), 0.03);
    return detail;
  }

  private void drawLine(Mat target, List<Point> facePoints, double value, int thickness) {
    Imgproc.polylines(
        target,
        List.of(MaskSynthesizer.toImage(face, facePoints)),
        false,
        new Scalar(value),
        thickness,
        Imgproc.LINE_AA,
        MaskSynthesizer.SHIFT);
  }

  private static List<Point> offset(List<Point> pts, double dv) {
    return pts.stream().map(p -> new Point(p.x, p.y + dv)).toList();
  }

  /** Gaussian noise on a coarse grid, smoothly scaled up: blotches or weave by grid size. */
  private void addNoise(Mat target, Random rnd, int grid, double amplitude) {
    float[] values = new float[grid * grid];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) (rnd.nextGaussian() * amplitude);
    }
    Mat small = new Mat(grid, grid, CvType.CV_32F);
    small.put(0, 0, values);
    Mat big = new Mat();
    Imgproc.resize(small, big, size, 0, 0, Imgproc.INTER_CUBIC);
    Core.add(target, big, target);
    small.release();
    big.release();
  }
}
