package io.maskwatch.ingest.messaging;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

import io.maskwatch.events.EventCodec;
import io.maskwatch.events.Topics;
import io.maskwatch.ingest.KafkaTestSupport;
import io.maskwatch.ingest.ServiceTopics;
import io.maskwatch.testing.KafkaBrokerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * An instance that starts after an upload's verdicts were written (an upload accepted by another
 * replica, or just before this one's consumer got its partitions) still knows the result.
 */
@QuarkusTest
@TestProfile(EarlyVerdictTest.VerdictWrittenBeforeStart.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(ServiceTopics.class)
class EarlyVerdictTest {

  public static class VerdictWrittenBeforeStart implements QuarkusTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(EarlyVerdict.class));
    }
  }

  /** Writes the verdicts of an upload before the service starts. */
  public static class EarlyVerdict implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
      String uploadId = UUID.randomUUID().toString();
      try (KafkaCompanion kafka = new KafkaCompanion(KafkaBrokerResource.bootstrapServers())) {
        KafkaTestSupport.produce(
            kafka,
            Topics.VERDICTS,
            "upload",
            EventCodec.VERDICTS.encode(
                KafkaTestSupport.uploadVerdicts(uploadId, UUID.randomUUID().toString())));
      }
      return Map.of("test.early-upload-id", uploadId);
    }

    @Override
    public void stop() {}
  }

  @ConfigProperty(name = "test.early-upload-id")
  String uploadId;

  @Test
  void knowsTheResultOfAnUploadWhoseVerdictsWereWrittenBeforeItStarted() {
    await()
        .atMost(KafkaTestSupport.DEADLINE)
        .untilAsserted(
            () ->
                given()
                    .when()
                    .get("/api/uploads/" + uploadId)
                    .then()
                    .statusCode(200)
                    .body("status", is("done"))
                    .body("faces[0].label", is("without_mask")));
  }
}
