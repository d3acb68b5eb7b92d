package io.maskwatch.mask.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.maskwatch.events.Faces;
import io.maskwatch.events.Verdicts;
import io.maskwatch.testing.KafkaBrokerResource;
import io.maskwatch.vision.model.ModelDigest;
import io.maskwatch.vision.testing.SharedData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/model/reload}: a new model (here the shipped one, copied elsewhere) is loaded,
 * warmed up and swapped in while the consumer runs; a path without a model is refused with the
 * reason and the current model keeps serving.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class ModelReloadTest {

  @Test
  void reloadsFromANewPathAndRefusesOneWithoutAModel() throws IOException {
    String home = System.getProperty("maskwatch.home");
    assumeTrue(home != null, "system property maskwatch.home is not set: no shipped model");
    Path shipped = Path.of(home, "models", "mask-classifier");
    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> given().get("/q/health/ready").statusCode() == 200);
    Path copy = Files.createTempDirectory("mask-model-");
    copyTree(shipped, copy);

    JsonPath reloaded =
        given()
            .queryParam("path", copy.toString())
            .post("/api/model/reload")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(reloaded.getString("modelDir"))
        .isEqualTo(copy.toAbsolutePath().normalize().toString());
    assertThat(reloaded.getString("sha256")).isEqualTo(ModelDigest.sha256(copy));
    JsonPath health = given().get("/q/health/ready").then().statusCode(200).extract().jsonPath();
    assertThat(health.getString("checks.find { it.name == 'mask-classifier' }.data.modelDir"))
        .isEqualTo(copy.toAbsolutePath().normalize().toString());

    Path nowhere = copy.resolveSibling(copy.getFileName() + "-missing");
    String refused =
        given()
            .queryParam("path", nowhere.toString())
            .post("/api/model/reload")
            .then()
            .statusCode(422)
            .extract()
            .jsonPath()
            .getString("error");
    assertThat(refused).isEqualTo("model directory " + nowhere + " does not exist");

    // Still serving, with the model swapped in: a frame sent now is classified by it.
    byte[] crop = Files.readAllBytes(SharedData.faces("prajnasb", "with_mask", 1).get(0));
    String camera = io.maskwatch.mask.messaging.PipelineAccess.unique("cam");
    Faces faces =
        io.maskwatch.mask.messaging.PipelineAccess.faces(camera, "after-reload", List.of(crop));
    Verdicts verdicts = io.maskwatch.mask.messaging.PipelineAccess.sendAndAwait(faces);
    assertThat(verdicts.getVerdicts()).hasSize(1);
    assertThat(verdicts.getModel().getSha256()).isEqualTo(ModelDigest.sha256(copy));

    // Back to the configured model for the other tests.
    given().post("/api/model/reload").then().statusCode(200);
    given().queryParam("path", shipped.toString()).post("/api/model/reload").then().statusCode(200);
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (var files = Files.walk(from)) {
      for (Path source : files.toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    }
  }
}
