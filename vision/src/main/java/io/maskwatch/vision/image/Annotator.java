package io.maskwatch.vision.image;

import io.maskwatch.vision.OpenCvLoader;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Point;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * Draws classified faces onto a copy of a frame: a box per face in its label's colour and a caption
 * ("without_mask 0.97") on a filled background above it. Line width and text size grow with the
 * image, so a 1080p frame reads like a 360p one.
 *
 * <p>The colours stay apart for viewers with red-green colour blindness (protanopia, deuteranopia):
 * a bluish green for {@code with_mask} (Okabe–Ito #009E73), a dark red for {@code without_mask}
 * (#C81E1E) and a light amber for {@code mask_weared_incorrect} (#FFB000, from IBM's CVD-safe
 * palette). The red and the amber differ in lightness as well as hue, which is what a red-green
 * colour-blind eye still sees; the caption names the label, so colour is never the only cue. Any
 * other label is drawn grey.
 *
 * <p>Takes plain values (box, label wire name, confidence) so that callers need no message types.
 */
public final class Annotator {

  /**
   * One face to draw.
   *
   * @param x left edge in image pixels (may lie outside the image; drawing is clipped)
   * @param y top edge in image pixels
   * @param width box width in pixels, > 0
   * @param height box height in pixels, > 0
   * @param label the label's wire name, e.g. {@code without_mask}
   * @param confidence the classifier's confidence, 0..1
   */
  public record Face(int x, int y, int width, int height, String label, double confidence) {

    public Face {
      if (width <= 0 || height <= 0) {
        throw new IllegalArgumentException(
            "face box has no area: " + width + "x" + height + " at (" + x + "," + y + ")");
      }
      if (label == null || label.isBlank()) {
        throw new IllegalArgumentException("face label must not be blank");
      }
    }
  }

  /** BGR, as OpenCV draws. */
  private static final Map<String, Scalar> COLOURS =
      Map.of(
          "with_mask", bgr(0x00, 0x9E, 0x73),
          "without_mask", bgr(0xC8, 0x1E, 0x1E),
          "mask_weared_incorrect", bgr(0xFF, 0xB0, 0x00));

  private static final Scalar OTHER = bgr(0xA0, 0xA0, 0xA0);
  private static final Scalar BLACK = new Scalar(0, 0, 0);
  private static final Scalar WHITE = new Scalar(255, 255, 255);
  private static final int FONT = Imgproc.FONT_HERSHEY_SIMPLEX;

  private Annotator() {}

  /**
   * @param image a BGR {@code CV_8UC3} frame; left untouched
   * @param faces the faces to draw, boxes first and captions over them, in list order
   * @return a new Mat of the image's size that the caller owns
   * @throws IllegalArgumentException for an empty image or one that is not 8-bit BGR
   */
  public static Mat annotate(Mat image, List<Face> faces) {
    OpenCvLoader.ensureLoaded();
    if (image == null || image.empty()) {
      throw new IllegalArgumentException("cannot annotate an empty image");
    }
    if (image.type() != CvType.CV_8UC3) {
      throw new IllegalArgumentException(
          "expected an 8-bit BGR image (CV_8UC3), got " + CvType.typeToString(image.type()));
    }
    Mat out = image.clone();
    int thickness = lineThickness(out.cols(), out.rows());
    for (Face face : faces) {
      Imgproc.rectangle(
          out,
          new Point(face.x(), face.y()),
          new Point(face.x() + face.width() - 1.0, face.y() + face.height() - 1.0),
          colour(face.label()),
          thickness,
          Imgproc.LINE_8);
    }
    double scale = fontScale(out.cols(), out.rows());
    int textThickness = Math.max(1, (int) Math.round(scale * 1.6));
    for (Face face : faces) {
      drawCaption(out, face, scale, textThickness);
    }
    return out;
  }

  /** "without_mask 0.97": the label and the confidence to two decimals, in any locale. */
  public static String caption(String label, double confidence) {
    return String.format(Locale.ROOT, "%s %.2f", label, confidence);
  }

  /** The label's colour in BGR order; grey for a label other than the three known ones. */
  public static Scalar colour(String label) {
    return COLOURS.getOrDefault(label, OTHER);
  }

  /** Box line width in pixels: 1 up to ~540 px on the short side, 2 at 720p, 3 at 1080p. */
  public static int lineThickness(int width, int height) {
    return Math.max(1, (int) Math.round(Math.min(width, height) / 360.0));
  }

  /** Hershey font scale: ~0.4 on small frames, 0.8 at 720p, 1.2 at 1080p. */
  static double fontScale(int width, int height) {
    return Math.max(0.35, Math.min(width, height) / 900.0);
  }

  /**
   * Encodes losslessly as PNG.
   *
   * @throws IllegalArgumentException for an empty image
   * @throws IllegalStateException when OpenCV cannot encode it
   */
  public static byte[] encodePng(Mat image) {
    OpenCvLoader.ensureLoaded();
    if (image == null || image.empty()) {
      throw new IllegalArgumentException("cannot encode an empty image");
    }
    MatOfByte out = new MatOfByte();
    try {
      if (!Imgcodecs.imencode(".png", image, out)) {
        throw new IllegalStateException(
            "OpenCV could not encode a " + image.cols() + "x" + image.rows() + " image as PNG");
      }
      return out.toArray();
    } finally {
      out.release();
    }
  }

  /**
   * The caption's background sits on the box's top edge, outside the box; where the box touches the
   * top of the image it moves inside, and it is shifted left to stay within the image.
   */
  private static void drawCaption(Mat out, Face face, double scale, int textThickness) {
    String text = caption(face.label(), face.confidence());
    int[] baseline = new int[1];
    Size size = Imgproc.getTextSize(text, FONT, scale, textThickness, baseline);
    int pad = Math.max(2, textThickness + 1);
    int boxWidth = (int) size.width + 2 * pad;
    int boxHeight = (int) size.height + baseline[0] + 2 * pad;
    int left = Math.max(0, Math.min(face.x(), out.cols() - boxWidth));
    int top = face.y() - boxHeight;
    if (top < 0) {
      top = Math.max(0, face.y());
    }
    top = Math.min(top, Math.max(0, out.rows() - boxHeight));
    Scalar background = colour(face.label());
    Imgproc.rectangle(
        out, new Rect(left, top, boxWidth, boxHeight), background, Imgproc.FILLED, Imgproc.LINE_8);
    Imgproc.putText(
        out,
        text,
        new Point(left + pad, top + pad + size.height),
        FONT,
        scale,
        textColourOn(background),
        textThickness,
        Imgproc.LINE_AA);
  }

  /** Black or white, whichever contrasts more with the background (WCAG relative luminance). */
  static Scalar textColourOn(Scalar bgr) {
    double luminance =
        0.2126 * linear(bgr.val[2]) + 0.7152 * linear(bgr.val[1]) + 0.0722 * linear(bgr.val[0]);
    double againstWhite = 1.05 / (luminance + 0.05);
    double againstBlack = (luminance + 0.05) / 0.05;
    return againstBlack >= againstWhite ? BLACK : WHITE;
  }

  private static double linear(double channel) {
    double c = channel / 255.0;
    return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
  }

  private static Scalar bgr(int red, int green, int blue) {
    return new Scalar(blue, green, red);
  }
}
