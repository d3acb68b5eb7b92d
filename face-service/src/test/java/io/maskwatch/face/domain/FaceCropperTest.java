package io.maskwatch.face.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maskwatch.vision.OpenCvLoader;
import io.maskwatch.vision.detect.Box;
import io.maskwatch.vision.detect.Detection;
import io.maskwatch.vision.image.Images;
import io.maskwatch.vision.testing.Scenes;
import io.maskwatch.vision.testing.Scenes.Scene;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;

class FaceCropperTest {

  @BeforeAll
  static void loadOpenCv() {
    OpenCvLoader.ensureLoaded();
  }

  @Test
  void aFaceOfARealPhotoBecomesASquareJpegOfTheCropSize() {
    Scene scene = Scenes.scene(244);
    Mat frame = Images.read(scene.image());
    FaceCropper cropper = new FaceCropper(0.10, 128, 90);

    byte[] jpeg = cropper.crop(frame, scene.faces().get(0));

    assertThat(jpeg).startsWith(0xFF, 0xD8, 0xFF);
    Mat crop = Images.decode(jpeg);
    assertThat(crop.cols()).isEqualTo(128);
    assertThat(crop.rows()).isEqualTo(128);
    assertThat(crop.channels()).isEqualTo(3);
  }

  @Test
  void theCropIsTheBoxGrownByTheMarginAndMadeSquare() {
    // A white 80x40 box on black: grown by 10 % a side it is 96x48, made square 96x96 around its
    // centre, then scaled to 128 (x 4/3): white spans x 10.7..117.3 and y 37.3..90.7 of the crop.
    Mat frame = new Mat(300, 400, CvType.CV_8UC3, new Scalar(0, 0, 0));
    Imgproc.rectangle(
        frame, new Point(100, 100), new Point(179, 139), new Scalar(255, 255, 255), -1);
    FaceCropper cropper = new FaceCropper(0.10, 128, 100);

    Mat crop = Images.decode(cropper.crop(frame, new Box(100, 100, 80, 40)));

    assertThat(grey(crop, 64, 64)).as("centre").isGreaterThan(200);
    assertThat(grey(crop, 14, 64)).as("inside the left edge").isGreaterThan(200);
    assertThat(grey(crop, 5, 64)).as("left margin").isLessThan(50);
    assertThat(grey(crop, 122, 64)).as("right margin").isLessThan(50);
    assertThat(grey(crop, 64, 30)).as("above: the square's extra height").isLessThan(50);
    assertThat(grey(crop, 64, 98)).as("below: the square's extra height").isLessThan(50);
  }

  @Test
  void aBoxRunningPastTheFrameIsReportedClippedAndStillCroppedWhole() {
    Mat frame = new Mat(200, 200, CvType.CV_8UC3, new Scalar(40, 80, 120));
    FaceCropper cropper = new FaceCropper(0.10, 64, 90);

    List<FoundFace> faces =
        cropper.cropAll(frame, List.of(new Detection(new Box(-20, -10, 60, 60), 0.7f, List.of())));

    assertThat(faces).hasSize(1);
    assertThat(faces.get(0).box()).isEqualTo(new Box(0, 0, 40, 50));
    Mat crop = Images.decode(faces.get(0).crop());
    assertThat(crop.size()).isEqualTo(new org.opencv.core.Size(64, 64));
  }

  @Test
  void aBoxWhollyOutsideTheFrameIsDroppedAndIndexesStayConsecutive() {
    Mat frame = new Mat(200, 300, CvType.CV_8UC3, new Scalar(40, 80, 120));
    List<Detection> detections =
        List.of(
            new Detection(new Box(10, 10, 50, 50), 0.9f, List.of()),
            new Detection(new Box(400, 10, 50, 50), 0.8f, List.of()),
            new Detection(
                new Box(200, 100, 60, 60),
                0.6f,
                List.of(new io.maskwatch.vision.detect.Point(210, 120))));

    List<FoundFace> faces = new FaceCropper(0.10, 32, 90).cropAll(frame, detections);

    assertThat(faces).extracting(FoundFace::index).containsExactly(0, 1);
    assertThat(faces)
        .extracting(FoundFace::box)
        .containsExactly(new Box(10, 10, 50, 50), new Box(200, 100, 60, 60));
    assertThat(faces).extracting(FoundFace::score).containsExactly(0.9f, 0.6f);
    assertThat(faces.get(1).landmarks())
        .containsExactly(new io.maskwatch.vision.detect.Point(210, 120));
  }

  @Test
  void aFrameWithoutDetectionsHasNoFaces() {
    Mat frame = new Mat(20, 20, CvType.CV_8UC3, new Scalar(0, 0, 0));

    assertThat(new FaceCropper(0.10, 32, 90).cropAll(frame, List.of())).isEmpty();
  }

  @Test
  void aHigherQualityGivesALargerJpeg() {
    Scene scene = Scenes.scene(121);
    Mat frame = Images.read(scene.image());
    Box face = scene.faces().get(0);

    byte[] low = new FaceCropper(0.10, 128, 30).crop(frame, face);
    byte[] high = new FaceCropper(0.10, 128, 95).crop(frame, face);

    assertThat(high.length).isGreaterThan(low.length);
  }

  @Test
  void settingsOutsideTheirRangeAreRejected() {
    assertThatThrownBy(() -> new FaceCropper(-0.1, 128, 90)).hasMessageContaining("margin");
    assertThatThrownBy(() -> new FaceCropper(0.1, 4, 90)).hasMessageContaining("crop size");
    assertThatThrownBy(() -> new FaceCropper(0.1, 128, 0)).hasMessageContaining("JPEG quality");
    assertThatThrownBy(() -> new FaceCropper(0.1, 128, 101)).hasMessageContaining("JPEG quality");
  }

  private static double grey(Mat bgr, int x, int y) {
    double[] pixel = bgr.get(y, x);
    return (pixel[0] + pixel[1] + pixel[2]) / 3;
  }
}
