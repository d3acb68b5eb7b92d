package io.maskwatch.vision.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maskwatch.vision.OpenCvLoader;
import io.maskwatch.vision.image.Images;
import io.maskwatch.vision.testing.Scenes;
import io.maskwatch.vision.testing.Scenes.Scene;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;

/** The Haar wrapper on real photos from ../shared, with the service's default settings. */
class HaarFaceDetectorTest {

  /** A detection counts as a found face when it overlaps an annotated one this much. */
  private static final double MATCH_IOU = 0.3;

  private static HaarFaceDetector detector;

  @BeforeAll
  static void load() {
    OpenCvLoader.ensureLoaded();
    detector = HaarFaceDetector.load(new HaarSettings(Scenes.haarCascade(), 1.1, 5, 24));
  }

  /** Photos of unmasked and masked people where the frontal cascade does find faces. */
  @ParameterizedTest
  @ValueSource(ints = {121, 244, 352, 502})
  void everyFaceFoundOnARealPhotoIsAnAnnotatedFace(int number) {
    Scene scene = Scenes.scene(number);
    Mat image = Images.read(scene.image());

    List<Detection> faces = detector.detect(image);

    assertThat(faces).as("faces in %s", scene.name()).isNotEmpty();
    for (Detection face : faces) {
      assertThat(scene.bestIou(face.box()))
          .as("overlap of %s with an annotated face of %s", face.box(), scene.name())
          .isGreaterThanOrEqualTo(MATCH_IOU);
      assertThat(face.box().isInside(image.cols(), image.rows())).isTrue();
      assertThat(face.score()).isStrictlyBetween(0f, 1f);
      assertThat(face.landmarks()).isEmpty();
    }
  }

  @Test
  void mostFacesFoundOnASpreadOfRealScenesAreAnnotatedFaces() {
    int found = 0;
    int matched = 0;
    for (Scene scene : Scenes.spread(40)) {
      Mat image = Images.read(scene.image());
      for (Detection face : detector.detect(image)) {
        found++;
        if (scene.bestIou(face.box()) >= MATCH_IOU) {
          matched++;
        }
      }
      image.release();
    }
    // On all 255 scenes 183 of 226 detections (81 %) are annotated faces; masks hide the rest.
    assertThat(found).isGreaterThanOrEqualTo(10);
    assertThat((double) matched / found).isGreaterThanOrEqualTo(0.6);
  }

  @Test
  void findsNoFaceInTheBackgroundOfARealPhoto() {
    Scene scene = Scenes.scene(340);
    Mat image = Images.read(scene.image());
    int top = scene.lowestFaceEdge() + 10;
    Mat below = image.submat(new Rect(0, top, image.cols(), image.rows() - top));

    assertThat(detector.detect(below)).isEmpty();
  }

  @Test
  void findsNoFaceInAPlainPicture() {
    OpenCvLoader.ensureLoaded();
    Mat plain = new Mat(240, 320, CvType.CV_8UC3, new Scalar(90, 120, 150));
    Imgproc.circle(plain, new org.opencv.core.Point(160, 120), 50, new Scalar(20, 20, 20), -1);

    assertThat(detector.detect(plain)).isEmpty();
  }

  @Test
  void greyAndBgraPicturesGiveTheSameFacesAsBgr() {
    Mat bgr = Images.read(Scenes.scene(121).image());
    Mat grey = new Mat();
    Mat bgra = new Mat();
    Imgproc.cvtColor(bgr, grey, Imgproc.COLOR_BGR2GRAY);
    Imgproc.cvtColor(bgr, bgra, Imgproc.COLOR_BGR2BGRA);

    List<Detection> expected = detector.detect(bgr);

    assertThat(detector.detect(grey)).containsExactlyElementsOf(expected);
    assertThat(detector.detect(bgra)).containsExactlyElementsOf(expected);
  }

  @Test
  void detectionLeavesThePictureUnchanged() {
    Mat image = Images.read(Scenes.scene(244).image());
    Mat before = image.clone();

    detector.detect(image);

    Mat difference = new Mat();
    Core.absdiff(image, before, difference);
    assertThat(Core.sumElems(difference).val).containsOnly(0.0);
  }

  @Test
  void anEmptyPictureIsRejected() {
    OpenCvLoader.ensureLoaded();
    assertThatThrownBy(() -> detector.detect(new Mat()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty");
  }

  @Test
  void aMissingCascadeFileIsUnavailableAndNamed(@TempDir Path dir) {
    Path missing = dir.resolve("no-such-cascade.xml");

    assertThatThrownBy(() -> HaarFaceDetector.load(new HaarSettings(missing, 1.1, 5, 24)))
        .isInstanceOf(DetectorUnavailableException.class)
        .hasMessageContaining("not found")
        .hasMessageContaining(missing.toString());
  }

  @Test
  void aDirectoryIsNotACascade(@TempDir Path dir) {
    assertThatThrownBy(() -> HaarFaceDetector.load(new HaarSettings(dir, 1.1, 5, 24)))
        .isInstanceOf(DetectorUnavailableException.class)
        .hasMessageContaining("not a readable regular file");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "this is not XML",
        "<?xml version=\"1.0\"?>\n<opencv_storage>\n</opencv_storage>\n"
      })
  void aFileThatIsNotACascadeIsUnavailable(String content, @TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("cascade.xml"), content);

    assertThatThrownBy(() -> HaarFaceDetector.load(new HaarSettings(file, 1.1, 5, 24)))
        .isInstanceOf(DetectorUnavailableException.class)
        .hasMessageContaining(file.toString());
  }

  @Test
  void settingsOutsideTheirRangeAreRejected() {
    Path cascade = Path.of("cascade.xml");
    assertThatThrownBy(() -> new HaarSettings(cascade, 1.0, 5, 24))
        .hasMessageContaining("scale factor");
    assertThatThrownBy(() -> new HaarSettings(cascade, 1.1, -1, 24))
        .hasMessageContaining("min neighbours");
    assertThatThrownBy(() -> new HaarSettings(cascade, 1.1, 5, 0)).hasMessageContaining("min size");
  }

  @Test
  void theScoreKeepsTheOrderOfLevelWeightsWithinZeroToOne() {
    assertThat(HaarFaceDetector.score(0)).isEqualTo(0.5f);
    assertThat(HaarFaceDetector.score(-2)).isBetween(0f, 0.5f);
    assertThat(HaarFaceDetector.score(4)).isGreaterThan(HaarFaceDetector.score(2)).isLessThan(1f);
    assertThat(HaarFaceDetector.score(1000)).isEqualTo(1f);
    assertThat(HaarFaceDetector.score(-1000)).isEqualTo(0f);
  }
}
