package io.maskwatch.mask.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.maskwatch.events.Faces;
import io.maskwatch.testing.KafkaBrokerResource;
import io.maskwatch.vision.testing.SharedData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What /q/metrics shows once frames went through: counters per label and frame, stage timers. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class MetricsTest {

  private final Pipeline pipeline = new Pipeline();

  @Test
  void countsClassifiedFacesByLabelAndFramesAndTimesEachStage() throws IOException {
    byte[] crop = Files.readAllBytes(SharedData.faces("prajnasb", "with_mask", 1).get(0));
    String camera = Pipeline.unique("cam");
    Faces faces = Pipeline.faces(camera, Pipeline.unique("frame"), List.of(crop, crop));
    pipeline.send(faces);
    pipeline.send(camera, new byte[] {0, 1, 2});
    pipeline.verdictsOf(camera, 1);
    pipeline.deadLetters(camera, 1);

    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();

    double faceCount =
        value(metrics, "maskwatch_faces_classified_total{label=\"with_mask\"}")
            + value(metrics, "maskwatch_faces_classified_total{label=\"without_mask\"}")
            + value(metrics, "maskwatch_faces_classified_total{label=\"mask_weared_incorrect\"}");
    assertThat(faceCount).isGreaterThanOrEqualTo(2);
    assertThat(value(metrics, "maskwatch_frames_classified_total")).isGreaterThanOrEqualTo(1);
    assertThat(value(metrics, "maskwatch_frames_rejected_total")).isGreaterThanOrEqualTo(1);
    assertThat(value(metrics, "maskwatch_crop_decode_seconds_count")).isGreaterThanOrEqualTo(1);
    assertThat(value(metrics, "maskwatch_classify_seconds_count")).isGreaterThanOrEqualTo(1);
  }

  /** The value of one series in Prometheus text, or the test fails saying it is missing. */
  private static double value(String metrics, String series) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + "\\s+(\\S+)$").matcher(metrics);
    assertThat(m.find()).as("series %s in /q/metrics", series).isTrue();
    return Double.parseDouble(m.group(1));
  }
}
