package io.maskwatch.trainer.data;

import io.maskwatch.vision.OpenCvLoader;
import java.util.Random;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * On-the-fly augmentation of a BGR face crop: one affine warp (rotation, zoom, shift, shear,
 * mirror), then low resolution, blur, hue and saturation, brightness and contrast, and a JPEG
 * re-encode, each by chance. The output keeps the input's size and type; the input is not changed.
 * Stateless and thread-safe; the same {@link Random} state gives the same output.
 */
public final class Augmenter {
  private final AugmentConfig cfg;

  public Augmenter(AugmentConfig cfg) {
    this.cfg = cfg;
    OpenCvLoader.ensureLoaded();
  }

  public Mat apply(Mat bgr, Random rnd) {
    if (bgr.empty() || bgr.type() != CvType.CV_8UC3) {
      throw new IllegalArgumentException(
          "Augmenter needs a non-empty 8-bit BGR image, got " + bgr + " of type " + bgr.type());
    }
    Mat out = warp(bgr, rnd);
    if (rnd.nextDouble() < cfg.lowResProbability()) {
      lowResolution(out, rnd);
    }
    if (rnd.nextDouble() < cfg.blurProbability()) {
      double sigma = uniform(rnd, 0.3, Math.max(0.3, cfg.blurMaxSigma()));
      Imgproc.GaussianBlur(out, out, new Size(0, 0), sigma);
    }
    rotateHue(out, rnd);
    adjustColor(out, rnd);
    if (rnd.nextDouble() < cfg.jpegProbability()) {
      out =
          jpegRoundTrip(
              out,
              cfg.jpegMinQuality() + rnd.nextInt(cfg.jpegMaxQuality() - cfg.jpegMinQuality() + 1));
    }
    return out;
  }

  private Mat warp(Mat src, Random rnd) {
    double angle = Math.toRadians(uniform(rnd, -cfg.rotationDegrees(), cfg.rotationDegrees()));
    double zoom = uniform(rnd, cfg.zoomMin(), cfg.zoomMax());
    double shear = uniform(rnd, -cfg.shear(), cfg.shear());
    double dx = uniform(rnd, -cfg.shift(), cfg.shift()) * src.cols();
    double dy = uniform(rnd, -cfg.shift(), cfg.shift()) * src.rows();
    boolean flip = rnd.nextDouble() < cfg.flipProbability();
    if (angle == 0 && zoom == 1 && shear == 0 && dx == 0 && dy == 0 && !flip) {
      return src.clone();
    }
    // Around the centre: p' = c + t + R·Shear·(zoom·F·(p - c)), with F the mirror.
    double cx = (src.cols() - 1) / 2.0;
    double cy = (src.rows() - 1) / 2.0;
    double cos = Math.cos(angle);
    double sin = Math.sin(angle);
    double f = flip ? -1 : 1;
    // R·Shear = [[cos, cos·sh - sin], [sin, sin·sh + cos]]
    double a = cos * zoom * f;
    double b = (cos * shear - sin) * zoom;
    double c = sin * zoom * f;
    double d = (sin * shear + cos) * zoom;
    Mat m = new Mat(2, 3, CvType.CV_64F);
    m.put(0, 0, a, b, cx + dx - a * cx - b * cy, c, d, cy + dy - c * cx - d * cy);
    Mat out = new Mat();
    Imgproc.warpAffine(
        src, out, m, src.size(), Imgproc.INTER_LINEAR, Core.BORDER_REFLECT_101, new Scalar(0));
    m.release();
    return out;
  }

  private void lowResolution(Mat img, Random rnd) {
    int shortSide = Math.min(img.cols(), img.rows());
    int target = cfg.lowResMinSide() + rnd.nextInt(cfg.lowResMaxSide() - cfg.lowResMinSide() + 1);
    if (target >= shortSide) {
      return;
    }
    double scale = (double) target / shortSide;
    Size small =
        new Size(
            Math.max(1, Math.round(img.cols() * scale)),
            Math.max(1, Math.round(img.rows() * scale)));
    Mat tmp = new Mat();
    Imgproc.resize(img, tmp, small, 0, 0, Imgproc.INTER_AREA);
    Imgproc.resize(tmp, img, img.size(), 0, 0, Imgproc.INTER_LINEAR);
    tmp.release();
  }

  /**
   * Turns the colour wheel and scales saturation. Off unless configured, and then it draws from
   * {@code rnd} only, so runs without it keep their random sequence.
   */
  private void rotateHue(Mat img, Random rnd) {
    if (cfg.hueDegrees() == 0 && cfg.saturation() == 0) {
      return;
    }
    // OpenCV's 8-bit hue runs 0..179 for 0..358 degrees.
    int hueStep = (int) Math.round(uniform(rnd, -cfg.hueDegrees(), cfg.hueDegrees()) / 2);
    double satGain = 1 + uniform(rnd, -cfg.saturation(), cfg.saturation());
    if (hueStep == 0 && satGain == 1) {
      return;
    }
    // One lookup table per channel: hue turned round the wheel, saturation scaled, value kept.
    byte[] table = new byte[256 * 3];
    for (int v = 0; v < 256; v++) {
      table[3 * v] = (byte) ((v + hueStep + 180) % 180);
      table[3 * v + 1] = (byte) Math.min(255, Math.round(v * satGain));
      table[3 * v + 2] = (byte) v;
    }
    Mat lut = new Mat(1, 256, CvType.CV_8UC3);
    lut.put(0, 0, table);
    Mat hsv = new Mat();
    Imgproc.cvtColor(img, hsv, Imgproc.COLOR_BGR2HSV);
    Core.LUT(hsv, lut, hsv);
    Imgproc.cvtColor(hsv, img, Imgproc.COLOR_HSV2BGR);
    hsv.release();
    lut.release();
  }

  private void adjustColor(Mat img, Random rnd) {
    double gain = 1 + uniform(rnd, -cfg.brightness(), cfg.brightness());
    double contrast = 1 + uniform(rnd, -cfg.contrast(), cfg.contrast());
    if (gain == 1 && contrast == 1) {
      return;
    }
    Scalar mean = Core.mean(img);
    double grey = (mean.val[0] + mean.val[1] + mean.val[2]) / 3;
    // out = gain·(mean + contrast·(in - mean)), saturated to 0..255.
    img.convertTo(img, -1, gain * contrast, gain * (1 - contrast) * grey);
  }

  private static Mat jpegRoundTrip(Mat img, int quality) {
    MatOfByte buffer = new MatOfByte();
    Imgcodecs.imencode(".jpg", img, buffer, new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, quality));
    Mat decoded = Imgcodecs.imdecode(buffer, Imgcodecs.IMREAD_COLOR);
    buffer.release();
    img.release();
    return decoded;
  }

  private static double uniform(Random rnd, double low, double high) {
    return high <= low ? low : low + (high - low) * rnd.nextDouble();
  }
}
