package io.maskwatch.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.maskwatch.testing.KafkaBrokerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A deployment whose Kafka takes smaller messages than the service's upload limit. */
@QuarkusTest
@TestProfile(KafkaMessageLimitTest.SmallKafkaMessages.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(ServiceTopics.class)
class KafkaMessageLimitTest {

  static final int KAFKA_LIMIT = 200_000;

  public static class SmallKafkaMessages implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("mp.messaging.outgoing.frames.max.request.size", String.valueOf(KAFKA_LIMIT));
    }
  }

  @Test
  void anUploadWithinTheServiceLimitButLargerThanKafkaTakesIsAnswered413() {
    byte[] large = TestImages.reencode(TestImages.bytes(TestImages.photo(5)), "png");
    assertThat(large.length).isGreaterThan(KAFKA_LIMIT);

    given()
        .contentType("image/png")
        .body(large)
        .when()
        .post("/api/uploads")
        .then()
        .statusCode(413)
        .body("error", containsString("more than Kafka accepts for one frame"));
  }
}
