package io.maskwatch.vision.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maskwatch.vision.MaskLabel;
import io.maskwatch.vision.OpenCvLoader;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;

class FaceCropTranslatorTest {

  private static final List<MaskLabel> THREE =
      List.of(MaskLabel.WITH_MASK, MaskLabel.WITHOUT_MASK, MaskLabel.MASK_WEARED_INCORRECT);

  @BeforeAll
  static void loadOpenCv() {
    OpenCvLoader.ensureLoaded();
  }

  @Test
  void inputIsRgbZeroTo255InRowMajorOrder() {
    Mat bgr = new Mat(4, 4, CvType.CV_8UC3, new Scalar(10, 20, 250)); // blue 10, red 250
    bgr.put(0, 1, new byte[] {1, 2, 3});
    float[] pixels = FaceCropTranslator.toRgbFloats(bgr, 4);
    assertThat(pixels).hasSize(4 * 4 * 3);
    assertThat(new float[] {pixels[0], pixels[1], pixels[2]}).containsExactly(250f, 20f, 10f);
    assertThat(new float[] {pixels[3], pixels[4], pixels[5]}).containsExactly(3f, 2f, 1f);
    assertThat(pixels[pixels.length - 3]).isEqualTo(250f);
  }

  @Test
  void resizesToTheModelSize() {
    Mat big = new Mat(300, 200, CvType.CV_8UC3, new Scalar(0, 100, 200));
    float[] pixels = FaceCropTranslator.toRgbFloats(big, 16);
    assertThat(pixels).hasSize(16 * 16 * 3);
    assertThat(pixels[0]).isEqualTo(200f);
    assertThat(pixels[1]).isEqualTo(100f);
  }

  @Test
  void shrinksWithAreaAndEnlargesWithLinear() {
    assertThat(FaceCropTranslator.interpolationFor(200, 150, 128)).isEqualTo(Imgproc.INTER_AREA);
    assertThat(FaceCropTranslator.interpolationFor(128, 128, 128)).isEqualTo(Imgproc.INTER_AREA);
    assertThat(FaceCropTranslator.interpolationFor(60, 80, 128)).isEqualTo(Imgproc.INTER_LINEAR);
    assertThat(FaceCropTranslator.interpolationFor(300, 90, 128)).isEqualTo(Imgproc.INTER_LINEAR);
  }

  @Test
  void outputPicksTheMostProbableLabelInMetadataOrder() {
    FaceCropTranslator translator = new FaceCropTranslator(64, THREE);
    MaskPrediction prediction = translator.toPrediction(new float[] {0.2f, 0.1f, 0.7f});
    assertThat(prediction.label()).isEqualTo(MaskLabel.MASK_WEARED_INCORRECT);
    assertThat(prediction.confidence()).isEqualTo(0.7f);
    assertThat(prediction.probabilities().keySet()).containsExactlyElementsOf(THREE);

    // A model whose metadata lists labels in another order is read in that order.
    FaceCropTranslator reordered =
        new FaceCropTranslator(64, List.of(MaskLabel.WITHOUT_MASK, MaskLabel.WITH_MASK));
    MaskPrediction two = reordered.toPrediction(new float[] {0.9f, 0.1f});
    assertThat(two.label()).isEqualTo(MaskLabel.WITHOUT_MASK);
    assertThat(two.probabilities().get(MaskLabel.WITH_MASK)).isEqualTo(0.1f);
  }

  @Test
  void outputOfTheWrongLengthIsAnError() {
    FaceCropTranslator translator = new FaceCropTranslator(64, THREE);
    assertThatThrownBy(() -> translator.toPrediction(new float[] {0.5f, 0.5f}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("2 probabilities")
        .hasMessageContaining("3 labels");
  }

  @Test
  void rejectsEmptyOrNonBgrCrops() {
    assertThatThrownBy(() -> FaceCropTranslator.toRgbFloats(new Mat(), 8))
        .hasMessageContaining("empty");
    Mat bgra = new Mat(8, 8, CvType.CV_8UC4);
    assertThatThrownBy(() -> FaceCropTranslator.toRgbFloats(bgra, 8))
        .hasMessageContaining("CV_8UC3")
        .hasMessageContaining("CV_8UC4");
  }
}
