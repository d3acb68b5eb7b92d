package io.maskwatch.vision.image;

import io.maskwatch.vision.OpenCvLoader;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Rect2d;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Cuts a face out of a frame the way the classifier was trained to see it: the detector's box grown
 * by a margin, optionally made square. Where the grown box runs off the frame the edge pixels are
 * repeated rather than the box shifted, so the face stays centred in the crop.
 */
public final class FaceCrops {

  private FaceCrops() {}

  /** A crop with no margin and the box's own aspect ratio. */
  public static Mat crop(Mat image, Rect box) {
    return crop(image, box, 0.0, false);
  }

  /** See {@link #crop(Mat, Rect2d, double, boolean)}. */
  public static Mat crop(Mat image, Rect box, double margin, boolean square) {
    return crop(image, new Rect2d(box.x, box.y, box.width, box.height), margin, square);
  }

  /**
   * A face as face-service sends it to the classifier: {@link #crop(Mat, Rect2d, double, boolean)}
   * made square, resized to {@code size} x {@code size} (area interpolation when shrinking,
   * bilinear when enlarging) and JPEG-encoded. The evaluation command uses the same method, so what
   * it measures is what the services do.
   *
   * @throws IllegalArgumentException as {@link #crop(Mat, Rect2d, double, boolean)}, or for a size
   *     or quality out of range
   */
  public static byte[] squareJpeg(Mat image, Rect2d box, double margin, int size, int jpegQuality) {
    if (size < 1) {
      throw new IllegalArgumentException("crop size must be positive, got " + size);
    }
    if (jpegQuality < 1 || jpegQuality > 100) {
      throw new IllegalArgumentException("JPEG quality must be within 1..100, got " + jpegQuality);
    }
    Mat face = crop(image, box, margin, true);
    Mat resized = new Mat();
    try {
      int interpolation =
          face.cols() >= size && face.rows() >= size ? Imgproc.INTER_AREA : Imgproc.INTER_LINEAR;
      Imgproc.resize(face, resized, new Size(size, size), 0, 0, interpolation);
      return Images.encodeJpeg(resized, jpegQuality);
    } finally {
      face.release();
      resized.release();
    }
  }

  /**
   * @param margin fraction of the box's width (height) added on the left and on the right (top and
   *     bottom); 0.1 grows a 100 px wide box to 120 px
   * @param square expand the shorter side of the grown box around its centre to match the longer
   * @return a new Mat (never a view into {@code image}) of the grown box's size
   * @throws IllegalArgumentException for an empty image, a box with no area, a negative margin, or
   *     a box entirely outside the image
   */
  public static Mat crop(Mat image, Rect2d box, double margin, boolean square) {
    OpenCvLoader.ensureLoaded();
    if (image == null || image.empty()) {
      throw new IllegalArgumentException("cannot crop from an empty image");
    }
    if (!(box.width > 0) || !(box.height > 0)) {
      throw new IllegalArgumentException("face box has no area: " + box);
    }
    if (!(margin >= 0) || Double.isInfinite(margin)) {
      throw new IllegalArgumentException("margin must be a finite value >= 0, got " + margin);
    }
    Rect region = grow(box, margin, square);
    Rect inside = intersect(region, new Rect(0, 0, image.cols(), image.rows()));
    if (inside.width <= 0 || inside.height <= 0) {
      throw new IllegalArgumentException(
          "face box " + box + " lies outside the " + image.cols() + "x" + image.rows() + " image");
    }
    Mat visible = image.submat(inside);
    int top = inside.y - region.y;
    int left = inside.x - region.x;
    int bottom = region.y + region.height - (inside.y + inside.height);
    int right = region.x + region.width - (inside.x + inside.width);
    if (top == 0 && left == 0 && bottom == 0 && right == 0) {
      return visible.clone();
    }
    Mat padded = new Mat();
    Core.copyMakeBorder(visible, padded, top, bottom, left, right, Core.BORDER_REPLICATE);
    return padded;
  }

  /** The crop region in whole pixels, before clamping to the image. */
  static Rect grow(Rect2d box, double margin, boolean square) {
    double width = box.width * (1 + 2 * margin);
    double height = box.height * (1 + 2 * margin);
    if (square) {
      width = Math.max(width, height);
      height = width;
    }
    double centreX = box.x + box.width / 2;
    double centreY = box.y + box.height / 2;
    int w = Math.max(1, (int) Math.round(width));
    int h = Math.max(1, (int) Math.round(height));
    int x = (int) Math.round(centreX - w / 2.0);
    int y = (int) Math.round(centreY - h / 2.0);
    return new Rect(x, y, w, h);
  }

  private static Rect intersect(Rect a, Rect b) {
    int x = Math.max(a.x, b.x);
    int y = Math.max(a.y, b.y);
    int right = Math.min(a.x + a.width, b.x + b.width);
    int bottom = Math.min(a.y + a.height, b.y + b.height);
    return new Rect(x, y, Math.max(0, right - x), Math.max(0, bottom - y));
  }
}
