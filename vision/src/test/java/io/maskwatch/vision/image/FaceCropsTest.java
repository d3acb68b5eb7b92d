package io.maskwatch.vision.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.maskwatch.vision.OpenCvLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Rect2d;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

class FaceCropsTest {

  private static Mat frame;

  @BeforeAll
  static void makeFrame() {
    OpenCvLoader.ensureLoaded();
    frame = ImagesTest.pattern(200, 100);
  }

  @Test
  void squareJpegIsTheSquareCropResizedAndEncoded() {
    Rect2d box = new Rect2d(60, 30, 40, 20);
    byte[] jpeg = FaceCrops.squareJpeg(frame, box, 0.1, 64, 95);
    assertThat(jpeg[0] & 0xFF).isEqualTo(0xFF);
    assertThat(jpeg[1] & 0xFF).isEqualTo(0xD8);
    Mat decoded = Images.decode(jpeg, "crop", Images.DEFAULT_MAX_PIXELS);
    assertThat(decoded.size()).isEqualTo(new Size(64, 64));
    Mat expected = new Mat();
    Imgproc.resize(FaceCrops.crop(frame, box, 0.1, true), expected, new Size(64, 64));
    // JPEG keeps the colours of a region even where it loses this test pattern's fine detail.
    double[] got = Core.mean(decoded).val;
    double[] want = Core.mean(expected).val;
    for (int channel = 0; channel < 3; channel++) {
      assertThat(got[channel]).isCloseTo(want[channel], within(2.0));
    }
    assertThatThrownBy(() -> FaceCrops.squareJpeg(frame, box, 0.1, 64, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("JPEG quality");
  }

  @Test
  void cropWithoutMarginIsExactlyTheBoxAndACopy() {
    Rect box = new Rect(50, 20, 40, 30);
    Mat crop = FaceCrops.crop(frame, box);
    assertThat(crop.size()).isEqualTo(box.size());
    assertThat(Core.norm(crop, frame.submat(box))).isZero();
    crop.put(0, 0, new byte[] {1, 2, 3});
    assertThat(frame.get(20, 50)).isNotEqualTo(new double[] {1, 2, 3});
  }

  @Test
  void marginGrowsEachSideByAFractionOfTheBox() {
    Rect box = new Rect(50, 20, 40, 30);
    Mat crop = FaceCrops.crop(frame, box, 0.1, false);
    Rect expected = new Rect(46, 17, 48, 36);
    assertThat(crop.size()).isEqualTo(expected.size());
    assertThat(Core.norm(crop, frame.submat(expected))).isZero();
  }

  @Test
  void squareExpandsTheShorterSideAroundTheCentre() {
    Rect box = new Rect(60, 30, 40, 20);
    Mat crop = FaceCrops.crop(frame, box, 0.0, true);
    Rect expected = new Rect(60, 20, 40, 40);
    assertThat(crop.size()).isEqualTo(expected.size());
    assertThat(Core.norm(crop, frame.submat(expected))).isZero();
  }

  @Test
  void boxRunningOffTheEdgeIsPaddedNotShifted() {
    Rect box = new Rect(-10, 80, 30, 40); // runs off the left and the bottom
    Mat crop = FaceCrops.crop(frame, box, 0.0, false);
    assertThat(crop.size()).isEqualTo(box.size());
    // The visible part sits where the box puts it: frame (0,80) is crop (10,0).
    assertThat(crop.get(0, 10)).containsExactly(frame.get(80, 0));
    assertThat(crop.get(19, 29)).containsExactly(frame.get(99, 19));
    // Outside the frame the edge pixels repeat.
    assertThat(crop.get(0, 0)).containsExactly(frame.get(80, 0));
    assertThat(crop.get(39, 0)).containsExactly(frame.get(99, 0));
    assertThat(crop.get(39, 25)).containsExactly(frame.get(99, 15));
  }

  @Test
  void fractionalDetectorBoxesAreRoundedAroundTheirCentre() {
    Mat crop = FaceCrops.crop(frame, new Rect2d(10.3, 10.4, 20.2, 19.8), 0.0, false);
    assertThat(crop.cols()).isEqualTo(20);
    assertThat(crop.rows()).isEqualTo(20);
    assertThat(Core.norm(crop, frame.submat(new Rect(10, 10, 20, 20)))).isZero();
  }

  @Test
  void badBoxesAndMarginsAreRejected() {
    assertThatThrownBy(() -> FaceCrops.crop(frame, new Rect(10, 10, 0, 5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no area");
    assertThatThrownBy(() -> FaceCrops.crop(frame, new Rect(300, 10, 20, 20)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("outside the 200x100 image");
    assertThatThrownBy(() -> FaceCrops.crop(frame, new Rect(10, 10, 20, 20), -0.1, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("margin");
    assertThatThrownBy(() -> FaceCrops.crop(new Mat(), new Rect(0, 0, 5, 5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty image");
  }
}
