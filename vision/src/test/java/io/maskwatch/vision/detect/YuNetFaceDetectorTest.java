package io.maskwatch.vision.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.maskwatch.vision.OpenCvLoader;
import io.maskwatch.vision.image.Images;
import io.maskwatch.vision.testing.Scenes;
import io.maskwatch.vision.testing.Scenes.Scene;
import io.maskwatch.vision.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/** YuNet on real annotated photos from ../shared (kaggle853-dev), with the default settings. */
class YuNetFaceDetectorTest {

  /** A detection counts as a found face when it overlaps an annotated one this much. */
  private static final double MATCH_IOU = 0.4;

  private static YuNetSettings defaults;
  private static YuNetFaceDetector detector;

  @BeforeAll
  static void load() {
    OpenCvLoader.ensureLoaded();
    defaults = YuNetSettings.defaults(SharedData.yunet());
    detector = YuNetFaceDetector.load(defaults);
  }

  @ParameterizedTest
  @ValueSource(ints = {121, 244, 352, 502})
  void findsTheAnnotatedFacesOfARealPhoto(int number) {
    Scene scene = Scenes.scene(number);
    Mat image = Images.read(scene.image());

    List<Detection> faces = detector.detect(image);

    List<Box> large = scene.faces().stream().filter(f -> minSide(f) >= 24).toList();
    assertThat(large).isNotEmpty();
    for (Box face : large) {
      assertThat(faces.stream().mapToDouble(d -> d.box().iou(face)).max().orElse(0))
          .as("best overlap of a detection with annotated face %s of %s", face, scene.name())
          .isGreaterThanOrEqualTo(MATCH_IOU);
    }
    assertThat(detector.name()).isEqualTo("yunet");
  }

  @Test
  void findsMostAnnotatedFacesOfAtLeast24PixelsOnASpreadOfRealScenes() {
    int annotated = 0;
    int found = 0;
    for (Scene scene : Scenes.spread(40)) {
      Mat image = Images.read(scene.image());
      List<Detection> faces = detector.detect(image);
      for (Box face : scene.faces()) {
        if (minSide(face) >= 24) {
          annotated++;
          if (faces.stream().anyMatch(d -> d.box().iou(face) >= MATCH_IOU)) {
            found++;
          }
        }
      }
      image.release();
    }
    // Measured: 92 of 96 (0.96); on all 255 scenes recall at IoU 0.5 is 0.96-0.97 for faces >= 32
    // px.
    assertThat(annotated).isGreaterThanOrEqualTo(40);
    assertThat((double) found / annotated).isGreaterThanOrEqualTo(0.85);
  }

  @Test
  void landmarksAreFiveAndLieInsideTheirBoxes() {
    int faces = 0;
    for (Scene scene : Scenes.spread(10)) {
      Mat image = Images.read(scene.image());
      for (Detection face : detector.detect(image)) {
        faces++;
        Box box = face.box();
        assertThat(face.landmarks()).hasSize(5);
        for (Point p : face.landmarks()) {
          assertThat(p.x())
              .as("landmark x in %s", box)
              .isBetween((float) box.x(), (float) box.x() + box.width());
          assertThat(p.y())
              .as("landmark y in %s", box)
              .isBetween((float) box.y(), (float) box.y() + box.height());
        }
        // the eyes are above the mouth corners
        assertThat(face.landmarks().get(0).y()).isLessThan(face.landmarks().get(3).y());
        assertThat(face.landmarks().get(1).y()).isLessThan(face.landmarks().get(4).y());
        assertThat(face.score()).isBetween(defaults.scoreThreshold(), 1f);
      }
      image.release();
    }
    assertThat(faces).isGreaterThanOrEqualTo(10);
  }

  @Test
  void tilesAndUpscalingFindAtLeastAsManySmallFacesAsTheNativeSizeAndMoreThanNone() {
    // a crowd: 21 of its 25 annotated faces are under 16 px; measured (IoU 0.4, fitted boxes) 8
    // found at native size, 14 at 640 px, 16 with 200 px tiles
    Scene scene = Scenes.scene(354);
    Mat image = Images.read(scene.image());
    YuNetFaceDetector nativeSize = YuNetFaceDetector.load(defaults.withInputSize(0));
    YuNetFaceDetector tiled = YuNetFaceDetector.load(defaults.withTiles(200, 0.25));

    int plainNative = smallFacesFound(scene, nativeSize.detect(image));
    int upscaled = smallFacesFound(scene, detector.detect(image));
    int withTiles = smallFacesFound(scene, tiled.detect(image));

    assertThat(upscaled)
        .as("small faces found at 640 vs native")
        .isGreaterThanOrEqualTo(plainNative);
    assertThat(withTiles)
        .as("small faces found with tiles vs 640")
        .isGreaterThanOrEqualTo(upscaled);
    assertThat(withTiles).as("small faces found with tiles").isGreaterThan(plainNative);
  }

  @Test
  void boxesAndLandmarksAreInTheFramesOwnPixels() {
    Mat image = Images.read(Scenes.scene(502).image());
    Mat doubled = new Mat();
    Imgproc.resize(image, doubled, new Size(image.cols() * 2, image.rows() * 2));

    List<Detection> small = detector.detect(image);
    List<Detection> large = detector.detect(doubled);

    // the same search at the input size either way: the boxes of the doubled frame are twice as
    // large, to within 1 % of its width (the two pictures are resampled differently)
    double tolerance = 0.01 * doubled.cols();
    assertThat(large).hasSameSizeAs(small).isNotEmpty();
    for (int i = 0; i < small.size(); i++) {
      Box a = small.get(i).box();
      Box b = large.get(i).box();
      assertThat((double) b.x()).isCloseTo(2.0 * a.x(), within(tolerance));
      assertThat((double) b.y()).isCloseTo(2.0 * a.y(), within(tolerance));
      assertThat((double) b.width()).isCloseTo(2.0 * a.width(), within(tolerance));
      assertThat((double) large.get(i).landmarks().get(2).x())
          .isCloseTo(2.0 * small.get(i).landmarks().get(2).x(), within(tolerance));
    }
  }

  @Test
  void boxesAreFittedToTightFaceBoxesByMovingTheTopDownAndShortening() {
    Mat image = Images.read(Scenes.scene(502).image());
    YuNetFaceDetector raw = YuNetFaceDetector.load(defaults.withBoxFit(0, 1));

    List<Detection> own = raw.detect(image);
    List<Detection> fitted = detector.detect(image);

    assertThat(fitted).hasSameSizeAs(own).isNotEmpty();
    for (int i = 0; i < own.size(); i++) {
      Box a = own.get(i).box();
      Box b = fitted.get(i).box();
      assertThat(b.x()).isEqualTo(a.x());
      assertThat(b.width()).isEqualTo(a.width());
      assertThat((double) b.y()).isCloseTo(a.y() + 0.15 * a.height(), within(1.0));
      assertThat((double) b.height()).isCloseTo(0.95 * a.height(), within(1.0));
      assertThat(fitted.get(i).landmarks()).isEqualTo(own.get(i).landmarks());
    }
  }

  @Test
  void tilesCoverTheFrameWithTheOverlapAsked() {
    List<Rect> tiles = YuNetFaceDetector.tiles(400, 300, 200, 0.25);

    // 400 wide: starts 0, 100, 200 (step <= 150); 300 high: starts 0, 100
    assertThat(tiles).hasSize(6);
    assertThat(tiles).allSatisfy(t -> assertThat(t.width).isEqualTo(200));
    assertThat(tiles.get(0)).isEqualTo(new Rect(0, 0, 200, 200));
    assertThat(tiles.get(tiles.size() - 1)).isEqualTo(new Rect(200, 100, 200, 200));
    assertThat(YuNetFaceDetector.tiles(150, 120, 200, 0.25))
        .containsExactly(new Rect(0, 0, 150, 120));
    assertThat(YuNetFaceDetector.tiles(500, 100, 200, 0.0))
        .containsExactly(
            new Rect(0, 0, 200, 100), new Rect(150, 0, 200, 100), new Rect(300, 0, 200, 100));
  }

  @Test
  void minFaceSizeDropsTheSmallerFaces() {
    Scene scene = Scenes.scene(354);
    Mat image = Images.read(scene.image());
    YuNetFaceDetector min16 = YuNetFaceDetector.load(defaults.withMinFaceSize(16));

    List<Detection> all = detector.detect(image);
    List<Detection> kept = min16.detect(image);

    assertThat(all.stream().filter(d -> minSide(d.box()) < 16)).isNotEmpty();
    assertThat(kept).allSatisfy(d -> assertThat(minSide(d.box())).isGreaterThanOrEqualTo(16));
    assertThat(kept)
        .containsExactlyElementsOf(all.stream().filter(d -> minSide(d.box()) >= 16).toList());
  }

  @Test
  void greyAndBgraPicturesAreSearchedToo() {
    Mat bgr = Images.read(Scenes.scene(121).image());
    Mat grey = new Mat();
    Mat bgra = new Mat();
    Imgproc.cvtColor(bgr, grey, Imgproc.COLOR_BGR2GRAY);
    Imgproc.cvtColor(bgr, bgra, Imgproc.COLOR_BGR2BGRA);

    assertThat(detector.detect(bgra)).containsExactlyElementsOf(detector.detect(bgr));
    assertThat(detector.detect(grey)).isNotEmpty();
  }

  @Test
  void findsNoFaceInAPlainPicture() {
    Mat plain = new Mat(240, 320, CvType.CV_8UC3, new Scalar(90, 120, 150));
    Imgproc.circle(plain, new org.opencv.core.Point(160, 120), 50, new Scalar(20, 20, 20), -1);

    assertThat(detector.detect(plain)).isEmpty();
  }

  @Test
  void anEmptyPictureIsRejected() {
    assertThatThrownBy(() -> detector.detect(new Mat()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty");
  }

  @Test
  void aMissingModelIsUnavailableAndNamed(@TempDir Path dir) {
    Path missing = dir.resolve("no-such-yunet.onnx");

    assertThatThrownBy(() -> YuNetFaceDetector.load(YuNetSettings.defaults(missing)))
        .isInstanceOf(DetectorUnavailableException.class)
        .hasMessageContaining("not found")
        .hasMessageContaining(missing.toString());
  }

  @Test
  void aFileThatIsNotAModelIsUnavailable(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("yunet.onnx"), "this is not ONNX");

    assertThatThrownBy(() -> YuNetFaceDetector.load(YuNetSettings.defaults(file)))
        .isInstanceOf(DetectorUnavailableException.class)
        .hasMessageContaining(file.toString());
  }

  @Test
  void aDirectoryIsNotAModel(@TempDir Path dir) {
    assertThatThrownBy(() -> YuNetFaceDetector.load(YuNetSettings.defaults(dir)))
        .isInstanceOf(DetectorUnavailableException.class)
        .hasMessageContaining("not a readable regular file");
  }

  @Test
  void settingsOutsideTheirRangeAreRejected() {
    YuNetSettings d = YuNetSettings.defaults(Path.of("yunet.onnx"));
    assertThatThrownBy(
            () -> new YuNetSettings(d.model(), 1.5f, 0.3f, 10, 0, 640, 0, 0.25, 0.15, 0.95))
        .hasMessageContaining("score threshold");
    assertThatThrownBy(
            () -> new YuNetSettings(d.model(), 0.3f, -0.1f, 10, 0, 640, 0, 0.25, 0.15, 0.95))
        .hasMessageContaining("NMS threshold");
    assertThatThrownBy(() -> d.withInputSize(16)).hasMessageContaining("input size");
    assertThatThrownBy(() -> d.withTiles(8, 0.25)).hasMessageContaining("tile size");
    assertThatThrownBy(() -> d.withTiles(200, 0.75)).hasMessageContaining("tile overlap");
    assertThatThrownBy(() -> d.withMinFaceSize(-1)).hasMessageContaining("min face size");
    assertThatThrownBy(() -> d.withBoxFit(0.6, 1)).hasMessageContaining("box shift");
    assertThatThrownBy(() -> d.withBoxFit(0, 2)).hasMessageContaining("box height scale");
  }

  private static int smallFacesFound(Scene scene, List<Detection> detections) {
    List<Detection> left = new ArrayList<>(detections);
    int found = 0;
    for (Box face : scene.faces()) {
      if (minSide(face) >= 16) {
        continue;
      }
      Detection best = null;
      double bestIou = MATCH_IOU;
      for (Detection d : left) {
        double iou = d.box().iou(face);
        if (iou >= bestIou) {
          bestIou = iou;
          best = d;
        }
      }
      if (best != null) {
        left.remove(best);
        found++;
      }
    }
    return found;
  }

  private static int minSide(Box box) {
    return Math.min(box.width(), box.height());
  }
}
