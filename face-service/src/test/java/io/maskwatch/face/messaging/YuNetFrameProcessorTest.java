package io.maskwatch.face.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.maskwatch.events.DetectedFace;
import io.maskwatch.events.EventCodec;
import io.maskwatch.events.Faces;
import io.maskwatch.events.Frame;
import io.maskwatch.events.Landmark;
import io.maskwatch.events.Topics;
import io.maskwatch.face.testing.Frames;
import io.maskwatch.testing.KafkaBrokerResource;
import io.maskwatch.vision.detect.Box;
import io.maskwatch.vision.image.Images;
import io.maskwatch.vision.testing.Scenes;
import io.maskwatch.vision.testing.Scenes.Scene;
import io.maskwatch.vision.testing.SharedData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;

/**
 * face-service with {@code maskwatch.face.detector=auto} and the YuNet model of ../shared ({@code
 * %test.maskwatch.face.yunet.model}): auto picks YuNet, and Faces carry its name and five landmarks
 * per face. Skipped when the model is absent.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@TestProfile(YuNetFrameProcessorTest.Auto.class)
class YuNetFrameProcessorTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  public static class Auto implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "maskwatch.face.detector",
          "auto",
          "mp.messaging.incoming.frames.group.id",
          "face-service-yunet");
    }
  }

  @BeforeEach
  void needsTheModel() {
    SharedData.yunet();
  }

  @Test
  void aRealPhotoGivesYuNetFacesWithLandmarksOverTheAnnotatedFaces() {
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

    assertThat(faces.getDetector()).isEqualTo("yunet");
    List<Box> large =
        scene.faces().stream().filter(f -> Math.min(f.width(), f.height()) >= 24).toList();
    List<Box> found = faces.getFaces().stream().map(YuNetFrameProcessorTest::box).toList();
    for (Box face : large) {
      assertThat(found.stream().mapToDouble(face::iou).max().orElse(0))
          .as("best overlap with annotated face %s", face)
          .isGreaterThanOrEqualTo(0.4);
    }
    for (DetectedFace face : faces.getFaces()) {
      Box box = box(face);
      assertThat(face.getLandmarks()).hasSize(5);
      for (Landmark p : face.getLandmarks()) {
        assertThat(p.getX()).isBetween(box.x() - 1f, box.x() + box.width() + 1f);
        assertThat(p.getY()).isBetween(box.y() - 1f, box.y() + box.height() + 1f);
      }
      assertThat(face.getScore()).isBetween(0.3f, 1f);
      Mat crop = Images.decode(bytes(face.getCrop()));
      assertThat(crop.cols()).isEqualTo(128);
    }
  }

  @Test
  void isReadyWithYuNetAndMetricsAreTaggedWithIt() {
    given()
        .when()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("checks.find { it.name == 'face-detector' }.data.detector", equalTo("yunet"));
    given()
        .when()
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(containsString("maskwatch_detect_seconds_count{detector=\"yunet\""));
  }

  private static Box box(DetectedFace face) {
    return new Box(
        face.getBox().getX(),
        face.getBox().getY(),
        face.getBox().getWidth(),
        face.getBox().getHeight());
  }

  private static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer view = buffer.duplicate();
    byte[] bytes = new byte[view.remaining()];
    view.get(bytes);
    return bytes;
  }
}
