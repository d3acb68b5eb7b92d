package io.maskwatch.face.health;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.maskwatch.events.Topics;
import io.maskwatch.face.testing.Frames;
import io.maskwatch.testing.KafkaBrokerResource;
import io.maskwatch.vision.testing.Scenes;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.reactive.messaging.ChannelRegistry;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** Without its cascade file the service says why, is not ready, and leaves frames in Kafka. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@TestProfile(MissingCascadeTest.NoCascade.class)
class MissingCascadeTest {

  static final String MISSING = "/nonexistent/haarcascades/haarcascade_frontalface_default.xml";
  static final String GROUP = "face-service-without-cascade";

  public static class NoCascade implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "maskwatch.face.haar.cascade", MISSING, "mp.messaging.incoming.frames.group.id", GROUP);
    }
  }

  @Inject ChannelRegistry channels;

  @Test
  void isNotReadyAndSaysToInstallOpencvData() {
    given()
        .when()
        .get("/q/health/ready")
        .then()
        .statusCode(503)
        .body("status", equalTo("DOWN"))
        .body("checks.find { it.name == 'face-detector' }.status", equalTo("DOWN"))
        .body(
            "checks.find { it.name == 'face-detector' }.data.reason",
            containsString("Haar cascade file not found: " + MISSING))
        .body(
            "checks.find { it.name == 'face-detector' }.data.reason", containsString("opencv-data"))
        .body(
            "checks.find { it.name == 'face-detector' }.data.reason",
            containsString("maskwatch.face.haar.cascade"));
  }

  @Test
  void consumesNoFrameAndJoinsNoConsumerGroup() {
    String camera = "cam-" + UUID.randomUUID();
    try (KafkaCompanion kafka = new KafkaCompanion(KafkaBrokerResource.bootstrapServers())) {
      kafka
          .produce(String.class, byte[].class)
          .fromRecords(
              new ProducerRecord<>(
                  Topics.FRAMES,
                  camera,
                  Frames.encode(Frames.frame("f-" + camera, camera, Scenes.scene(121).bytes()))))
          .awaitCompletion(Duration.ofSeconds(30));
      // A consumer that subscribed would have joined its group within this window.
      await()
          .during(Duration.ofSeconds(5))
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  kafka.consumerGroups().list().stream().noneMatch(g -> GROUP.equals(g.groupId())));
    }
    assertThat(channels.getPausable(Topics.FRAMES).isPaused()).isTrue();
  }
}
