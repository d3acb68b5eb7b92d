package io.maskwatch.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.maskwatch.vision.MaskLabel;
import io.maskwatch.vision.OpenCvLoader;
import io.maskwatch.vision.testing.SharedData;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.imgcodecs.Imgcodecs;

/** The back of a head over real faces: below the line its label allows, and nowhere above. */
class OccluderTest {
  private final Occluder occluder = new Occluder();
  private Mat face;

  @BeforeEach
  void readRealFace() {
    Path file = SharedData.facesDir().resolve("chandrikadeb7/without_mask/0_0_aidai_0029.jpg");
    OpenCvLoader.ensureLoaded();
    face = Imgcodecs.imread(file.toString());
  }

  /** The first row (from the top) where the two images differ; rows() when none. */
  private static int firstChangedRow(Mat a, Mat b) {
    Mat diff = new Mat();
    Core.absdiff(a, b, diff);
    Mat grey = diff.reshape(1, diff.rows());
    for (int y = 0; y < grey.rows(); y++) {
      if (Core.countNonZero(grey.row(y)) > 0) {
        return y;
      }
    }
    return a.rows();
  }

  private static double meanChange(Mat a, Mat b, Rect box) {
    Mat diff = new Mat();
    Core.absdiff(a.submat(box), b.submat(box), diff);
    double[] m = Core.mean(diff).val;
    return (m[0] + m[1] + m[2]) / 3;
  }

  /** How far the rim's blur (sigma 2 % of the width) can reach above the top edge, in rows. */
  private int rim() {
    return (int) Math.ceil(4 * 0.02 * face.cols()) + 1;
  }

  @Test
  void coversTheBottomOnlyAndLeavesTheInputAlone() {
    Mat before = face.clone();
    int lowestUnmaskedTop = face.rows();
    // One sequence, as in training: the first draws of neighbouring seeds are alike.
    Random rnd = new Random(7);
    for (int draw = 0; draw < 20; draw++) {
      Mat out = occluder.apply(face, MaskLabel.WITHOUT_MASK, rnd);
      assertThat(out.size()).isEqualTo(face.size());
      assertThat(out.type()).isEqualTo(CvType.CV_8UC3);
      int top = firstChangedRow(out, face);
      // Top edge at 55 % of the height or lower, less the blur of its rim.
      assertThat(top).isGreaterThanOrEqualTo((int) (face.rows() * 0.55) - rim());
      lowestUnmaskedTop = Math.min(lowestUnmaskedTop, top);
      Rect bottom = new Rect(0, face.rows() * 9 / 10, face.cols(), face.rows() / 10);
      assertThat(meanChange(out, face, bottom)).as("bottom tenth, draw %d", draw).isGreaterThan(5);
    }
    // Over 20 draws some reach well above the mouth line of a masked face's limit.
    assertThat(lowestUnmaskedTop).isLessThan((int) (face.rows() * 0.75));
    assertThat(Core.norm(before, face, Core.NORM_INF)).isZero();
  }

  @Test
  void onAMaskedFaceItStaysBelowTheMasksMiddle() {
    Random rnd = new Random(7);
    for (int draw = 0; draw < 20; draw++) {
      Mat out = occluder.apply(face, MaskLabel.WITH_MASK, rnd);
      assertThat(firstChangedRow(out, face))
          .isGreaterThanOrEqualTo((int) (face.rows() * 0.8) - rim());
    }
  }

  @Test
  void sameSeedSamePicture() {
    Mat a = occluder.apply(face, MaskLabel.WITHOUT_MASK, new Random(4));
    Mat b = occluder.apply(face, MaskLabel.WITHOUT_MASK, new Random(4));
    Mat c = occluder.apply(face, MaskLabel.WITHOUT_MASK, new Random(5));
    assertThat(Core.norm(a, b, Core.NORM_INF)).isZero();
    assertThat(Core.norm(a, c, Core.NORM_INF)).isPositive();
  }
}
