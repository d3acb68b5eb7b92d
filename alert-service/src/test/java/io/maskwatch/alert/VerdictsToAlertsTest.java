package io.maskwatch.alert;

import static io.maskwatch.alert.support.Api.given;
import static io.maskwatch.alert.support.Pipeline.verdict;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

import io.maskwatch.alert.support.Pipeline;
import io.maskwatch.alert.support.VocScene;
import io.maskwatch.events.Alert;
import io.maskwatch.events.BoundingBox;
import io.maskwatch.events.EventCodec;
import io.maskwatch.events.FaceLabel;
import io.maskwatch.events.Frame;
import io.maskwatch.events.FrameRef;
import io.maskwatch.events.Topics;
import io.maskwatch.events.Verdicts;
import io.maskwatch.testing.KafkaBrokerResource;
import io.maskwatch.testing.PostgresResource;
import io.maskwatch.vision.image.Annotator;
import io.maskwatch.vision.image.Images;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;

/**
 * The path from {@code verdicts} to stored alerts, {@code alerts} and the REST API, on a real Kafka
 * broker and a real PostgreSQL, with real photos and their hand-annotated faces.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(PostgresResource.class)
class VerdictsToAlertsTest {

  private static final Duration PATIENCE = Duration.ofSeconds(60);

  private static Pipeline pipeline;

  @BeforeAll
  static void connect() {
    pipeline = new Pipeline();
  }

  @AfterAll
  static void disconnect() {
    pipeline.close();
  }

  @Test
  void anUnmaskedFaceInAnUploadedPhotoRaisesOneAlertThatIsStoredPublishedAndDrawn() {
    // An upload is one picture: each face is a one-frame track, decided on that frame.
    VocScene scene =
        VocScene.first(
            "an unmasked and a masked face", s -> s.has("without_mask") && s.has("with_mask"));
    VocScene.Face unmasked = scene.face("without_mask");
    VocScene.Face masked = scene.face("with_mask");
    String camera = Pipeline.newCamera("gate");
    Frame frame = Pipeline.upload(camera, scene);
    FrameRef ref = pipeline.publishFrame(frame);
    pipeline.publishVerdicts(
        Pipeline.verdicts(
            frame,
            ref,
            List.of(
                verdict(0, masked, FaceLabel.with_mask, 0.91f),
                verdict(1, unmasked, FaceLabel.without_mask, 0.97f))));

    // Stored and listed: exactly one alert, for the unmasked face.
    List<Map<String, Object>> alerts = awaitAlerts(camera, 1);
    Map<String, Object> alert = alerts.get(0);
    assertThat(alert)
        .containsEntry("cameraId", camera)
        .containsEntry("frameId", frame.getFrameId())
        .containsEntry("faceIndex", 1)
        .containsEntry("label", "without_mask")
        .containsEntry("confidence", 0.97f)
        .containsEntry(
            "box",
            Map.of(
                "x", unmasked.x(),
                "y", unmasked.y(),
                "width", unmasked.width(),
                "height", unmasked.height()));
    assertThat((String) alert.get("raisedAt")).endsWith("Z");

    // Published to alerts, keyed by the camera, with the same id and the frame's position.
    try (ConsumerTask<String, byte[]> published =
        pipeline.consume(Topics.ALERTS, record -> camera.equals(record.key()))) {
      published.awaitRecords(1, PATIENCE);
      Alert event = Pipeline.decode(EventCodec.ALERT, published.getFirstRecord().value());
      assertThat(event.getAlertId()).isEqualTo(alert.get("alertId"));
      assertThat(event.getFrameId()).isEqualTo(frame.getFrameId());
      assertThat(event.getFrame()).isEqualTo(ref);
      assertThat(event.getFaceIndex()).isEqualTo(1);
      assertThat(event.getLabel()).isEqualTo(FaceLabel.without_mask);
      assertThat(event.getBox())
          .isEqualTo(
              new BoundingBox(unmasked.x(), unmasked.y(), unmasked.width(), unmasked.height()));
    }

    // The frame with both faces.
    JsonPath stored =
        given()
            .get("/api/frames/{id}", frame.getFrameId())
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(stored.getString("cameraId")).isEqualTo(camera);
    assertThat(stored.getString("source")).isEqualTo("upload");
    assertThat(stored.getInt("width")).isEqualTo(frame.getWidth());
    assertThat(stored.getInt("height")).isEqualTo(frame.getHeight());
    assertThat(stored.getString("model.name")).isEqualTo(Pipeline.MODEL.getName());
    assertThat(stored.getString("model.sha256")).isEqualTo(Pipeline.MODEL.getSha256());
    assertThat(stored.getString("frame.topic")).isEqualTo(Topics.FRAMES);
    assertThat(stored.getInt("frame.partition")).isEqualTo(ref.getPartition());
    assertThat(stored.getLong("frame.offset")).isEqualTo(ref.getOffset());
    assertThat(stored.getList("faces.label")).containsExactly("with_mask", "without_mask");
    assertThat(stored.getList("faces.index")).containsExactly(0, 1);
    assertThat(stored.getInt("faces[0].box.x")).isEqualTo(masked.x());
    assertThat(stored.getInt("faces[1].box.width")).isEqualTo(unmasked.width());
    assertThat(stored.getFloat("faces[1].detectorScore")).isEqualTo(0.87f);
    // Two faces in one frame: two tracks.
    assertThat(stored.getList("faces.trackId", String.class))
        .hasSize(2)
        .doesNotContainNull()
        .doesNotHaveDuplicates();
    assertThat(alert.get("trackId")).isEqualTo(stored.getString("faces[1].trackId"));

    // The picture read back from Kafka and annotated.
    byte[] png =
        given()
            .get("/api/frames/{id}/annotated.png", frame.getFrameId())
            .then()
            .statusCode(200)
            .contentType("image/png")
            .extract()
            .asByteArray();
    Mat annotated = Images.decode(png);
    Mat original = Images.decode(scene.bytes());
    assertThat(annotated.cols()).isEqualTo(frame.getWidth());
    assertThat(annotated.rows()).isEqualTo(frame.getHeight());
    Rect violator = new Rect(unmasked.x(), unmasked.y(), unmasked.width(), unmasked.height());
    assertThat(Core.norm(annotated.submat(violator), original.submat(violator))).isPositive();
    assertThat(new Scalar(annotated.get(unmasked.y() + unmasked.height() / 2, unmasked.x())))
        .isEqualTo(Annotator.colour("without_mask"));
    assertThat(new Scalar(annotated.get(masked.y() + masked.height() / 2, masked.x())))
        .isEqualTo(Annotator.colour("with_mask"));
  }

  @Test
  void theSameVerdictsDeliveredTwiceKeepOneAlertRowAndRepublishTheSameAlertId() {
    VocScene scene = VocScene.first("an unmasked face", s -> s.has("without_mask"));
    String camera = Pipeline.newCamera("hall");
    Frame frame = Pipeline.upload(camera, scene);
    FrameRef ref = pipeline.publishFrame(frame);
    Verdicts verdicts =
        Pipeline.verdicts(
            frame,
            ref,
            List.of(verdict(0, scene.face("without_mask"), FaceLabel.without_mask, 0.8f)));

    pipeline.publishVerdicts(verdicts);
    pipeline.publishVerdicts(verdicts);

    try (ConsumerTask<String, byte[]> published =
        pipeline.consume(Topics.ALERTS, record -> camera.equals(record.key()))) {
      published.awaitRecords(2, PATIENCE);
      assertThat(published.getRecords())
          .extracting(record -> Pipeline.decode(EventCodec.ALERT, record.value()).getAlertId())
          .containsOnly(
              Pipeline.decode(EventCodec.ALERT, published.getFirstRecord().value()).getAlertId());
    }
    List<Map<String, Object>> alerts = awaitAlerts(camera, 1);
    assertThat(alerts).hasSize(1);
    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    assertThat(metrics).contains("maskwatch_verdicts_redelivered_total");
  }

  @Test
  void aMaskWornIncorrectlyRaisesAnAlertToo() {
    VocScene scene = VocScene.first("a mask worn incorrectly", s -> s.has("mask_weared_incorrect"));
    String camera = Pipeline.newCamera("ward");
    Frame frame = Pipeline.upload(camera, scene);
    FrameRef ref = pipeline.publishFrame(frame);
    pipeline.publishVerdicts(
        Pipeline.verdicts(
            frame,
            ref,
            List.of(
                verdict(
                    0,
                    scene.face("mask_weared_incorrect"),
                    FaceLabel.mask_weared_incorrect,
                    0.66f))));

    List<Map<String, Object>> alerts = awaitAlerts(camera, 1);
    assertThat(alerts.get(0)).containsEntry("label", "mask_weared_incorrect");
    List<Map<String, Object>> byLabel =
        given()
            .queryParam("cameraId", camera)
            .queryParam("label", "mask_weared_incorrect")
            .get("/api/alerts")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("$");
    assertThat(byLabel).hasSize(1);
    assertThat(
            given()
                .queryParam("cameraId", camera)
                .queryParam("label", "without_mask")
                .get("/api/alerts")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$"))
        .isEmpty();
  }

  @Test
  void aFrameWithoutFacesIsStoredAndRaisesNoAlert() {
    VocScene scene = VocScene.first("any photo", s -> true);
    String camera = Pipeline.newCamera("empty");
    Frame frame = Pipeline.upload(camera, scene);
    FrameRef ref = pipeline.publishFrame(frame);
    pipeline.publishVerdicts(Pipeline.verdicts(frame, ref, List.of()));

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                given()
                    .get("/api/frames/{id}", frame.getFrameId())
                    .then()
                    .statusCode(200)
                    .body("faces.size()", is(0)));
    assertThat(alertsOf(camera)).isEmpty();
  }

  @Test
  void malformedVerdictsGoToDeadLettersWithTheReasonAndTheNextMessageIsStillProcessed() {
    VocScene scene = VocScene.first("an unmasked face", s -> s.has("without_mask"));
    String camera = Pipeline.newCamera("dock");
    byte[] garbage = ("not verdicts from " + camera).getBytes(StandardCharsets.UTF_8);
    Frame frame = Pipeline.upload(camera, scene);
    FrameRef ref = pipeline.publishFrame(frame);
    VocScene.Face face = scene.face("without_mask");
    Verdicts twice =
        Pipeline.verdicts(
            frame,
            ref,
            List.of(
                verdict(0, face, FaceLabel.without_mask, 0.9f),
                verdict(0, face, FaceLabel.with_mask, 0.9f)));
    Frame next = Pipeline.upload(camera, scene);
    FrameRef nextRef = pipeline.publishFrame(next);

    pipeline.publishRaw(camera, garbage);
    pipeline.publishVerdicts(twice);
    pipeline.publishVerdicts(
        Pipeline.verdicts(next, nextRef, List.of(verdict(0, face, FaceLabel.without_mask, 0.9f))));

    try (ConsumerTask<String, byte[]> dead =
        pipeline.consume(Topics.DEAD_LETTERS, record -> camera.equals(record.key()))) {
      dead.awaitRecords(2, PATIENCE);
      ConsumerRecord<String, byte[]> unreadable = dead.getRecords().get(0);
      assertThat(unreadable.value()).isEqualTo(garbage);
      assertThat(header(unreadable, "dead-letter-topic")).isEqualTo(Topics.VERDICTS);
      assertThat(header(unreadable, "dead-letter-reason")).contains("Verdicts");
      ConsumerRecord<String, byte[]> invalid = dead.getRecords().get(1);
      assertThat(header(invalid, "dead-letter-reason"))
          .contains(frame.getFrameId())
          .contains("face index 0 appears more than once");
    }
    List<Map<String, Object>> alerts = awaitAlerts(camera, 1);
    assertThat(alerts.get(0)).containsEntry("frameId", next.getFrameId());
    given().get("/api/frames/{id}", frame.getFrameId()).then().statusCode(404);
  }

  private static List<Map<String, Object>> awaitAlerts(String camera, int count) {
    await().atMost(PATIENCE).until(() -> alertsOf(camera).size() >= count);
    return alertsOf(camera);
  }

  static List<Map<String, Object>> alertsOf(String camera) {
    return given()
        .queryParam("cameraId", camera)
        .get("/api/alerts")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("$");
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    assertThat(header).as("header " + name).isNotNull();
    return new String(header.value(), StandardCharsets.UTF_8);
  }
}
