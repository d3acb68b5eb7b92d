package io.maskwatch.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.maskwatch.vision.OpenCvLoader;
import io.maskwatch.vision.testing.SharedData;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfDouble;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

class AugmenterTest {
  private Mat face;

  @BeforeEach
  void readRealFace() {
    // A real, non-square crop, so width and height mix-ups show.
    Path file = SharedData.facesDir().resolve("chandrikadeb7/without_mask/0_0_aidai_0029.jpg");
    OpenCvLoader.ensureLoaded();
    face = Imgcodecs.imread(file.toString());
    assertThat(face.cols()).isNotEqualTo(face.rows());
  }

  private static boolean same(Mat a, Mat b) {
    Mat diff = new Mat();
    Core.absdiff(a, b, diff);
    return Core.countNonZero(diff.reshape(1)) == 0;
  }

  private static double laplacianVariance(Mat bgr) {
    Mat grey = new Mat();
    Imgproc.cvtColor(bgr, grey, Imgproc.COLOR_BGR2GRAY);
    Mat lap = new Mat();
    Imgproc.Laplacian(grey, lap, CvType.CV_64F);
    MatOfDouble mean = new MatOfDouble();
    MatOfDouble std = new MatOfDouble();
    Core.meanStdDev(lap, mean, std);
    return std.get(0, 0)[0] * std.get(0, 0)[0];
  }

  private static double meanGrey(Mat bgr) {
    double[] m = Core.mean(bgr).val;
    return (m[0] + m[1] + m[2]) / 3;
  }

  @Test
  void keepsSizeAndTypeAndLeavesTheInputAlone() {
    Mat before = face.clone();
    Augmenter augmenter = new Augmenter(AugmentConfig.defaults());
    for (int seed = 0; seed < 20; seed++) {
      Mat out = augmenter.apply(face, new Random(seed));
      assertThat(out.size()).isEqualTo(face.size());
      assertThat(out.type()).isEqualTo(CvType.CV_8UC3);
    }
    assertThat(same(face, before)).isTrue();
  }

  @Test
  void sameSeedSameOutputOtherSeedOtherOutput() {
    Augmenter augmenter = new Augmenter(AugmentConfig.defaults());
    Mat a = augmenter.apply(face, new Random(42));
    Mat b = augmenter.apply(face, new Random(42));
    Mat c = augmenter.apply(face, new Random(43));

    assertThat(same(a, b)).isTrue();
    assertThat(same(a, c)).isFalse();
  }

  @Test
  void everythingOffReturnsTheImageUnchanged() {
    Mat out = new Augmenter(AugmentConfig.off()).apply(face, new Random(1));
    assertThat(same(out, face)).isTrue();
  }

  @Test
  void lowResolutionDestroysFineDetail() {
    Augmenter lowRes = new Augmenter(AugmentConfig.off().withLowRes(1.0, 16, 24));
    double sharp = laplacianVariance(face);
    for (int seed = 0; seed < 5; seed++) {
      Mat out = lowRes.apply(face, new Random(seed));
      assertThat(out.size()).isEqualTo(face.size());
      assertThat(laplacianVariance(out)).isLessThan(sharp * 0.25);
    }
  }

  @Test
  void brightnessStaysInItsRangeAndDoesChangeTheImage() {
    Augmenter bright = new Augmenter(AugmentConfig.off().withColor(0.25, 0));
    double base = meanGrey(face);
    double largestChange = 0;
    for (int seed = 0; seed < 30; seed++) {
      double ratio = meanGrey(bright.apply(face, new Random(seed))) / base;
      // Saturation at 255 can only pull a brightened mean down, never past the range.
      assertThat(ratio).isBetween(0.75 - 0.01, 1.25 + 0.01);
      largestChange = Math.max(largestChange, Math.abs(ratio - 1));
    }
    assertThat(largestChange).isGreaterThan(0.1);
  }

  @Test
  void flipMirrorsTheImage() {
    Mat mirrored = new Mat();
    Core.flip(face, mirrored, 1);
    Mat out = new Augmenter(AugmentConfig.off().withFlip(1.0)).apply(face, new Random(3));
    assertThat(same(out, mirrored)).isTrue();
  }

  @Test
  void zoomScalesAboutTheCentre() {
    Mat out =
        new Augmenter(AugmentConfig.off().withGeometry(0, 1.15, 1.15, 0, 0))
            .apply(face, new Random(5));
    Point centre = new Point((face.cols() - 1) / 2.0, (face.rows() - 1) / 2.0);
    Mat expected = new Mat();
    Imgproc.warpAffine(
        face,
        expected,
        Imgproc.getRotationMatrix2D(centre, 0, 1.15),
        face.size(),
        Imgproc.INTER_LINEAR,
        Core.BORDER_REFLECT_101);
    assertThat(same(out, face)).isFalse();
    assertThat(Core.PSNR(out, expected)).isGreaterThan(45);
  }

  @Test
  void jpegReEncodeChangesPixelsSlightly() {
    Mat out = new Augmenter(AugmentConfig.off().withJpeg(1.0, 30, 30)).apply(face, new Random(1));
    assertThat(same(out, face)).isFalse();
    assertThat(Core.PSNR(out, face)).isGreaterThan(25);
  }

  private static double[] meanHueAndSaturation(Mat bgr) {
    Mat hsv = new Mat();
    Imgproc.cvtColor(bgr, hsv, Imgproc.COLOR_BGR2HSV);
    double[] m = Core.mean(hsv).val;
    return new double[] {m[0], m[1], m[2]};
  }

  @Test
  void hueRotationTurnsTheColourWheelAndKeepsBrightness() {
    // A uniform green patch: hue 60 of OpenCV's 0..179 (far from the wrap at 0), fully saturated.
    Mat green = new Mat(32, 32, CvType.CV_8UC3, new Scalar(0, 255, 0));
    Augmenter hue = new Augmenter(AugmentConfig.off().withHueSaturation(40, 0));
    double base = meanHueAndSaturation(green)[0];
    double largestTurn = 0;
    for (int seed = 0; seed < 30; seed++) {
      double[] out = meanHueAndSaturation(hue.apply(green, new Random(seed)));
      // ±40 degrees is ±20 OpenCV hue steps; rounding and the round trip through BGR add ~1.
      assertThat(out[0] - base).isBetween(-21.5, 21.5);
      assertThat(out[2]).isCloseTo(255, within(1.0));
      largestTurn = Math.max(largestTurn, Math.abs(out[0] - base));
    }
    assertThat(largestTurn).isGreaterThan(12);
  }

  @Test
  void saturationStaysInItsRange() {
    Augmenter sat = new Augmenter(AugmentConfig.off().withHueSaturation(0, 0.3));
    double base = meanHueAndSaturation(face)[1];
    double largestChange = 0;
    for (int seed = 0; seed < 30; seed++) {
      double ratio = meanHueAndSaturation(sat.apply(face, new Random(seed)))[1] / base;
      assertThat(ratio).isBetween(0.7 - 0.03, 1.3 + 0.03);
      largestChange = Math.max(largestChange, Math.abs(ratio - 1));
    }
    assertThat(largestChange).isGreaterThan(0.15);
  }

  @Test
  void hueOffDrawsNothingSoOtherStepsKeepTheirRandomSequence() {
    AugmentConfig cfg = AugmentConfig.defaults();
    Mat a = new Augmenter(cfg).apply(face, new Random(9));
    Mat b = new Augmenter(cfg.withHueSaturation(0, 0)).apply(face, new Random(9));
    assertThat(same(a, b)).isTrue();
  }
}
