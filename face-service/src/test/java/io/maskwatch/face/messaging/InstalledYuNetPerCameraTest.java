package io.maskwatch.face.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.maskwatch.events.EventCodec;
import io.maskwatch.events.Faces;
import io.maskwatch.events.Topics;
import io.maskwatch.face.testing.Frames;
import io.maskwatch.testing.KafkaBrokerResource;
import io.maskwatch.vision.detect.YuNetModels;
import io.maskwatch.vision.testing.Scenes;
import io.maskwatch.vision.testing.Scenes.Scene;
import io.maskwatch.vision.testing.SharedData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * face-service with no YuNet path configured but a model installed the way {@code ./maskwatch
 * models} installs it: {@code auto} finds and uses it. And per-camera settings: the same photo from
 * a camera with a large {@code min-face-size} gives no face, from another camera its faces.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@TestProfile(InstalledYuNetPerCameraTest.Installed.class)
class InstalledYuNetPerCameraTest {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String STRICT_CAMERA = "lobby-strict";

  /** Installs the shared YuNet copy into a fresh models folder before the service starts. */
  public static class Installed implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      Map<String, String> config = new HashMap<>();
      config.put("maskwatch.face.detector", "auto");
      config.put("maskwatch.face.yunet.model", "");
      config.put("mp.messaging.incoming.frames.group.id", "face-service-installed-yunet");
      config.put("maskwatch.face.cameras." + STRICT_CAMERA + ".min-face-size", "100000");
      config.put("maskwatch.face.cameras." + STRICT_CAMERA + ".score-threshold", "0.5");
      String shared = System.getProperty("maskwatch.shared.dir");
      Path copy = shared == null ? null : Path.of(shared, "models/face/yunet-legacy.onnx");
      try {
        Path dir = Files.createTempDirectory("maskwatch-models-");
        if (copy != null && Files.isRegularFile(copy)) {
          new YuNetModels(dir).installCopy(copy);
        }
        config.put("maskwatch.face.yunet.models-dir", dir.toString());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return config;
    }
  }

  @BeforeEach
  void needsTheModel() {
    SharedData.yunet();
  }

  @Test
  void autoUsesTheInstalledYuNetAndSaysSo() {
    given()
        .when()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("checks.find { it.name == 'face-detector' }.data.detector", equalTo("yunet"))
        .body(
            "checks.find { it.name == 'face-detector' }.data.chosen",
            containsString("installed by ./maskwatch models"));
  }

  @Test
  void aCameraWithALargeMinimumFaceGetsNoFaceWhereAnotherGetsThem() {
    Scene scene = Scenes.scene(121);
    String open = "cam-" + UUID.randomUUID();

    Faces fromOpen = facesOf(open, scene.bytes());
    Faces fromStrict = facesOf(STRICT_CAMERA, scene.bytes());

    assertThat(fromOpen.getDetector()).isEqualTo("yunet");
    assertThat(fromOpen.getFaces()).isNotEmpty();
    assertThat(fromStrict.getFaces()).isEmpty();
    assertThat(fromStrict.getFrameWidth()).isEqualTo(fromOpen.getFrameWidth());
  }

  private static Faces facesOf(String camera, byte[] picture) {
    String frameId = "f-" + UUID.randomUUID();
    try (KafkaCompanion kafka = new KafkaCompanion(KafkaBrokerResource.bootstrapServers())) {
      kafka
          .produce(String.class, byte[].class)
          .fromRecords(
              new ProducerRecord<>(
                  Topics.FRAMES, camera, Frames.encode(Frames.frame(frameId, camera, picture))))
          .awaitCompletion(WAIT);
      List<ConsumerRecord<String, byte[]>> records =
          kafka
              .consume(String.class, byte[].class)
              .withGroupId("test-" + UUID.randomUUID())
              .withOffsetReset(OffsetResetStrategy.EARLIEST)
              .fromTopics(
                  Topics.FACES,
                  m ->
                      m.filter(
                          r ->
                              frameId.equals(
                                  Frames.decode(EventCodec.FACES, r.value())
                                      .getFrameId()
                                      .toString())))
              .awaitRecords(1, WAIT)
              .getRecords();
      return Frames.decode(EventCodec.FACES, records.get(0).value());
    }
  }
}
