package io.maskwatch.alert.rest;

import static io.maskwatch.alert.support.Api.as;
import static io.maskwatch.alert.support.Api.given;
import static io.maskwatch.alert.support.Pipeline.verdict;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.maskwatch.alert.support.FakeIngest;
import io.maskwatch.alert.support.Pipeline;
import io.maskwatch.alert.support.VocScene;
import io.maskwatch.events.CameraDefinition;
import io.maskwatch.events.CameraState;
import io.maskwatch.events.CameraStatus;
import io.maskwatch.events.EventCodec;
import io.maskwatch.events.FaceLabel;
import io.maskwatch.events.Frame;
import io.maskwatch.events.FrameRef;
import io.maskwatch.events.Topics;
import io.maskwatch.testing.KafkaBrokerResource;
import io.maskwatch.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /api/cameras} from the real topics and frames table, {@code /api/overview}, and the
 * forwarding of camera changes and uploads to (a stand-in for) ingest-service.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(FakeIngest.class)
class CamerasApiTest {

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
  void aCameraIsListedWithItsStatusAndLatestFrameAndCountsInTheOverview() {
    String site = "site-" + Pipeline.newCamera("ov");
    String streaming = Pipeline.newCamera("gate");
    String silent = Pipeline.newCamera("roof");
    String off = Pipeline.newCamera("yard");
    define(streaming, site, true, "rtsp://viewer:hunter2@10.0.0.9/live?token=abc&ch=1");
    define(silent, site, true, "rtsp://10.0.0.10/live");
    define(off, site, false, "rtsp://10.0.0.11/live");
    await()
        .atMost(PATIENCE)
        .untilAsserted(() -> given().get("/api/cameras/{id}", off).then().statusCode(200));
    send(
        Topics.CAMERA_STATUS,
        streaming,
        EventCodec.CAMERA_STATUS.encode(
            CameraStatus.newBuilder()
                .setCameraId(streaming)
                .setState(CameraState.streaming)
                .setFps(1.8f)
                .setFramesSent(42)
                .setFramesDropped(3)
                .setLastFrameAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .setInstance("ingest-0")
                .setReportedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .build()));
    send(Topics.CAMERA_STATUS, silent, new byte[] {9, 9, 9}); // not a status: skipped

    VocScene scene = VocScene.first("a masked face", s -> s.has("with_mask"));
    Frame frame = Pipeline.frame(streaming, scene);
    FrameRef ref = pipeline.publishFrame(frame);
    pipeline.publishVerdicts(
        Pipeline.verdicts(
            frame, ref, List.of(verdict(0, scene.face("with_mask"), FaceLabel.with_mask, 0.95f))));

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                given()
                    .get("/api/cameras/{id}", streaming)
                    .then()
                    .statusCode(200)
                    .body("state", is("streaming"))
                    .body("latestFrameId", is(frame.getFrameId())));
    JsonPath camera = given().get("/api/cameras/{id}", streaming).then().extract().jsonPath();
    assertThat(camera.getString("name")).isEqualTo("camera " + streaming);
    assertThat(camera.getString("site")).isEqualTo(site);
    assertThat(camera.getString("url"))
        .isEqualTo("rtsp://***@10.0.0.9/live?token=***&ch=1")
        .doesNotContain("hunter2");
    assertThat(camera.getBoolean("online")).isTrue();
    assertThat(camera.getBoolean("enabled")).isTrue();
    assertThat(camera.getFloat("fpsAchieved")).isEqualTo(1.8f);
    assertThat(camera.getLong("framesSent")).isEqualTo(42);
    assertThat(camera.getLong("framesDropped")).isEqualTo(3);
    assertThat(camera.getString("lastFrameAt")).isNotNull();

    given()
        .get("/api/cameras/{id}", silent)
        .then()
        .body("state", is("unknown"))
        .body("online", is(false))
        .body("latestFrameId", nullValue());
    given().get("/api/cameras/{id}", off).then().body("state", is("disabled"));
    List<String> ids = given().get("/api/cameras").then().statusCode(200).extract().path("id");
    assertThat(ids).contains(streaming, silent, off);
    given()
        .get("/api/cameras/{id}", "no-such-camera")
        .then()
        .statusCode(404)
        .body("error", containsString("no-such-camera"));

    JsonPath overview =
        as("viewer").get("/api/overview").then().statusCode(200).extract().jsonPath();
    assertThat(overview.getLong("camerasOnline")).isGreaterThanOrEqualTo(1);
    assertThat(overview.getLong("camerasOffline")).isGreaterThanOrEqualTo(1);
    assertThat(overview.getLong("openAlerts")).isGreaterThanOrEqualTo(0);
    Map<String, Object> ours =
        overview.<Map<String, Object>>getList("sites").stream()
            .filter(s -> site.equals(s.get("site")))
            .findFirst()
            .orElseThrow(() -> new AssertionError(site + " not in " + overview.prettify()));
    assertThat(((Number) ours.get("todayPeople")).longValue()).isEqualTo(1);
    assertThat(((Number) ours.get("weekPeople")).longValue()).isEqualTo(1);
    assertThat(overview.getList("trend")).isNotEmpty();
    String hour = Instant.now().truncatedTo(ChronoUnit.HOURS).toString();
    assertThat(overview.<String>getList("trend.hour")).contains(hour);

    // A tombstone removes the camera.
    send(Topics.CAMERAS, off, null);
    await()
        .atMost(PATIENCE)
        .untilAsserted(() -> given().get("/api/cameras/{id}", off).then().statusCode(404));
  }

  @Test
  void cameraChangesAreForwardedToIngestWithItsAnswer() {
    String body =
        "{\"id\":\"c1\",\"name\":\"gate\",\"site\":\"demo\",\"url\":\"rtsp://10.0.0.1/s\"}";
    as("operator")
        .contentType(ContentType.JSON)
        .body(body)
        .post("/api/cameras")
        .then()
        .statusCode(201)
        .header("Location", is("/api/cameras/c1"))
        .body("name", is("gate"));
    FakeIngest.Received got = FakeIngest.last();
    assertThat(got.method()).isEqualTo("POST");
    assertThat(got.path()).isEqualTo("/api/cameras");
    assertThat(got.text()).isEqualTo(body);
    assertThat(got.header("Content-Type")).startsWith("application/json");
    assertThat(got.header("Authorization")).as("the user's credentials stay here").isNull();
    assertThat(got.header("Cookie")).isNull();

    as("operator")
        .contentType(ContentType.JSON)
        .body("{\"id\":\"c2\"}")
        .post("/api/cameras")
        .then()
        .statusCode(400)
        .body("error", is("url is required"));
    as("operator")
        .contentType(ContentType.JSON)
        .body("{\"name\":\"gate 2\",\"url\":\"rtsp://10.0.0.1/s\"}")
        .put("/api/cameras/{id}", "c 1")
        .then()
        .statusCode(200)
        .body("name", is("gate 2"));
    assertThat(FakeIngest.last().path()).isEqualTo("/api/cameras/c%201");
    as("operator").delete("/api/cameras/{id}", "c1").then().statusCode(204);
    assertThat(FakeIngest.last().method()).isEqualTo("DELETE");
    as("operator").delete("/api/cameras/{id}", "missing").then().statusCode(404);

    int before = FakeIngest.received().size();
    as("viewer")
        .contentType(ContentType.JSON)
        .body(body)
        .post("/api/cameras")
        .then()
        .statusCode(403);
    as("viewer").delete("/api/cameras/{id}", "c1").then().statusCode(403);
    assertThat(FakeIngest.received()).as("nothing forwarded for a viewer").hasSize(before);
  }

  @Test
  void uploadsAreForwardedAsSent() {
    byte[] jpeg = new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 1, 2, 3, 0, (byte) 0xD9};
    as("operator")
        .contentType("image/jpeg")
        .header("X-File-Name", "door.jpg")
        .body(jpeg)
        .post("/api/uploads")
        .then()
        .statusCode(202)
        .body("uploadId", is("u-1"));
    FakeIngest.Received raw = FakeIngest.last();
    assertThat(raw.path()).isEqualTo("/api/uploads");
    assertThat(raw.body()).isEqualTo(jpeg);
    assertThat(raw.header("Content-Type")).startsWith("image/jpeg");
    assertThat(raw.header("X-File-Name")).isEqualTo("door.jpg");

    as("operator")
        .multiPart("file", "door.jpg", jpeg, "image/jpeg")
        .post("/api/uploads")
        .then()
        .statusCode(202);
    FakeIngest.Received form = FakeIngest.last();
    assertThat(form.header("Content-Type")).startsWith("multipart/form-data; boundary=");
    assertThat(form.text()).contains("name=\"file\"", "filename=\"door.jpg\"");

    as("viewer").get("/api/uploads/{id}", "u-1").then().statusCode(200).body("frameId", is("f-1"));
    given()
        .get("/api/uploads/{id}", "u-404")
        .then()
        .statusCode(404)
        .body("error", not(nullValue()));
    as("viewer").contentType("image/jpeg").body(jpeg).post("/api/uploads").then().statusCode(403);
  }

  private void define(String cameraId, String site, boolean enabled, String url) {
    send(
        Topics.CAMERAS,
        cameraId,
        EventCodec.CAMERA_DEFINITION.encode(
            CameraDefinition.newBuilder()
                .setCameraId(cameraId)
                .setName("camera " + cameraId)
                .setSite(site)
                .setZone("entrance")
                .setUrl(url)
                .setEnabled(enabled)
                .setUpdatedAt(Instant.now())
                .build()));
  }

  private void send(String topic, String key, byte[] value) {
    pipeline
        .kafka()
        .produce(String.class, byte[].class)
        .fromRecords(new ProducerRecord<>(topic, key, value))
        .awaitCompletion();
  }
}
