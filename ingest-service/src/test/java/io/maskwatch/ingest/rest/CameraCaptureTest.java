package io.maskwatch.ingest.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;

import io.maskwatch.events.EventCodec;
import io.maskwatch.events.Frame;
import io.maskwatch.events.FrameSource;
import io.maskwatch.events.Topics;
import io.maskwatch.ingest.CameraServer;
import io.maskwatch.ingest.KafkaTestSupport;
import io.maskwatch.ingest.ServiceTopics;
import io.maskwatch.ingest.TestImages;
import io.maskwatch.ingest.TestVideos;
import io.maskwatch.ingest.messaging.CameraEvents;
import io.maskwatch.testing.KafkaBrokerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cameras registered through the API are pulled by the service: real frames of
 * ../shared/data/videos from a test MJPEG server and from a file arrive in {@code frames} at the
 * configured rate, their status is reported, and a camera whose server goes away comes back.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(ServiceTopics.class)
class CameraCaptureTest {

  private KafkaCompanion companion;
  private CameraServer server;

  @BeforeEach
  void setUp() throws Exception {
    companion = new KafkaCompanion(KafkaBrokerResource.bootstrapServers());
    server = new CameraServer(TestVideos.jpegFrames("vtest.avi", 20), 10, null).start();
  }

  @AfterEach
  void tearDown() {
    server.stop();
    companion.close();
  }

  private static String register(String url, double fps, int maxWidth, int maxHeight) {
    String id = "cam-" + UUID.randomUUID().toString().substring(0, 8);
    given()
        .contentType(ContentType.JSON)
        .body(
            """
            {"id": "%s", "name": "test", "site": "lab", "url": "%s", "sampleFps": %s,
             "maxWidth": %d, "maxHeight": %d}
            """
                .formatted(id, url, fps, maxWidth, maxHeight))
        .post("/api/cameras")
        .then()
        .statusCode(201);
    return id;
  }

  /** The first {@code count} frames of a camera in {@code frames}. */
  private List<Frame> frames(String cameraId, int count) {
    ConsumerTask<String, byte[]> task =
        companion
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

  private static double rate(List<Frame> frames) {
    Instant first = frames.get(0).getCapturedAt();
    Instant last = frames.get(frames.size() - 1).getCapturedAt();
    return (frames.size() - 1) * 1000.0 / Duration.between(first, last).toMillis();
  }

  @Test
  void anMjpegCameraIsPulledAtItsRateReportedAndReconnected() {
    String id = register(server.url("/stream.mjpg"), 3, 640, 360);

    List<Frame> frames = frames(id, 10);
    // At most the configured 3 fps of the 10 the server sends (loose below: a busy machine slows
    // the test server too).
    assertThat(rate(frames)).isBetween(1.5, 3.5);
    Frame frame = frames.get(0);
    assertThat(frame.getSource()).isEqualTo(FrameSource.camera);
    assertThat(frame.getContentType()).isEqualTo("image/jpeg");
    assertThat(frame.getWidth()).isEqualTo(480);
    assertThat(frame.getHeight()).isEqualTo(360);
    assertThat(frame.getAttributes()).containsEntry("site", "lab");
    byte[] jpeg = new byte[frame.getImage().remaining()];
    frame.getImage().duplicate().get(jpeg);
    assertThat(TestImages.decode(jpeg).getWidth()).isEqualTo(480);

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                given()
                    .get("/api/cameras/" + id + "/status")
                    .then()
                    .statusCode(200)
                    .body("state", equalTo("streaming"))
                    .body("fps", greaterThan(1.0f))
                    .body("framesSent", greaterThanOrEqualTo(10))
                    .body("instance", notNullValue()));
    // The replica's running totals for Prometheus count them too (every camera's, since start).
    assertThat(cameraFrames("sent")).isGreaterThanOrEqualTo(10);
    assertThat(cameraFrames("dropped")).isGreaterThanOrEqualTo(0);
    ConsumerRecord<String, byte[]> reported =
        KafkaTestSupport.awaitRecord(
            companion,
            Topics.CAMERA_STATUS,
            r ->
                id.equals(r.key())
                    && CameraEvents.decodeStatus(r.value()).status().framesSent() > 0);
    assertThat(CameraEvents.decodeStatus(reported.value()).status().state().name())
        .isEqualTo("streaming");

    // The server goes away: the camera fails and is retried; it streams again when it is back.
    server.stop();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                given()
                    .get("/api/cameras/" + id + "/status")
                    .then()
                    .body("state", org.hamcrest.Matchers.not(equalTo("streaming")))
                    .body("lastError", notNullValue()));
    int connections = server.streamConnections();
    try {
      server.start();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(server.streamConnections()).isGreaterThan(connections);
              given()
                  .get("/api/cameras/" + id + "/status")
                  .then()
                  .body("state", equalTo("streaming"));
            });
    given().delete("/api/cameras/" + id).then().statusCode(204);
  }

  @Test
  void aFileCameraLoopsTheVideo() {
    String url = TestVideos.video("syzygy126_test.avi").toUri().toString();
    String id = register(url, 2, 1280, 720);
    List<Frame> frames = frames(id, 6);
    assertThat(frames)
        .allSatisfy(
            f -> {
              assertThat(f.getWidth()).isEqualTo(1280);
              assertThat(f.getHeight()).isEqualTo(720);
              assertThat(f.getCameraId()).isEqualTo(id);
            });
    given().get("/api/cameras/" + id + "/status").then().body("state", equalTo("streaming"));
    given().delete("/api/cameras/" + id).then().statusCode(204);
  }

  private static double cameraFrames(String outcome) {
    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    Matcher m =
        Pattern.compile(
                "(?m)^maskwatch_camera_frames_total\\{[^}]*outcome=\""
                    + outcome
                    + "\"[^}]*\\} ([0-9.eE+-]+)$")
            .matcher(metrics);
    assertThat(m.find())
        .as("maskwatch_camera_frames_total{outcome=%s} in /q/metrics", outcome)
        .isTrue();
    return Double.parseDouble(m.group(1));
  }
}
