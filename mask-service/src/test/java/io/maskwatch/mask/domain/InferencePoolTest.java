package io.maskwatch.mask.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.maskwatch.vision.classify.MaskClassifier;
import io.maskwatch.vision.classify.MaskPrediction;
import io.maskwatch.vision.classify.MaskPredictor;
import io.maskwatch.vision.image.Images;
import io.maskwatch.vision.testing.SharedData;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;

/** The worker pool with the shipped model on real crops from ../shared/data/faces. */
class InferencePoolTest {

  private static MaskClassifier model;
  private static List<Mat> crops;
  private static List<MaskPrediction> alone;

  @BeforeAll
  static void load() {
    String home = System.getProperty("maskwatch.home");
    assumeTrue(home != null, "system property maskwatch.home is not set: no shipped model");
    model = MaskClassifier.load(Path.of(home, "models", "mask-classifier"));
    List<Path> files = new ArrayList<>(SharedData.faces("chandrikadeb7", "with_mask", 6));
    files.addAll(SharedData.faces("chandrikadeb7", "without_mask", 6));
    files.addAll(SharedData.faces("prajnasb", "with_mask", 4));
    crops = files.stream().map(Images::read).toList();
    alone = new ArrayList<>();
    try (MaskPredictor predictor = model.newPredictor()) {
      for (Mat crop : crops) {
        alone.add(predictor.classify(crop));
      }
    }
  }

  @AfterAll
  static void close() {
    if (crops != null) {
      crops.forEach(Mat::release);
    }
    if (model != null) {
      model.close();
    }
  }

  @Test
  void framesFromManyThreadsShareBatchesAndEachGetsItsOwnFacesInOrder() throws Exception {
    BatchSizes sizes = new BatchSizes();
    try (InferencePool pool =
        InferencePool.start(
            "test",
            () -> new SinglePredictor(model.newPredictor()),
            new PoolSettings(2, 8, Duration.ofMillis(20), 2),
            sizes,
            model.metadata().inputSize())) {
      ExecutorService cameras = Executors.newFixedThreadPool(4);
      try {
        List<Future<List<Check>>> perCamera = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
          int camera = c;
          perCamera.add(cameras.submit(() -> sendFrames(pool, camera, 25)));
        }
        for (Future<List<Check>> camera : perCamera) {
          for (Check check : camera.get()) {
            List<MaskPrediction> predictions = check.result.join();
            assertThat(predictions).hasSize(check.faces.size());
            for (int i = 0; i < predictions.size(); i++) {
              MaskPrediction expected = alone.get(check.faces.get(i));
              assertThat(predictions.get(i).label()).isEqualTo(expected.label());
              assertThat(predictions.get(i).confidence())
                  .isCloseTo(expected.confidence(), Offset.offset(1e-5f));
            }
          }
        }
      } finally {
        cameras.shutdown();
      }
    }
    // Frames have 1 to 3 faces: a batch of more than 3 mixes frames.
    assertThat(sizes.sizes).isNotEmpty().allMatch(s -> s >= 1 && s <= 8);
    assertThat(sizes.sizes.stream().mapToInt(Integer::intValue).max().orElse(0))
        .as("faces of several frames were classified in one call")
        .isGreaterThan(3);
    assertThat(sizes.workers).containsOnly(0, 1);
  }

  @Test
  void closeFinishesTheFacesAlreadyQueued() {
    CompletableFuture<List<MaskPrediction>> queued;
    InferencePool pool =
        InferencePool.start(
            "test",
            () -> new SinglePredictor(model.newPredictor()),
            new PoolSettings(1, 1, Duration.ZERO, 0),
            PoolListener.NONE,
            model.metadata().inputSize());
    queued = pool.classify(crops);
    pool.close();

    assertThat(queued).isCompleted();
    assertThat(queued.join()).hasSize(crops.size());
    assertThatThrownBy(() -> pool.classify(crops.subList(0, 1)).join())
        .hasCauseInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void aWorkerThatCannotMakeItsPredictorFailsTheStartWithTheReason() {
    assertThatThrownBy(
            () ->
                InferencePool.start(
                    "test",
                    () -> {
                      throw new IllegalStateException("no session for you");
                    },
                    new PoolSettings(2, 1, Duration.ZERO, 0),
                    PoolListener.NONE,
                    64))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("an inference worker did not start: no session for you");
  }

  @Test
  void settingsOutOfRangeNameTheirKey() {
    assertThatThrownBy(() -> new PoolSettings(0, 1, Duration.ZERO, 0))
        .hasMessage("maskwatch.mask.workers must be at least 1, got 0");
    assertThatThrownBy(() -> new PoolSettings(1, 0, Duration.ZERO, 0))
        .hasMessage("maskwatch.mask.batch-size must be at least 1, got 0");
    assertThatThrownBy(() -> new PoolSettings(1, 1, Duration.ofMillis(-1), 0))
        .hasMessageStartingWith("maskwatch.mask.max-wait-ms must be 0 or more");
  }

  private static List<Check> sendFrames(InferencePool pool, int camera, int frames) {
    List<Check> checks = new ArrayList<>();
    for (int f = 0; f < frames; f++) {
      int count = 1 + (camera + f) % 3;
      List<Integer> faces = new ArrayList<>();
      List<Mat> mats = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int index = (camera * 7 + f * 3 + i) % crops.size();
        faces.add(index);
        mats.add(crops.get(index));
      }
      checks.add(new Check(faces, pool.classify(mats)));
    }
    return checks;
  }

  private record Check(List<Integer> faces, CompletableFuture<List<MaskPrediction>> result) {}

  private static final class BatchSizes implements PoolListener {
    final List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
    final java.util.Set<Integer> workers = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Override
    public void batch(int worker, int faces, long inferenceNanos) {
      sizes.add(faces);
      workers.add(worker);
    }

    @Override
    public void queued(int worker, long queueNanos) {}
  }
}
