package io.maskwatch.trainer.data;

import io.maskwatch.vision.MaskLabel;
import io.maskwatch.vision.OpenCvLoader;
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
 * Covers the lower part of a face crop with the back of another head, as in crowd photos where the
 * person in front hides someone's mouth and chin: a dark, hair-textured ellipse rising from below
 * the crop. On an unmasked face it may hide the mouth (the face is still unmasked: nose and cheeks
 * show it); on a masked one it stays below the mask's middle, so the label stays true. Stateless
 * and thread-safe; the same {@link Random} state gives the same output.
 */
public final class Occluder {

  /** Highest top edge of the occluder, as a fraction of the crop's height, per label. */
  private static final double UNMASKED_TOP_LOW = 0.55;

  private static final double MASKED_TOP_LOW = 0.8;
  private static final double TOP_HIGH = 0.92;

  public Occluder() {
    OpenCvLoader.ensureLoaded();
  }

  /** A copy of {@code bgr} with an occluder drawn; the input is not changed. */
  public Mat apply(Mat bgr, MaskLabel label, Random rnd) {
    if (bgr.empty() || bgr.type() != CvType.CV_8UC3) {
      throw new IllegalArgumentException("Need a non-empty 8-bit BGR image, got " + bgr);
    }
    int w = bgr.cols();
    int h = bgr.rows();
    double topLow = label == MaskLabel.WITHOUT_MASK ? UNMASKED_TOP_LOW : MASKED_TOP_LOW;
    double top = h * Rendering.uniform(rnd, topLow, TOP_HIGH);
    double halfWidth = w * Rendering.uniform(rnd, 0.3, 0.6);
    double halfHeight = halfWidth * Rendering.uniform(rnd, 0.9, 1.3);
    Point centre = new Point(w * Rendering.uniform(rnd, 0.2, 0.8), top + halfHeight);

    Mat alpha = Mat.zeros(h, w, CvType.CV_32F);
    Imgproc.ellipse(
        alpha,
        centre,
        new Size(halfWidth, halfHeight),
        0,
        0,
        360,
        new Scalar(1),
        -1,
        Imgproc.LINE_AA);
    Imgproc.GaussianBlur(alpha, alpha, new Size(0, 0), Math.max(0.6, 0.02 * w));

    // Hair: a dark base colour, strands as noise stretched along one direction, a soft highlight.
    double base = Rendering.uniform(rnd, 12, 70);
    double warm = Rendering.uniform(rnd, 0, 18);
    // From rnd, not OpenCV's global generator, so a seed repeats the picture on any thread.
    float[] values = new float[w * h];
    double sigma = Rendering.uniform(rnd, 6, 16);
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) (rnd.nextGaussian() * sigma);
    }
    Mat noise = new Mat(h, w, CvType.CV_32F);
    noise.put(0, 0, values);
    Imgproc.GaussianBlur(noise, noise, new Size(0, 0), 0.4, Math.max(0.8, 0.03 * h));
    Mat hair = new Mat();
    Core.merge(List.of(noise, noise, noise), hair);
    Core.add(hair, new Scalar(base, base + warm * 0.5, base + warm), hair);
    Mat shine = Mat.zeros(h, w, CvType.CV_32F);
    Imgproc.ellipse(
        shine,
        new Point(centre.x - halfWidth * 0.3, top + halfHeight * 0.35),
        new Size(halfWidth * 0.35, halfHeight * 0.2),
        Rendering.uniform(rnd, -30, 30),
        0,
        360,
        new Scalar(Rendering.uniform(rnd, 0, 30)),
        -1);
    Imgproc.GaussianBlur(shine, shine, new Size(0, 0), Math.max(1, 0.05 * w));
    Mat shine3 = new Mat();
    Core.merge(List.of(shine, shine, shine), shine3);
    Core.add(hair, shine3, hair);

    Mat out = new Mat();
    bgr.convertTo(out, CvType.CV_32FC3);
    Rendering.blendOver(out, hair, alpha);
    Mat result = new Mat();
    out.convertTo(result, CvType.CV_8UC3);
    for (Mat m : List.of(alpha, noise, hair, shine, shine3, out)) {
      m.release();
    }
    return result;
  }
}
