package io.maskwatch.ingest.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

import io.maskwatch.events.EventCodec;
import io.maskwatch.events.Topics;
import io.maskwatch.ingest.KafkaTestSupport;
import io.maskwatch.ingest.ServiceTopics;
import io.maskwatch.ingest.TestImages;
import io.maskwatch.testing.KafkaBrokerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(ServiceTopics.class)
class VerdictsConsumerTest {

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

  private KafkaCompanion kafka;

  @BeforeEach
  void connect() {
    kafka = new KafkaCompanion(bootstrapServers);
  }

  @AfterEach
  void disconnect() {
    kafka.close();
  }

  @Test
  void anUploadIsDoneWithItsFacesOnceItsVerdictsArrive() {
    ExtractableResponse<Response> accepted =
        given()
            .contentType("image/jpeg")
            .body(TestImages.bytes(TestImages.photo(2)))
            .when()
            .post("/api/uploads")
            .then()
            .statusCode(202)
            .extract();
    String uploadId = accepted.path("uploadId");
    String frameId = accepted.path("frameId");
    assertThat(status(uploadId)).isEqualTo("pending");

    produceVerdicts(uploadId, frameId);

    awaitDone(uploadId);
    given()
        .when()
        .get("/api/uploads/" + uploadId)
        .then()
        .statusCode(200)
        .body("uploadId", is(uploadId))
        .body("frameId", is(frameId))
        .body("status", is("done"))
        .body("detector", is("yunet"))
        .body("model.name", is("mask-classifier"))
        .body("model.version", is("3"))
        .body("model.sha256", is("5f1c0e2a"))
        .body("faces", hasSize(2))
        .body("faces[0].index", is(0))
        .body("faces[0].box.x", is(40))
        .body("faces[0].box.y", is(60))
        .body("faces[0].box.width", is(32))
        .body("faces[0].box.height", is(36))
        .body("faces[0].label", is("without_mask"))
        .body("faces[0].confidence", is(0.875f))
        .body("faces[0].detectorScore", is(0.93f))
        .body("faces[0].scores.without_mask", is(0.875f))
        .body("faces[0].scores.with_mask", is(0.1f))
        .body("faces[0].scores.mask_weared_incorrect", is(0.025f))
        .body("faces[1].label", is("mask_weared_incorrect"))
        .body("faces.index", contains(0, 1));
  }

  @Test
  void theVerdictsOfAnUploadAcceptedByAnotherInstanceAreKnownHere() {
    String uploadId = UUID.randomUUID().toString();
    given().when().get("/api/uploads/" + uploadId).then().statusCode(404);

    produceVerdicts(uploadId, UUID.randomUUID().toString());

    awaitDone(uploadId);
  }

  @Test
  void anUnreadableVerdictGoesToDeadLettersAndTheNextOneIsStillRead() {
    byte[] garbage = ("not a verdict " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
    String uploadId = UUID.randomUUID().toString();

    // Same key, same partition: the good message is read after the bad one.
    KafkaTestSupport.produce(kafka, Topics.VERDICTS, "upload", garbage);
    produceVerdicts(uploadId, UUID.randomUUID().toString());

    ConsumerRecord<String, byte[]> dead =
        KafkaTestSupport.awaitRecord(
            kafka, Topics.DEAD_LETTERS, r -> Arrays.equals(r.value(), garbage));
    assertThat(KafkaCompanion.getHeader(dead.headers(), "dead-letter-reason"))
        .contains("not an Avro single-object message");
    assertThat(KafkaCompanion.getHeader(dead.headers(), "dead-letter-topic"))
        .isEqualTo(Topics.VERDICTS);
    assertThat(dead.key()).isEqualTo("upload");
    awaitDone(uploadId);
  }

  private void produceVerdicts(String uploadId, String frameId) {
    KafkaTestSupport.produce(
        kafka,
        Topics.VERDICTS,
        "upload",
        EventCodec.VERDICTS.encode(KafkaTestSupport.uploadVerdicts(uploadId, frameId)));
  }

  private static void awaitDone(String uploadId) {
    await()
        .atMost(KafkaTestSupport.DEADLINE)
        .untilAsserted(() -> assertThat(status(uploadId)).isEqualTo("done"));
  }

  private static String status(String uploadId) {
    return given()
        .when()
        .get("/api/uploads/" + uploadId)
        .then()
        .statusCode(200)
        .extract()
        .path("status");
  }
}
