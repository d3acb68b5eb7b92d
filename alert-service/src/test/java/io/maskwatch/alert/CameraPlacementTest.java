package io.maskwatch.alert;

import static io.maskwatch.alert.support.Api.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

import io.maskwatch.events.CameraDefinition;
import io.maskwatch.events.EventCodec;
import io.maskwatch.events.Topics;
import io.maskwatch.testing.KafkaBrokerResource;
import io.maskwatch.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A camera registered with ingest-service (the compacted {@code cameras} topic) is counted and
 * alerted under its registered site and zone, without naming them again in {@code /api/rules}.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(PostgresResource.class)
class CameraPlacementTest {

  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final KafkaCompanion KAFKA =
      new KafkaCompanion(KafkaBrokerResource.bootstrapServers());

  @AfterAll
  static void close() {
    KAFKA.close();
  }

  @Test
  void aRegisteredCameraTakesItsSiteAndZoneFromTheRegistryUntilItIsDeleted() {
    String cameraId = "placed-" + UUID.randomUUID().toString().substring(0, 8);
    given()
        .queryParam("cameraId", cameraId)
        .get("/api/rules/effective")
        .then()
        .statusCode(200)
        .body("site", is("default"));

    CameraDefinition camera =
        CameraDefinition.newBuilder()
            .setCameraId(cameraId)
            .setName("loading dock")
            .setSite("plant-7")
            .setZone("dock")
            .setUrl("rtsp://operator:secret@10.0.0.7/stream")
            .setUpdatedAt(Instant.now())
            .build();
    send(cameraId, EventCodec.CAMERA_DEFINITION.encode(camera));
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                given()
                    .queryParam("cameraId", cameraId)
                    .get("/api/rules/effective")
                    .then()
                    .body("site", is("plant-7"))
                    .body("zone", is("dock")));

    send(cameraId, null);
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                given()
                    .queryParam("cameraId", cameraId)
                    .get("/api/rules/effective")
                    .then()
                    .body("site", is("default")));
  }

  @Test
  void aRecordThatIsNotACameraDefinitionIsSkippedAndTheNextOneStillCounts() {
    String broken = "broken-" + UUID.randomUUID().toString().substring(0, 8);
    String cameraId = "after-" + UUID.randomUUID().toString().substring(0, 8);
    send(broken, new byte[] {1, 2, 3});
    CameraDefinition camera =
        CameraDefinition.newBuilder()
            .setCameraId(cameraId)
            .setName("gate")
            .setSite("plant-9")
            .setUrl("http://10.0.0.9/snapshot.jpg")
            .setUpdatedAt(Instant.now())
            .build();
    send(cameraId, EventCodec.CAMERA_DEFINITION.encode(camera));
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                given()
                    .queryParam("cameraId", cameraId)
                    .get("/api/rules/effective")
                    .then()
                    .body("site", is("plant-9"))
                    .body("zone", is("default")));
  }

  private static void send(String key, byte[] value) {
    KAFKA
        .produce(String.class, byte[].class)
        .fromRecords(new ProducerRecord<>(Topics.CAMERAS, key, value))
        .awaitCompletion();
  }
}
