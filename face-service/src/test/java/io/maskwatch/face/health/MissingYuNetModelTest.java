package io.maskwatch.face.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.maskwatch.testing.KafkaBrokerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code detector=yunet} with no model file: not ready, and the reason says which key to set. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@TestProfile(MissingYuNetModelTest.NoModel.class)
class MissingYuNetModelTest {

  static final String MISSING = "/nonexistent/models/yunet-legacy.onnx";

  public static class NoModel implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "maskwatch.face.detector",
          "yunet",
          "maskwatch.face.yunet.model",
          MISSING,
          "mp.messaging.incoming.frames.group.id",
          "face-service-without-yunet");
    }
  }

  @Test
  void isNotReadyAndNamesTheFileAndTheKey() {
    given()
        .when()
        .get("/q/health/ready")
        .then()
        .statusCode(503)
        .body("checks.find { it.name == 'face-detector' }.status", equalTo("DOWN"))
        .body("checks.find { it.name == 'face-detector' }.data.detector", equalTo("yunet"))
        .body(
            "checks.find { it.name == 'face-detector' }.data.reason",
            containsString("YuNet model file not found: " + MISSING))
        .body(
            "checks.find { it.name == 'face-detector' }.data.reason",
            containsString("maskwatch.face.yunet.model"));
  }
}
