package io.maskwatch.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

import io.maskwatch.testing.KafkaBrokerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(ServiceTopics.class)
class HealthAndMetricsTest {

  @Test
  void readyOnceKafkaIsReachable() {
    await()
        .atMost(KafkaTestSupport.DEADLINE)
        .untilAsserted(
            () ->
                given()
                    .when()
                    .get("/q/health/ready")
                    .then()
                    .statusCode(200)
                    .body("status", is("UP")));
    given().when().get("/q/health/live").then().statusCode(200).body("status", is("UP"));
  }

  @Test
  void countsUploadsByOutcomeAndTimesPublishing() {
    double accepted = metric("maskwatch_uploads_total{outcome=\"accepted\"}");
    double rejectedType = metric("maskwatch_uploads_total{outcome=\"rejected_type\"}");
    double rejectedCorrupt = metric("maskwatch_uploads_total{outcome=\"rejected_corrupt\"}");
    double published = metric("maskwatch_upload_publish_seconds_count{outcome=\"success\"}");

    given()
        .contentType("image/jpeg")
        .body(TestImages.bytes(TestImages.photo(3)))
        .when()
        .post("/api/uploads")
        .then()
        .statusCode(202);
    given().contentType("text/plain").body("no").when().post("/api/uploads").then().statusCode(415);
    given()
        .contentType("image/jpeg")
        .body(TestImages.truncated(TestImages.bytes(TestImages.photo(3)), 0.3))
        .when()
        .post("/api/uploads")
        .then()
        .statusCode(400);

    assertThat(metric("maskwatch_uploads_total{outcome=\"accepted\"}")).isEqualTo(accepted + 1);
    assertThat(metric("maskwatch_uploads_total{outcome=\"rejected_type\"}"))
        .isEqualTo(rejectedType + 1);
    assertThat(metric("maskwatch_uploads_total{outcome=\"rejected_corrupt\"}"))
        .isEqualTo(rejectedCorrupt + 1);
    assertThat(metric("maskwatch_upload_publish_seconds_count{outcome=\"success\"}"))
        .isEqualTo(published + 1);
    assertThat(metric("maskwatch_uploads_total{outcome=\"rejected_size\"}")).isNotNegative();
    assertThat(metric("maskwatch_uploads_tracked")).isPositive();
  }

  /** A sample's value in the Prometheus text at /q/metrics; fails when it is not there. */
  static double metric(String sample) {
    String text = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
    Matcher value =
        Pattern.compile("^" + Pattern.quote(sample) + " (\\S+)$", Pattern.MULTILINE).matcher(text);
    assertThat(value.find()).as("%s in /q/metrics", sample).isTrue();
    return Double.parseDouble(value.group(1));
  }
}
