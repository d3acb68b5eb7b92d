package io.maskwatch.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maskwatch.vision.OpenCvLoader;
import io.maskwatch.vision.testing.SharedData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Rect;
import org.opencv.imgcodecs.Imgcodecs;

/** Landmarks on real unmasked crops, and masks drawn where each mode says and nowhere else. */
class MaskSynthesizerTest {
  private static final int SAMPLE = 20;

  record Face(Path file, Mat image, FaceLandmarks landmarks) {}

  private static final List<Face> faces = new ArrayList<>();
  private static int tried;
  private final MaskSynthesizer synthesizer = new MaskSynthesizer();

  @BeforeAll
  static void detectLandmarks() {
    Path folder = SharedData.facesDir().resolve("chandrikadeb7/without_mask");
    LandmarkDetector detector = new LandmarkDetector(SharedData.yunet());
    OpenCvLoader.ensureLoaded();
    for (Path file : SharedData.spread(folder, SAMPLE)) {
      tried++;
      Mat image = Imgcodecs.imread(file.toString());
      detector.detect(image).ifPresent(lm -> faces.add(new Face(file, image, lm)));
    }
  }

  @Test
  void findsLandmarksOnMostRealUnmaskedCrops() {
    System.out.printf("Landmarks found on %d of %d without_mask crops%n", faces.size(), tried);
    assertThat(tried).isEqualTo(SAMPLE);
    assertThat(faces.size()).isGreaterThanOrEqualTo(17);
    for (Face f : faces) {
      FaceLandmarks lm = f.landmarks();
      // Mapped back into the crop (not the padded or shrunk image): the person's right eye on
      // the image's left, eyes above the nose, all of it inside the crop.
      assertThat(lm.rightEyeX()).isLessThan(lm.leftEyeX());
      assertThat(lm.noseY()).isGreaterThan(Math.min(lm.rightEyeY(), lm.leftEyeY()));
      for (Point p : List.of(lm.rightEye(), lm.leftEye(), lm.nose(), lm.mouthCenter())) {
        assertThat(p.x).isBetween(0.0, (double) f.image().cols());
        assertThat(p.y).isBetween(0.0, (double) f.image().rows());
      }
    }
  }

  /** Mean absolute difference in a square of half-size {@code radius} eye distances. */
  private static double change(Mat a, Mat b, Point centre, double radius, double eyeDistance) {
    int r = Math.max(1, (int) Math.round(radius * eyeDistance));
    int x0 = Math.max(0, (int) Math.round(centre.x) - r);
    int y0 = Math.max(0, (int) Math.round(centre.y) - r);
    int x1 = Math.min(a.cols(), (int) Math.round(centre.x) + r + 1);
    int y1 = Math.min(a.rows(), (int) Math.round(centre.y) + r + 1);
    if (x1 <= x0 || y1 <= y0) {
      return Double.NaN;
    }
    Rect box = new Rect(x0, y0, x1 - x0, y1 - y0);
    Mat diff = new Mat();
    Core.absdiff(a.submat(box), b.submat(box), diff);
    double[] m = Core.mean(diff).val;
    return (m[0] + m[1] + m[2]) / 3;
  }

  private List<Face> eligible(MaskMode mode) {
    List<Face> usable =
        faces.stream()
            .filter(f -> MaskSynthesizer.canDraw(f.landmarks()))
            .filter(
                f ->
                    MaskSynthesizer.visibleFraction(f.landmarks(), f.image().size(), mode)
                        >= MaskSynthesizer.MIN_VISIBLE_FRACTION)
            .toList();
    assertThat(usable).as("faces usable for %s", mode).hasSizeGreaterThanOrEqualTo(10);
    return usable;
  }

  @Test
  void correctMaskCoversTheMouthAndLeavesTheEyesUntouched() {
    for (Face f : eligible(MaskMode.CORRECT)) {
      for (int seed = 0; seed < 3; seed++) {
        FaceLandmarks lm = f.landmarks();
        double d = lm.eyeDistance();
        Mat out = synthesizer.apply(f.image(), lm, MaskMode.CORRECT, new Random(seed));
        assertThat(out.size()).isEqualTo(f.image().size());
        assertThat(change(out, f.image(), lm.rightEye(), 0.12, d)).as(f.file() + " eye").isZero();
        assertThat(change(out, f.image(), lm.leftEye(), 0.12, d)).as(f.file() + " eye").isZero();
        assertThat(change(out, f.image(), lm.mouthCenter(), 0.15, d))
            .as(f.file() + " mouth")
            .isGreaterThan(15);
      }
    }
  }

  @Test
  void underNoseMaskLeavesTheNoseTipUntouchedButCoversTheMouth() {
    for (Face f : eligible(MaskMode.UNDER_NOSE)) {
      for (int seed = 0; seed < 3; seed++) {
        FaceLandmarks lm = f.landmarks();
        double d = lm.eyeDistance();
        Mat out = synthesizer.apply(f.image(), lm, MaskMode.UNDER_NOSE, new Random(seed));
        assertThat(change(out, f.image(), lm.nose(), 0.06, d)).as(f.file() + " nose").isZero();
        assertThat(change(out, f.image(), lm.rightEye(), 0.12, d)).isZero();
        assertThat(change(out, f.image(), lm.mouthCenter(), 0.12, d))
            .as(f.file() + " mouth")
            .isGreaterThan(15);
      }
    }
  }

  /** The point {@code fraction} of the way from the nose tip down to the mouth's centre. */
  private static Point betweenNoseAndMouth(FaceLandmarks lm, double fraction) {
    Point nose = lm.nose();
    Point mouth = lm.mouthCenter();
    return new Point(
        nose.x + (mouth.x - nose.x) * fraction, nose.y + (mouth.y - nose.y) * fraction);
  }

  @Test
  void underNoseTopEdgeSitsWhereConfigured() {
    MaskSynthesizer high = new MaskSynthesizer(0.1, 0.25);
    for (Face f : eligible(MaskMode.UNDER_NOSE)) {
      FaceLandmarks lm = f.landmarks();
      double d = lm.eyeDistance();
      Point upperLip = betweenNoseAndMouth(lm, 0.3);
      for (int seed = 0; seed < 3; seed++) {
        Mat raised = high.apply(f.image(), lm, MaskMode.UNDER_NOSE, new Random(seed));
        Mat usual = synthesizer.apply(f.image(), lm, MaskMode.UNDER_NOSE, new Random(seed));
        // Raised to just under the nostrils, the mask covers the upper lip; the shipped range
        // (0.45–0.7 of the way) leaves it bare.
        assertThat(change(raised, f.image(), upperLip, 0.02, d))
            .as(f.file() + " upper lip, raised")
            .isGreaterThan(10);
        assertThat(change(usual, f.image(), upperLip, 0.02, d))
            .as(f.file() + " upper lip, shipped range")
            .isLessThan(3);
      }
    }
  }

  @Test
  void underNoseTopOutsideZeroToOneIsRefused() {
    assertThatThrownBy(() -> new SynthesisConfig(300, -1, 0.5, 0.5, 0.2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("under-nose top edge");
    assertThatThrownBy(() -> new SynthesisConfig(300, -1, 0.5, -0.1, 0.2))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void onChinMaskLeavesTheMouthUntouchedButCoversTheChin() {
    for (Face f : eligible(MaskMode.ON_CHIN)) {
      for (int seed = 0; seed < 3; seed++) {
        FaceLandmarks lm = f.landmarks();
        double d = lm.eyeDistance();
        Mat out = synthesizer.apply(f.image(), lm, MaskMode.ON_CHIN, new Random(seed));
        assertThat(change(out, f.image(), lm.mouthCenter(), 0.1, d))
            .as(f.file() + " mouth")
            .isZero();
        assertThat(change(out, f.image(), lm.nose(), 0.1, d)).isZero();
        FaceFrame frame = FaceFrame.of(lm).orElseThrow();
        Point chin = frame.toImage(frame.mouthU(), frame.chinV() - 0.05);
        if (chin.y < f.image().rows() - 2) {
          assertThat(change(out, f.image(), chin, 0.08, d))
              .as(f.file() + " chin")
              .isGreaterThan(10);
        }
      }
    }
  }

  @Test
  void sameSeedDrawsTheSameMask() {
    Face f = eligible(MaskMode.CORRECT).get(0);
    Mat a = synthesizer.apply(f.image(), f.landmarks(), MaskMode.CORRECT, new Random(9));
    Mat b = synthesizer.apply(f.image(), f.landmarks(), MaskMode.CORRECT, new Random(9));
    Mat c = synthesizer.apply(f.image(), f.landmarks(), MaskMode.CORRECT, new Random(10));
    assertThat(Core.norm(a, b, Core.NORM_INF)).isZero();
    assertThat(Core.norm(a, c, Core.NORM_INF)).isPositive();
  }

  @Test
  void implausibleLandmarksAreRefused() {
    Face f = faces.get(0);
    FaceLandmarks lm = f.landmarks();
    // Upside down: the mouth above the eyes.
    FaceLandmarks flipped =
        new FaceLandmarks(
            lm.boxX(),
            lm.boxY(),
            lm.boxWidth(),
            lm.boxHeight(),
            lm.rightEyeX(),
            lm.rightMouthY(),
            lm.leftEyeX(),
            lm.leftMouthY(),
            lm.noseX(),
            lm.noseY(),
            lm.rightMouthX(),
            lm.rightEyeY(),
            lm.leftMouthX(),
            lm.leftEyeY(),
            lm.score());
    assertThat(MaskSynthesizer.canDraw(flipped)).isFalse();
    assertThat(MaskSynthesizer.visibleFraction(flipped, f.image().size(), MaskMode.CORRECT))
        .isZero();
    assertThatThrownBy(() -> synthesizer.apply(f.image(), flipped, MaskMode.CORRECT, new Random()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("upright");
  }

  @Test
  void previewSheetIsWritten(@TempDir Path tmp) {
    Path sheet = tmp.resolve("sheet.png");
    int drawn =
        SynthPreview.write(
            SharedData.facesDir().resolve("chandrikadeb7/without_mask"),
            SharedData.yunet(),
            sheet,
            12,
            1);
    assertThat(drawn).isEqualTo(12);
    Mat image = Imgcodecs.imread(sheet.toString());
    assertThat(image.empty()).isFalse();
    assertThat(image.cols()).isEqualTo(6 * 160);
    assertThat(image.rows()).isEqualTo(2 * 160);
  }
}
