package io.maskwatch.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maskwatch.trainer.backbone.TestResources;
import io.maskwatch.trainer.eval.GtCrops.CropShape;
import io.maskwatch.trainer.eval.GtCrops.Options;
import io.maskwatch.trainer.eval.VocAnnotation.BoundingBox;
import io.maskwatch.vision.MaskLabel;
import io.maskwatch.vision.OpenCvLoader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;

class GtCropsTest {

  @BeforeAll
  static void openCv() {
    OpenCvLoader.ensureLoaded();
  }

  @Test
  void kaggleDevHas1301FacesOf871AtLeast16PixelsByLabel() throws IOException {
    Path scenes = TestResources.sharedDir().resolve("data/scenes/kaggle853-dev");

    GtCrops.Result r = GtCrops.load(scenes, null, Options.DEFAULTS);

    assertThat(r.totalFaces()).isEqualTo(1301);
    assertThat(r.skippedSmall()).isEqualTo(1301 - 871);
    Map<MaskLabel, Integer> byLabel = new EnumMap<>(MaskLabel.class);
    for (GtCrop c : r.crops()) {
      byLabel.merge(c.label(), 1, Integer::sum);
      assertThat(c.crop().rows()).isEqualTo(c.crop().cols());
      double expected = Math.max(c.box().width(), c.box().height()) * 1.2;
      assertThat((double) c.crop().cols()).isBetween(expected - 1, expected + 1);
      c.crop().release();
    }
    assertThat(byLabel)
        .containsEntry(MaskLabel.WITH_MASK, 707)
        .containsEntry(MaskLabel.WITHOUT_MASK, 134)
        .containsEntry(MaskLabel.MASK_WEARED_INCORRECT, 30);
  }

  @Test
  void aListOfBasenamesRestrictsTheImages() throws IOException {
    Path scenes = TestResources.sharedDir().resolve("data/scenes/kaggle853-dev");

    GtCrops.Result r = GtCrops.load(scenes, List.of("maksssksksss0"), Options.DEFAULTS);

    assertThat(r.totalFaces()).isEqualTo(3);
    assertThat(r.crops()).extracting(GtCrop::imageBasename).containsOnly("maksssksksss0");
    r.crops().forEach(c -> c.crop().release());
    assertThatThrownBy(() -> GtCrops.load(scenes, List.of("nope"), Options.DEFAULTS))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("nope");
  }

  @Test
  void cropAtTheImageEdgeIsPaddedWithBorderPixelsAndKeepsItsSize() {
    Mat image = new Mat(50, 80, CvType.CV_8UC3, new Scalar(10, 20, 30));
    BoundingBox box = new BoundingBox(0, 0, 20, 10);

    Mat square = GtCrops.cut(image, box, new Options(0.1, 16, CropShape.SQUARE));
    Mat plain = GtCrops.cut(image, box, new Options(0.1, 16, CropShape.BOX));

    assertThat(square.cols()).isEqualTo(24);
    assertThat(square.rows()).isEqualTo(24);
    assertThat(square.get(0, 0)).containsExactly(10, 20, 30);
    assertThat(plain.cols()).isEqualTo(24);
    assertThat(plain.rows()).isEqualTo(12);
  }
}
