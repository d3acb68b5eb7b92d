package io.maskwatch.face.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.maskwatch.events.DetectedFace;
import io.maskwatch.events.EventCodec;
import io.maskwatch.events.Faces;
import io.maskwatch.events.Frame;
import io.maskwatch.events.Topics;
import io.maskwatch.face.testing.Frames;
import io.maskwatch.testing.KafkaBrokerResource;
import io.maskwatch.vision.detect.BlazeFaceModel;
import io.maskwatch.vision.detect.Box;
import io.maskwatch.vision.testing.HumanModelsCache;
import io.maskwatch.vision.testing.Scenes;
import io.maskwatch.vision.testing.Scenes.Scene;
import io.maskwatch.vision.tfjs.HumanModels;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * face-service on a machine without the YuNet file: {@code auto} picks BlazeFace (full-range, from
 * the human-models cache; never fetched here), and Faces carry its name and six key points per
 * face. Skipped when the weights are not cached.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@TestProfile(BlazeFaceFrameProcessorTest.AutoWithoutYuNet.class)
class BlazeFaceFrameProcessorTest {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final List<String> MODEL = List.of(BlazeFaceModel.FULL.file());

  public static class AutoWithoutYuNet implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "maskwatch.face.detector",
          "auto",
          "maskwatch.face.yunet.model",
          "/nonexistent/yunet-legacy.onnx",
          "maskwatch.face.blazeface.models-dir",
          cachedModels(),
          "maskwatch.face.blazeface.fetch",
          "false",
          "mp.messaging.incoming.frames.group.id",
          "face-service-blazeface");
    }
  }

  /** The cache the vision tests use, when it holds the model; else a folder that does not exist. */
  static String cachedModels() {
    for (String dir :
        List.of(
            System.getProperty(HumanModels.CACHE_PROPERTY, ""),
            "/tmp/hm/package/models",
            HumanModels.defaultDir().toString())) {
      if (!dir.isBlank() && HumanModels.pinned(Path.of(dir), MODEL).isComplete()) {
        return dir;
      }
    }
    return "/nonexistent/human-models";
  }

  @BeforeEach
  void needsTheWeights() {
    HumanModelsCache.folderWith(MODEL);
  }

  @Test
  void aRealPhotoGivesBlazeFaceFacesWithKeyPointsOverTheAnnotatedFaces() {
    Scene scene = Scenes.scene(121);
    String camera = "cam-" + UUID.randomUUID();
    Frame frame = Frames.frame("f-" + camera, camera, scene.bytes());

    Faces faces;
    try (KafkaCompanion kafka = new KafkaCompanion(KafkaBrokerResource.bootstrapServers())) {
      kafka
          .produce(String.class, byte[].class)
          .fromRecords(new ProducerRecord<>(Topics.FRAMES, camera, Frames.encode(frame)))
          .awaitCompletion(WAIT);
      List<ConsumerRecord<String, byte[]>> records =
          kafka
              .consume(String.class, byte[].class)
              .withGroupId("test-" + UUID.randomUUID())
              .withOffsetReset(OffsetResetStrategy.EARLIEST)
              .fromTopics(Topics.FACES, m -> m.filter(r -> camera.equals(r.key())))
              .awaitRecords(1, WAIT)
              .getRecords();
      faces = Frames.decode(EventCodec.FACES, records.get(0).value());
    }

    assertThat(faces.getDetector()).isEqualTo("blazeface");
    List<Box> large =
        scene.faces().stream().filter(f -> Math.min(f.width(), f.height()) >= 24).toList();
    assertThat(large).isNotEmpty();
    List<Box> found = faces.getFaces().stream().map(BlazeFaceFrameProcessorTest::box).toList();
    for (Box face : large) {
      assertThat(found.stream().mapToDouble(face::iou).max().orElse(0))
          .as("best overlap with annotated face %s", face)
          .isGreaterThanOrEqualTo(0.5);
    }
    for (DetectedFace face : faces.getFaces()) {
      assertThat(face.getLandmarks()).hasSize(BlazeFaceModel.KEY_POINTS);
      assertThat(face.getScore()).isBetween(0.3f, 1f);
      assertThat(face.getCrop().remaining()).isGreaterThan(100);
    }
  }

  @Test
  void isReadyWithBlazeFaceSaysWhyAndMetricsAreTaggedWithIt() {
    given()
        .when()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("checks.find { it.name == 'face-detector' }.data.detector", equalTo("blazeface"))
        .body(
            "checks.find { it.name == 'face-detector' }.data.chosen",
            containsString("is not a readable file, so BlazeFace"));
    given()
        .when()
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(containsString("maskwatch_detect_seconds_count{detector=\"blazeface\""));
  }

  private static Box box(DetectedFace face) {
    return new Box(
        face.getBox().getX(),
        face.getBox().getY(),
        face.getBox().getWidth(),
        face.getBox().getHeight());
  }
}
