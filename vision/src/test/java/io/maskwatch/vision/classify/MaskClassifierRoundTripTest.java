package io.maskwatch.vision.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.maskwatch.vision.MaskLabel;
import io.maskwatch.vision.image.Images;
import io.maskwatch.vision.model.InvalidModelException;
import io.maskwatch.vision.model.ModelContract;
import io.maskwatch.vision.model.ModelDigest;
import io.maskwatch.vision.model.ModelMetadata;
import io.maskwatch.vision.testing.SharedData;
import io.maskwatch.vision.testing.TinyClassifierGraph;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Signature;

/**
 * The round trip: a graph built and exported with TF Java gives, through DJL and {@link
 * MaskClassifier}, the very numbers TF Java gives on the same real face crops.
 */
class MaskClassifierRoundTripTest {

  private static final float TOLERANCE = 1e-5f;

  @TempDir static Path temp;
  private static TinyClassifierGraph graph;
  private static Path modelDir;
  private static String exportedSha;

  @BeforeAll
  static void exportTinyModel() {
    graph = new TinyClassifierGraph();
    modelDir = temp.resolve("tiny-model");
    exportedSha = graph.export(modelDir);
  }

  @AfterAll
  static void closeGraph() {
    graph.close();
  }

  @Test
  void classifierGivesTheSameProbabilitiesAsTensorFlowJavaOnRealFaceCrops() {
    List<Mat> crops = realCrops();
    float[][] expected = graph.run(independentPreprocessing(crops), crops.size());

    try (MaskClassifier classifier = MaskClassifier.load(modelDir);
        MaskPredictor predictor = classifier.newPredictor()) {
      for (int i = 0; i < crops.size(); i++) {
        MaskPrediction actual = predictor.classify(crops.get(i));
        for (int c = 0; c < TinyClassifierGraph.LABELS.size(); c++) {
          MaskLabel label = TinyClassifierGraph.LABELS.get(c);
          assertThat(actual.probabilities().get(label))
              .as("crop %d, %s", i, label.wireName())
              .isCloseTo(expected[i][c], within(TOLERANCE));
        }
        assertThat(actual.label()).isEqualTo(TinyClassifierGraph.LABELS.get(argmax(expected[i])));
        assertThat(actual.confidence()).isEqualTo(actual.probabilities().get(actual.label()));
      }
    }
    // The weights are not trivial: different faces get clearly different outputs.
    assertThat(spread(expected)).isGreaterThan(0.01f);
  }

  @Test
  void batchPredictionsEqualSinglePredictions() {
    List<Mat> crops = realCrops();
    try (MaskClassifier classifier = MaskClassifier.load(modelDir);
        MaskPredictor predictor = classifier.newPredictor()) {
      List<MaskPrediction> batch = predictor.classifyBatch(crops);
      assertThat(batch).hasSize(crops.size());
      for (int i = 0; i < crops.size(); i++) {
        MaskPrediction single = predictor.classify(crops.get(i));
        assertThat(batch.get(i).label()).isEqualTo(single.label());
        for (MaskLabel label : TinyClassifierGraph.LABELS) {
          assertThat(batch.get(i).probabilities().get(label))
              .isCloseTo(single.probabilities().get(label), within(TOLERANCE));
        }
      }
      assertThat(predictor.classifyBatch(List.of())).isEmpty();
    }
  }

  @Test
  void onePredictorPerThreadSharesOneClassifier() throws Exception {
    List<Mat> crops = realCrops();
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try (MaskClassifier classifier = MaskClassifier.load(modelDir)) {
      List<MaskPrediction> reference;
      try (MaskPredictor predictor = classifier.newPredictor()) {
        reference = predictor.classifyBatch(crops);
      }
      List<Callable<List<MaskPrediction>>> workers = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        workers.add(
            () -> {
              try (MaskPredictor predictor = classifier.newPredictor()) {
                List<MaskPrediction> mine = new ArrayList<>();
                for (Mat crop : crops) {
                  mine.add(predictor.classify(crop));
                }
                return mine;
              }
            });
      }
      for (Future<List<MaskPrediction>> result : pool.invokeAll(workers)) {
        List<MaskPrediction> predictions = result.get();
        for (int i = 0; i < crops.size(); i++) {
          assertThat(predictions.get(i).label()).isEqualTo(reference.get(i).label());
          assertThat(predictions.get(i).confidence())
              .isCloseTo(reference.get(i).confidence(), within(TOLERANCE));
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void exposesMetadataAndTheDigestOfTheExportedFiles() {
    try (MaskClassifier classifier = MaskClassifier.load(modelDir)) {
      assertThat(classifier.metadata()).isEqualTo(ModelMetadata.read(modelDir));
      assertThat(classifier.metadata().labels()).isEqualTo(TinyClassifierGraph.LABELS);
      assertThat(classifier.sha256())
          .isEqualTo(exportedSha)
          .isEqualTo(ModelDigest.sha256(modelDir));
      assertThat(classifier.sha256()).matches("[0-9a-f]{64}");
    }
  }

  @Test
  void exportedModelCarriesTheContractSignature() {
    try (SavedModelBundle bundle = SavedModelBundle.load(modelDir.toString(), ModelContract.TAG)) {
      Signature signature = bundle.function(ModelContract.SIGNATURE_KEY).signature();
      assertThat(signature.inputNames()).containsExactly(ModelContract.INPUT_KEY);
      assertThat(signature.outputNames()).containsExactly(ModelContract.OUTPUT_KEY);
    }
    assertThat(modelDir.resolve("variables"))
        .isDirectoryContaining(p -> p.toString().endsWith(".index"));
  }

  @Test
  void rejectsCropsThatAreNotBgr() {
    try (MaskClassifier classifier = MaskClassifier.load(modelDir);
        MaskPredictor predictor = classifier.newPredictor()) {
      Mat gray = new Mat(40, 40, CvType.CV_8UC1);
      assertThatThrownBy(() -> predictor.classify(gray))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("CV_8UC3")
          .hasMessageContaining("8UC1");
      assertThatThrownBy(
              () -> predictor.classifyBatch(List.of(new Mat(40, 40, CvType.CV_8UC3), new Mat())))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("crop 1")
          .hasMessageContaining("empty");
    }
  }

  @Test
  void missingModelDirectoryIsNamedInTheError() {
    Path missing = temp.resolve("no-such-model");
    assertThatThrownBy(() -> MaskClassifier.load(missing))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("does not exist");
  }

  @Test
  void modelWithoutMetadataIsNamedInTheError() throws IOException {
    Path copy = copyModel("without-metadata");
    Files.delete(copy.resolve(ModelContract.METADATA_FILE));
    assertThatThrownBy(() -> MaskClassifier.load(copy))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining(copy.toString())
        .hasMessageContaining("has no maskwatch-model.json");
  }

  @Test
  void metadataThatDisagreesWithTheGraphIsRejected() throws IOException {
    Path copy = copyModel("wrong-size");
    ModelMetadata wrong =
        new ModelMetadata(
            "tiny-test",
            "0.0.1",
            TinyClassifierGraph.LABELS,
            64,
            "tiny-cnn",
            Instant.parse("2024-01-01T00:00:00Z"));
    wrong.write(copy);
    assertThatThrownBy(() -> MaskClassifier.load(copy))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("does not follow the contract")
        .hasMessageContaining("(-1, 64, 64, 3)")
        .hasMessageContaining("(-1, 32, 32, 3)");
  }

  @Test
  void modelWhoseSignatureLacksProbabilitiesIsRejected() throws IOException {
    Path dir = temp.resolve("scores-model");
    Files.createDirectories(dir);
    SavedModelBundle.exporter(dir.toString())
        .withTags(ModelContract.TAG)
        .withSession(graph.session())
        .withSignature(
            Signature.builder()
                .key(ModelContract.SIGNATURE_KEY)
                .input(ModelContract.INPUT_KEY, graph.image())
                .output("scores", graph.probabilities())
                .build())
        .export();
    ModelMetadata.read(modelDir).write(dir);
    assertThatThrownBy(() -> MaskClassifier.load(dir))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("'probabilities'")
        .hasMessageContaining("scores");
  }

  /** Two crops of each kind, of different sizes, from the shared data. */
  private static List<Mat> realCrops() {
    List<Path> files = new ArrayList<>();
    files.addAll(SharedData.faces("chandrikadeb7", "with_mask", 2));
    files.addAll(SharedData.faces("chandrikadeb7", "without_mask", 2));
    files.addAll(SharedData.faces("maskedface-net", "mask_weared_incorrect", 2));
    files.addAll(SharedData.faces("prajnasb", "with_mask", 2));
    return files.stream().map(Images::read).toList();
  }

  /**
   * The translator's pre-processing written out another way (per-pixel channel swap instead of
   * cvtColor and a bulk float copy), so a mistake in either shows up as a mismatch.
   */
  private static float[] independentPreprocessing(List<Mat> crops) {
    int size = TinyClassifierGraph.SIZE;
    float[] out = new float[crops.size() * size * size * 3];
    int o = 0;
    for (Mat crop : crops) {
      boolean shrinking = crop.cols() >= size && crop.rows() >= size;
      Mat resized = new Mat();
      Imgproc.resize(
          crop,
          resized,
          new Size(size, size),
          0,
          0,
          shrinking ? Imgproc.INTER_AREA : Imgproc.INTER_LINEAR);
      byte[] bgr = new byte[size * size * 3];
      resized.get(0, 0, bgr);
      for (int p = 0; p < size * size; p++) {
        out[o++] = bgr[p * 3 + 2] & 0xFF;
        out[o++] = bgr[p * 3 + 1] & 0xFF;
        out[o++] = bgr[p * 3] & 0xFF;
      }
    }
    return out;
  }

  private static Path copyModel(String name) throws IOException {
    Path copy = temp.resolve(name);
    Files.createDirectories(copy.resolve("variables"));
    try (var files = Files.walk(modelDir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Files.copy(file, copy.resolve(modelDir.relativize(file).toString()));
      }
    }
    return copy;
  }

  private static int argmax(float[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }

  private static float spread(float[][] rows) {
    float spread = 0;
    for (float[] row : rows) {
      for (int c = 0; c < row.length; c++) {
        spread = Math.max(spread, Math.abs(row[c] - rows[0][c]));
      }
    }
    return spread;
  }
}
