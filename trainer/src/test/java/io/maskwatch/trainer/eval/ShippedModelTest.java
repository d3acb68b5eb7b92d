package io.maskwatch.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.maskwatch.vision.MaskLabel;
import io.maskwatch.vision.OpenCvLoader;
import io.maskwatch.vision.classify.MaskClassifier;
import io.maskwatch.vision.classify.MaskPredictor;
import io.maskwatch.vision.image.Images;
import io.maskwatch.vision.model.ModelDigest;
import io.maskwatch.vision.model.ModelMetadata;
import io.maskwatch.vision.testing.SharedData;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The models the repository ships (models/mask-classifier, the default, and
 * models/mask-classifier-accurate), judged on real scenes they never saw. The floors sit below the
 * figures in docs/evaluation.md: they catch a broken or swapped model, the evaluation command
 * measures the real numbers.
 */
class ShippedModelTest {

  private static Path models;

  @BeforeAll
  static void init() {
    OpenCvLoader.ensureLoaded();
    models = Path.of(System.getProperty("maskwatch.home", "..")).resolve("models");
  }

  @ParameterizedTest
  @ValueSource(strings = {"mask-classifier", "mask-classifier-accurate"})
  void shippedModelIsThreeClassAndMatchesItsRecordedDigest(String name) throws Exception {
    Path modelDir = models.resolve(name);
    ModelMetadata metadata = ModelMetadata.read(modelDir);
    String recorded = Files.readString(models.resolve(name + ".sha256")).trim().split("\\s+")[0];
    assertThat(metadata.name()).isEqualTo(name);
    assertThat(metadata.labels())
        .containsExactly(
            MaskLabel.WITH_MASK, MaskLabel.WITHOUT_MASK, MaskLabel.MASK_WEARED_INCORRECT);
    assertThat(ModelDigest.sha256(modelDir)).isEqualTo(recorded);
  }

  /** Floors of 2-class accuracy and balanced accuracy, each below what the model measures. */
  @ParameterizedTest
  @CsvSource({"mask-classifier, 0.90, 0.88", "mask-classifier-accurate, 0.95, 0.92"})
  void labelsRealSceneFacesItNeverSawWell(String name, double accuracy, double balanced)
      throws Exception {
    GtCrops.Result faces = GtCrops.load(SharedData.kaggleScenes(), null, GtCrops.Options.DEFAULTS);
    try (MaskClassifier classifier = MaskClassifier.load(models.resolve(name))) {
      GtClassification.Result result =
          GtClassification.evaluate(
              classifier, faces, new PrintStream(OutputStream.nullOutputStream()));
      ClassificationMetrics.BinaryView binary = result.metrics().binary();
      assertThat(result.predictions()).hasSize(871);
      assertThat(binary.accuracy()).isGreaterThan(accuracy);
      assertThat(binary.balancedAccuracy()).isGreaterThan(balanced);
    } finally {
      faces.crops().forEach(c -> c.crop().release());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"mask-classifier", "mask-classifier-accurate"})
  void labelsMaskedAndUnmaskedCropsOfTheFaceDataSet(String name) {
    Path faces = SharedData.facesDir().resolve("chandrikadeb7");
    try (MaskClassifier classifier = MaskClassifier.load(models.resolve(name));
        MaskPredictor predictor = classifier.newPredictor()) {
      assertThat(shareLabelled(predictor, faces.resolve("with_mask"), MaskLabel.WITH_MASK))
          .isGreaterThan(0.9);
      assertThat(shareLabelled(predictor, faces.resolve("without_mask"), MaskLabel.WITHOUT_MASK))
          .isGreaterThan(0.9);
    }
  }

  private static double shareLabelled(MaskPredictor predictor, Path folder, MaskLabel expected) {
    List<Path> files = SharedData.spread(folder, 60);
    long right =
        files.stream()
            .map(f -> predictor.classify(Images.read(f)))
            .filter(p -> p.label() == expected)
            .count();
    return (double) right / files.size();
  }
}
