package io.maskwatch.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.maskwatch.testing.KafkaBrokerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The service with a {@code frames} producer that cannot reach any broker. */
@QuarkusTest
@TestProfile(PublishFailureTest.FramesBrokerUnreachable.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(ServiceTopics.class)
class PublishFailureTest {

  public static class FramesBrokerUnreachable implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "mp.messaging.outgoing.frames.bootstrap.servers",
          "localhost:" + closedPort(),
          "mp.messaging.outgoing.frames.max.block.ms",
          "1500");
    }
  }

  @Test
  void anUploadKafkaDoesNotTakeIsAnswered503AndNotCountedAsAccepted() {
    double failed =
        HealthAndMetricsTest.metric("maskwatch_uploads_total{outcome=\"failed_publish\"}");
    double accepted = HealthAndMetricsTest.metric("maskwatch_uploads_total{outcome=\"accepted\"}");

    given()
        .contentType("image/jpeg")
        .body(TestImages.bytes(TestImages.photo(4)))
        .when()
        .post("/api/uploads")
        .then()
        .statusCode(503)
        .contentType(ContentType.JSON)
        .body("error", containsString("could not be handed to the pipeline, try again later"))
        .body("error", containsString("Kafka did not take the frame"));

    assertThat(HealthAndMetricsTest.metric("maskwatch_uploads_total{outcome=\"failed_publish\"}"))
        .isEqualTo(failed + 1);
    assertThat(HealthAndMetricsTest.metric("maskwatch_uploads_total{outcome=\"accepted\"}"))
        .isEqualTo(accepted);
  }

  @Test
  void notReadyWhileTheFramesBrokerIsUnreachable() {
    given().when().get("/q/health/ready").then().statusCode(503);
  }

  private static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
