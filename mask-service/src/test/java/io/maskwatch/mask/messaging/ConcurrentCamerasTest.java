package io.maskwatch.mask.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.maskwatch.events.Faces;
import io.maskwatch.events.Topics;
import io.maskwatch.events.Verdicts;
import io.maskwatch.testing.KafkaBrokerResource;
import io.maskwatch.vision.classify.MaskClassifier;
import io.maskwatch.vision.classify.MaskPrediction;
import io.maskwatch.vision.classify.MaskPredictor;
import io.maskwatch.vision.image.Images;
import io.maskwatch.vision.testing.SharedData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;

/**
 * Several cameras sending at once, on the real broker, through the service's two workers with
 * batches of up to 4 faces (test configuration): every face of every frame gets its verdict,
 * grouped by frame as sent, each camera's frames come out in the order they went in, and the
 * consumer group's committed offsets reach the end of {@code faces} (every record acknowledged).
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class ConcurrentCamerasTest {

  private static final int CAMERAS = 4;
  private static final int FRAMES = 12;

  @Test
  void everyFaceOfEveryFrameGetsItsVerdictInCameraOrder() throws Exception {
    String home = System.getProperty("maskwatch.home");
    assumeTrue(home != null, "system property maskwatch.home is not set: no shipped model");
    List<Path> files = new ArrayList<>(SharedData.faces("chandrikadeb7", "with_mask", 5));
    files.addAll(SharedData.faces("chandrikadeb7", "without_mask", 5));
    files.addAll(SharedData.faces("maskedface-net", "mask_weared_incorrect", 3));
    List<byte[]> crops = files.stream().map(ConcurrentCamerasTest::read).toList();
    List<MaskPrediction> expected = classifyOneByOne(Path.of(home), files);

    String run = Pipeline.unique("run");
    ExecutorService senders = Executors.newFixedThreadPool(CAMERAS);
    List<List<List<Integer>>> sent = new ArrayList<>();
    try {
      List<Future<List<List<Integer>>>> futures = new ArrayList<>();
      for (int c = 0; c < CAMERAS; c++) {
        int camera = c;
        futures.add(senders.submit(() -> sendFrames(run, camera, crops)));
      }
      for (Future<List<List<Integer>>> f : futures) {
        sent.add(f.get());
      }
    } finally {
      senders.shutdown();
    }

    Pipeline pipeline = new Pipeline();
    for (int c = 0; c < CAMERAS; c++) {
      String camera = run + "-cam-" + c;
      List<Verdicts> verdicts = pipeline.verdictsOf(camera, FRAMES);
      assertThat(verdicts.stream().map(Verdicts::getFrameId))
          .as("camera %d: frames in the order sent", c)
          .containsExactlyElementsOf(frameIds(camera));
      for (int f = 0; f < FRAMES; f++) {
        List<Integer> faces = sent.get(c).get(f);
        Verdicts frame = verdicts.get(f);
        assertThat(frame.getVerdicts()).as("camera %d frame %d", c, f).hasSize(faces.size());
        for (int i = 0; i < faces.size(); i++) {
          MaskPrediction want = expected.get(faces.get(i));
          assertThat(frame.getVerdicts().get(i).getIndex()).isEqualTo(i);
          assertThat(frame.getVerdicts().get(i).getLabel().name())
              .as("camera %d frame %d face %d", c, f, i)
              .isEqualTo(want.label().wireName());
          assertThat(frame.getVerdicts().get(i).getConfidence())
              .isCloseTo(want.confidence(), Offset.offset(1e-5f));
        }
      }
    }

    // Acknowledged only after publishing, committed only when everything before is acknowledged:
    // once all verdicts are out, the group's offsets reach the end of the topic.
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                KafkaBrokerResource.bootstrapServers()))) {
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(committed(admin)).isEqualTo(ends(admin)));
    }
  }

  private static List<List<Integer>> sendFrames(String run, int camera, List<byte[]> crops) {
    Pipeline pipeline = new Pipeline();
    String cameraId = run + "-cam-" + camera;
    List<String> ids = frameIds(cameraId);
    List<List<Integer>> sent = new ArrayList<>();
    for (int f = 0; f < FRAMES; f++) {
      int count = (camera + f) % 4; // 0..3 faces, empty frames included
      List<Integer> faces = new ArrayList<>();
      List<byte[]> frame = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int index = (camera * 5 + f * 2 + i) % crops.size();
        faces.add(index);
        frame.add(crops.get(index));
      }
      Faces message = Pipeline.faces(cameraId, ids.get(f), frame);
      pipeline.send(message);
      sent.add(faces);
    }
    return sent;
  }

  private static List<String> frameIds(String cameraId) {
    List<String> ids = new ArrayList<>();
    for (int f = 0; f < FRAMES; f++) {
      ids.add(cameraId + "-frame-" + f);
    }
    return ids;
  }

  private static Map<TopicPartition, Long> committed(Admin admin) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> offsets =
        admin.listConsumerGroupOffsets("mask-service").partitionsToOffsetAndMetadata().get();
    return offsets.entrySet().stream()
        .filter(e -> e.getKey().topic().equals(Topics.FACES) && e.getValue() != null)
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
  }

  private static Map<TopicPartition, Long> ends(Admin admin) throws Exception {
    Map<TopicPartition, OffsetSpec> request =
        admin
            .describeTopics(List.of(Topics.FACES))
            .allTopicNames()
            .get()
            .get(Topics.FACES)
            .partitions()
            .stream()
            .collect(
                Collectors.toMap(
                    p -> new TopicPartition(Topics.FACES, p.partition()),
                    p -> OffsetSpec.latest()));
    return admin.listOffsets(request).all().get().entrySet().stream()
        .filter(e -> e.getValue().offset() > 0)
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
  }

  private static List<MaskPrediction> classifyOneByOne(Path home, List<Path> files) {
    try (MaskClassifier model = MaskClassifier.load(home.resolve("models/mask-classifier"));
        MaskPredictor predictor = model.newPredictor()) {
      List<MaskPrediction> predictions = new ArrayList<>();
      for (Path file : files) {
        Mat crop = Images.read(file);
        predictions.add(predictor.classify(crop));
        crop.release();
      }
      return predictions;
    }
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
