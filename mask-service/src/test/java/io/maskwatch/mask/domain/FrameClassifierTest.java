package io.maskwatch.mask.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.maskwatch.mask.domain.StageTimer.Stage;
import io.maskwatch.vision.classify.MaskClassifier;
import io.maskwatch.vision.classify.MaskPrediction;
import io.maskwatch.vision.classify.MaskPredictor;
import io.maskwatch.vision.image.Images;
import io.maskwatch.vision.image.InvalidImageException;
import io.maskwatch.vision.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;

/** The shipped model on real face crops from ../shared/data/faces. */
class FrameClassifierTest {

  private static MaskClassifier model;
  private static InferencePool predictor;

  @BeforeAll
  static void loadShippedModel() {
    String home = System.getProperty("maskwatch.home");
    assumeTrue(home != null, "system property maskwatch.home is not set: no shipped model");
    model = MaskClassifier.load(Path.of(home, "models", "mask-classifier"));
    // Two workers taking batches of up to 3: a frame's faces are spread over calls and workers.
    predictor =
        InferencePool.start(
            "test",
            () -> new SinglePredictor(model.newPredictor()),
            new PoolSettings(2, 3, java.time.Duration.ofMillis(5), 2),
            PoolListener.NONE,
            model.metadata().inputSize());
  }

  @AfterAll
  static void close() {
    if (predictor != null) {
      predictor.close();
    }
    if (model != null) {
      model.close();
    }
  }

  @Test
  void classifiesEveryCropOfAFrameInOrderAsTheModelDoesOneByOne() throws IOException {
    List<Path> files = new ArrayList<>(SharedData.faces("chandrikadeb7", "with_mask", 2));
    files.addAll(SharedData.faces("chandrikadeb7", "without_mask", 2));
    List<byte[]> crops = new ArrayList<>();
    for (Path file : files) {
      crops.add(Files.readAllBytes(file));
    }

    List<MaskPrediction> predictions =
        new FrameClassifier(predictor, 4_000_000, StageTimer.NONE)
            .classify("frame f-1 of camera c", crops)
            .join();

    assertThat(predictions).hasSize(files.size());
    try (MaskPredictor single = model.newPredictor()) {
      for (int i = 0; i < files.size(); i++) {
        Mat crop = Images.read(files.get(i));
        MaskPrediction alone = single.classify(crop);
        crop.release();
        assertThat(predictions.get(i).label()).as("face %d", i).isEqualTo(alone.label());
        assertThat(predictions.get(i).confidence())
            .as("face %d", i)
            .isCloseTo(alone.confidence(), org.assertj.core.data.Offset.offset(1e-5f));
      }
    }
  }

  @Test
  void aFrameWithoutCropsHasNoPredictions() {
    RecordingTimer timer = new RecordingTimer();

    assertThat(
            new FrameClassifier(predictor, 4_000_000, timer)
                .classify("frame f-2", List.of())
                .join())
        .isEmpty();
    assertThat(timer.stages).isEmpty();
  }

  @Test
  void anUndecodableCropRejectsTheFrameNamingTheFace() throws IOException {
    byte[] good = Files.readAllBytes(SharedData.faces("prajnasb", "with_mask", 1).get(0));
    byte[] truncated = java.util.Arrays.copyOf(good, 20);

    assertThatThrownBy(
            () ->
                new FrameClassifier(predictor, 4_000_000, StageTimer.NONE)
                    .classify("frame f-3 of camera c", List.of(good, truncated)))
        .isInstanceOf(InvalidImageException.class)
        .hasMessageStartingWith("face 1 of frame f-3 of camera c: ");
    assertThatThrownBy(
            () ->
                new FrameClassifier(predictor, 4_000_000, StageTimer.NONE)
                    .classify("frame f-4", List.of("not an image".getBytes())))
        .isInstanceOf(InvalidImageException.class)
        .hasMessageStartingWith("face 0 of frame f-4: ");
  }

  @Test
  void refusesACropLargerThanTheLimitBeforeDecodingIt() throws IOException {
    byte[] crop = Files.readAllBytes(SharedData.faces("prajnasb", "without_mask", 1).get(0));

    assertThatThrownBy(
            () ->
                new FrameClassifier(predictor, 100, StageTimer.NONE)
                    .classify("frame f-5", List.of(crop)))
        .isInstanceOf(InvalidImageException.class)
        .hasMessageContaining("too large")
        .hasMessageContaining("limit of 100");
  }

  @Test
  void timesDecodingThenClassifying() throws IOException {
    byte[] crop = Files.readAllBytes(SharedData.faces("prajnasb", "without_mask", 1).get(0));
    RecordingTimer timer = new RecordingTimer();

    new FrameClassifier(predictor, 4_000_000, timer).classify("frame f-6", List.of(crop)).join();

    assertThat(timer.stages).containsExactly(Stage.DECODE, Stage.CLASSIFY);
  }

  private static final class RecordingTimer implements StageTimer {
    final List<Stage> stages = new ArrayList<>();

    @Override
    public <T> T time(Stage stage, Supplier<T> work) {
      stages.add(stage);
      return work.get();
    }

    @Override
    public void record(Stage stage, long nanos) {
      stages.add(stage);
    }
  }
}
