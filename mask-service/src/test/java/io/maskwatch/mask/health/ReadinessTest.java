package io.maskwatch.mask.health;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.maskwatch.testing.KafkaBrokerResource;
import io.maskwatch.vision.model.ModelDigest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The service under Quarkus finds DJL's TensorFlow engine (ServiceLoader), loads the shipped model
 * with the native library from TENSORFLOW_LIBRARY_PATH, and only then says it is ready.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class ReadinessTest {

  @Test
  void isReadyOnceTheShippedModelIsLoadedAndShowsWhichModelItIs() {
    String home = System.getProperty("maskwatch.home");
    assumeTrue(home != null, "system property maskwatch.home is not set: no shipped model");
    Path modelDir = Path.of(home, "models", "mask-classifier").toAbsolutePath().normalize();

    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> given().get("/q/health/ready").statusCode() == 200);

    JsonPath health = given().get("/q/health/ready").then().statusCode(200).extract().jsonPath();
    assertThat(health.getString("status")).isEqualTo("UP");
    Map<String, Object> data =
        health.getMap("checks.find { it.name == '" + ModelReadinessCheck.NAME + "' }.data");
    assertThat(data)
        .containsEntry("state", "ready")
        .containsEntry("name", "mask-classifier")
        .containsEntry("version", "1.0.0")
        .containsEntry("sha256", ModelDigest.sha256(modelDir))
        .containsEntry("modelDir", modelDir.toString())
        .containsEntry("labels", "with_mask,without_mask,mask_weared_incorrect")
        .containsEntry("inputSize", 64)
        .containsEntry("intraOpThreads", 1)
        // unset: one inter-op thread per worker, so the workers' session calls run side by side
        .containsEntry("interOpThreads", data.get("workers"));
    // Set before the engine started, which is what makes TF size its pools this way.
    assertThat(System.getProperty("ai.djl.tensorflow.num_intraop_threads")).isEqualTo("1");
    assertThat(System.getProperty("ai.djl.tensorflow.num_interop_threads"))
        .isEqualTo(String.valueOf(data.get("workers")));
    assertThat(
            health.getString(
                "checks.find { it.name == '" + ModelReadinessCheck.NAME + "' }.status"))
        .isEqualTo("UP");
  }

  @Test
  void isAliveWhateverTheModel() {
    given().get("/q/health/live").then().statusCode(200);
  }
}
