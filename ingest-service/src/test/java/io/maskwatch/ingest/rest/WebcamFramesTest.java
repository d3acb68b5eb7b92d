package io.maskwatch.ingest.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;

import io.maskwatch.events.EventCodec;
import io.maskwatch.events.Frame;
import io.maskwatch.events.FrameSource;
import io.maskwatch.events.Topics;
import io.maskwatch.ingest.KafkaTestSupport;
import io.maskwatch.ingest.ServiceTopics;
import io.maskwatch.ingest.TestImages;
import io.maskwatch.ingest.TestVideos;
import io.maskwatch.testing.KafkaBrokerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Frames posted by a webcam ({@code POST /api/cameras/{id}/frames}) with real photos, every
 * rejection, and motion gating registered through the API on a real looping file camera.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(ServiceTopics.class)
class WebcamFramesTest {

  private KafkaCompanion kafka;

  @BeforeEach
  void connect() {
    kafka = new KafkaCompanion(KafkaBrokerResource.bootstrapServers());
  }

  @AfterEach
  void disconnect() {
    kafka.close();
  }

  static String register(String json) {
    String id = "cam-" + UUID.randomUUID().toString().substring(0, 8);
    given()
        .contentType(ContentType.JSON)
        .body(json.formatted(id))
        .post("/api/cameras")
        .then()
        .statusCode(201);
    return id;
  }

  static String webcam(int maxWidth, int maxHeight, boolean enabled) {
    return register(
        """
        {"id": "%%s", "name": "Phone", "site": "lab", "url": "webcam:", "sampleFps": 4,
         "maxWidth": %d, "maxHeight": %d, "enabled": %s}
        """
            .formatted(maxWidth, maxHeight, enabled));
  }

  private List<Frame> frames(String cameraId, int count) {
    ConsumerTask<String, byte[]> task =
        kafka
            .consume(String.class, byte[].class)
            .withGroupId("test-" + UUID.randomUUID())
            .withProp(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")
            .fromTopics(
                Set.of(Topics.FRAMES),
                records -> records.filter(r -> cameraId.equals(r.key())).select().first(count));
    try {
      task.awaitCompletion(Duration.ofSeconds(60));
      return task.getRecords().stream().map(r -> EventCodec.FRAME.decode(r.value())).toList();
    } finally {
      task.stop();
    }
  }

  @Test
  void aPostedJpegIsPublishedAsAWebcamFrameScaledToTheCameraAndCounted() {
    String id = webcam(320, 240, true);
    byte[] photo = TestImages.bytes(TestImages.photo(2));
    BufferedImage truth = TestImages.decode(photo);
    assertThat(truth.getWidth()).isGreaterThan(320);

    String frameId =
        given()
            .contentType("image/jpeg")
            .body(photo)
            .post("/api/cameras/" + id + "/frames")
            .then()
            .statusCode(202)
            .body("cameraId", is(id))
            .extract()
            .path("frameId");
    // Streaming while frames keep coming (stalled after stall-timeout, 3 s in tests, without one).
    given()
        .get("/api/cameras/" + id + "/status")
        .then()
        .statusCode(200)
        .body("state", equalTo("streaming"))
        .body("framesSent", is(1))
        .body("instance", org.hamcrest.Matchers.notNullValue());

    Frame frame = frames(id, 1).get(0);
    assertThat(frame.getFrameId()).isEqualTo(frameId);
    assertThat(frame.getSource()).isEqualTo(FrameSource.webcam);
    assertThat(frame.getCameraId()).isEqualTo(id);
    assertThat(frame.getContentType()).isEqualTo("image/jpeg");
    assertThat(frame.getWidth()).isLessThanOrEqualTo(320);
    assertThat(frame.getHeight()).isLessThanOrEqualTo(240);
    assertThat(frame.getAttributes())
        .containsEntry("site", "lab")
        .containsEntry("cameraName", "Phone");
    byte[] jpeg = new byte[frame.getImage().remaining()];
    frame.getImage().duplicate().get(jpeg);
    assertThat(TestImages.decode(jpeg).getWidth()).isEqualTo(frame.getWidth());

    // Corrupt frames are refused and counted as dropped, without stopping the camera.
    given()
        .contentType("image/jpeg")
        .body(TestImages.truncated(photo, 0.5))
        .post("/api/cameras/" + id + "/frames")
        .then()
        .statusCode(400)
        .body("error", containsString(id));
    given()
        .contentType("image/jpeg")
        .body(new byte[0])
        .post("/api/cameras/" + id + "/frames")
        .then()
        .statusCode(400)
        .body("error", containsString("empty body"));
    given()
        .contentType("image/jpeg")
        .body(TestImages.reencode(photo, "png"))
        .post("/api/cameras/" + id + "/frames")
        .then()
        .statusCode(400)
        .body("error", containsString("not a JPEG"));
    given()
        .contentType("text/plain")
        .body("hello")
        .post("/api/cameras/" + id + "/frames")
        .then()
        .statusCode(415);

    given()
        .get("/api/cameras/" + id + "/status")
        .then()
        .statusCode(200)
        .body("framesSent", is(1))
        .body("framesDropped", is(3))
        .body("lastError", containsString("not a JPEG"));
    ConsumerRecord<String, byte[]> reported =
        KafkaTestSupport.awaitRecord(
            kafka,
            Topics.CAMERA_STATUS,
            r ->
                id.equals(r.key())
                    && io.maskwatch.ingest.messaging.CameraEvents.decodeStatus(r.value())
                            .status()
                            .framesSent()
                        == 1);
    assertThat(reported).isNotNull();
  }

  @Test
  void framesForUnknownPulledOrDisabledCamerasAreRefused() {
    byte[] photo = TestImages.bytes(TestImages.photo(0));
    given()
        .contentType("image/jpeg")
        .body(photo)
        .post("/api/cameras/no-such-camera/frames")
        .then()
        .statusCode(404);

    String pulled =
        register(
            """
            {"id": "%s", "name": "Door", "site": "lab", "url": "rtsp://127.0.0.1:1/none"}
            """);
    given()
        .contentType("image/jpeg")
        .body(photo)
        .post("/api/cameras/" + pulled + "/frames")
        .then()
        .statusCode(409)
        .body("error", containsString("only webcam cameras"));

    String disabled = webcam(640, 480, false);
    given()
        .contentType("image/jpeg")
        .body(photo)
        .post("/api/cameras/" + disabled + "/frames")
        .then()
        .statusCode(409)
        .body("error", containsString("disabled"));

    given().delete("/api/cameras/" + pulled).then().statusCode(204);
    given().delete("/api/cameras/" + disabled).then().statusCode(204);
  }

  @Test
  void aWebcamCameraIsNotPulledAndItsUrlIsChecked() throws InterruptedException {
    String id = webcam(640, 480, true);
    given().get("/api/cameras/" + id).then().body("url", is("webcam:"));
    Thread.sleep(2000);
    // Nothing tried to connect to it: no replica reports it until a browser posts.
    given()
        .get("/api/cameras/" + id + "/status")
        .then()
        .body("state", is("unknown"))
        .body("lastError", org.hamcrest.Matchers.nullValue());

    given()
        .contentType(ContentType.JSON)
        .body(
            """
            {"id": "bad-webcam", "name": "x", "site": "lab", "url": "webcam:/etc/passwd"}
            """)
        .post("/api/cameras")
        .then()
        .statusCode(400)
        .body("field", is("url"));
    given().delete("/api/cameras/" + id).then().statusCode(204);
  }

  @Test
  void motionGatingIsRegisteredThroughTheApiSkipsFramesAndKeepsKeyframes() {
    String url = TestVideos.video("vtest.avi").toUri().toString();
    String id =
        register(
            """
            {"id": "%%s", "name": "Hall", "site": "lab", "url": "%s", "sampleFps": 5,
             "maxWidth": 640, "maxHeight": 480,
             "motionGating": {"enabled": true, "threshold": 60, "keyframeSeconds": 1}}
            """
                .formatted(url));
    given()
        .get("/api/cameras/" + id)
        .then()
        .body("motionGating.enabled", is(true))
        .body("motionGating.threshold", is(60.0f))
        .body("motionGating.keyframeSeconds", is(1.0f));

    List<Frame> frames = frames(id, 5);
    for (int i = 1; i < frames.size(); i++) {
      Duration gap =
          Duration.between(frames.get(i - 1).getCapturedAt(), frames.get(i).getCapturedAt());
      assertThat(gap).isBetween(Duration.ofMillis(900), Duration.ofMillis(2000));
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                given()
                    .get("/api/cameras/" + id + "/status")
                    .then()
                    .body("framesSkipped", greaterThan(8))
                    .body("state", is("streaming")));
    given().delete("/api/cameras/" + id).then().statusCode(204);

    given()
        .contentType(ContentType.JSON)
        .body(
            """
            {"id": "gated", "name": "x", "site": "lab", "url": "rtsp://c/1",
             "motionGating": {"enabled": true, "threshold": 0}}
            """)
        .post("/api/cameras")
        .then()
        .statusCode(400)
        .body("field", is("motionGating.threshold"));
    given()
        .contentType(ContentType.JSON)
        .body(
            """
            {"id": "gated", "name": "x", "site": "lab", "url": "rtsp://c/1",
             "motionGating": {"enabled": true, "keyframeSeconds": 0.01}}
            """)
        .post("/api/cameras")
        .then()
        .statusCode(400)
        .body("field", is("motionGating.keyframeSeconds"));
  }
}
