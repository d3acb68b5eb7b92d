package io.maskwatch.ingest.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.maskwatch.events.Topics;
import io.maskwatch.ingest.KafkaTestSupport;
import io.maskwatch.ingest.LogCapture;
import io.maskwatch.ingest.ServiceTopics;
import io.maskwatch.ingest.camera.CameraSpec;
import io.maskwatch.ingest.messaging.CameraEvents;
import io.maskwatch.testing.KafkaBrokerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.time.Duration;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The camera registry API on a real broker: CRUD, validation, credentials kept out of answers. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(ServiceTopics.class)
class CameraResourceTest {

  private static final String PASSWORD = "pw-" + UUID.randomUUID().toString().substring(0, 8);

  private KafkaCompanion companion;
  private LogCapture logs;

  @BeforeEach
  void setUp() {
    companion = new KafkaCompanion(KafkaBrokerResource.bootstrapServers());
    logs = LogCapture.install();
  }

  @AfterEach
  void tearDown() {
    logs.close();
    companion.close();
  }

  private static String id() {
    return "cam-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static String json(String id, String url, Object fps, boolean enabled) {
    return """
        {"id": "%s", "name": "Front door", "site": "hq", "zone": "entrance",
         "url": "%s", "sampleFps": %s, "enabled": %s}
        """
        .formatted(id, url, fps, enabled);
  }

  private static Response post(String body) {
    return given().contentType(ContentType.JSON).body(body).post("/api/cameras");
  }

  @Test
  void createReadListUpdateDeleteWithCredentialsNeverReturned() {
    String id = id();
    String url = "rtsp://admin:" + PASSWORD + "@127.0.0.1:9/live";
    post(json(id, url, 1.5, false))
        .then()
        .statusCode(201)
        .header("Location", containsString("/api/cameras/" + id))
        .body("id", equalTo(id))
        .body("url", equalTo("rtsp://***@127.0.0.1:9/live"))
        .body("credentials", equalTo(true))
        .body("sampleFps", equalTo(1.5f))
        .body("maxWidth", equalTo(1280))
        .body("maxHeight", equalTo(720))
        .body("zone", equalTo("entrance"))
        .body("enabled", equalTo(false));

    String one = given().get("/api/cameras/" + id).then().statusCode(200).extract().asString();
    String all = given().get("/api/cameras").then().statusCode(200).extract().asString();
    assertThat(one).doesNotContain(PASSWORD).contains("rtsp://***@127.0.0.1:9/live");
    assertThat(all).doesNotContain(PASSWORD).contains(id);

    // Stored with the credentials, keyed by camera id, in the compacted topic.
    ConsumerRecord<String, byte[]> stored =
        KafkaTestSupport.awaitRecord(
            companion, Topics.CAMERAS, r -> id.equals(r.key()) && r.value() != null);
    CameraSpec camera = CameraEvents.decodeCamera(stored.value());
    assertThat(camera.url()).isEqualTo(url);
    assertThat(camera.sampleFps()).isEqualTo(1.5);

    // A PUT that sends back the URL it was shown keeps the stored credentials.
    given()
        .contentType(ContentType.JSON)
        .body(json(id, "rtsp://***@127.0.0.1:9/live", 3, false))
        .put("/api/cameras/" + id)
        .then()
        .statusCode(200)
        .body("sampleFps", equalTo(3.0f))
        .body("url", equalTo("rtsp://***@127.0.0.1:9/live"));
    ConsumerRecord<String, byte[]> changed =
        KafkaTestSupport.awaitRecord(
            companion,
            Topics.CAMERAS,
            r ->
                id.equals(r.key())
                    && r.value() != null
                    && CameraEvents.decodeCamera(r.value()).sampleFps() == 3.0);
    assertThat(CameraEvents.decodeCamera(changed.value()).url()).isEqualTo(url);

    given().delete("/api/cameras/" + id).then().statusCode(204);
    given().get("/api/cameras/" + id).then().statusCode(404);
    given().get("/api/cameras").then().body("id", not(hasItem(id)));
    given().delete("/api/cameras/" + id).then().statusCode(404);
    ConsumerRecord<String, byte[]> tombstone =
        KafkaTestSupport.awaitRecord(
            companion, Topics.CAMERAS, r -> id.equals(r.key()) && r.value() == null);
    assertThat(tombstone.value()).isNull();

    // The capture sees the service's lines (the registration is logged), none with the password.
    assertThat(logs.lines())
        .anyMatch(line -> line.contains(id) && line.contains("rtsp://***@127.0.0.1:9/live"))
        .noneMatch(line -> line.contains(PASSWORD));
  }

  @Test
  void validationErrorsNameTheField() {
    String id = id();
    post(json(id, "ftp://cam.local/1", 2, false))
        .then()
        .statusCode(400)
        .body("field", equalTo("url"))
        .body("error", containsString("rtsp://"));
    post(json(id, "rtsp://cam.local/1", 0, false))
        .then()
        .statusCode(400)
        .body("field", equalTo("sampleFps"));
    post(json(id, "rtsp://cam.local/1", 31, false))
        .then()
        .statusCode(400)
        .body("field", equalTo("sampleFps"));
    post(json("Bad_Id", "rtsp://cam.local/1", 2, false))
        .then()
        .statusCode(400)
        .body("field", equalTo("id"));
    post("{\"id\": \"" + id + "\", \"url\": \"rtsp://cam.local/1\"}")
        .then()
        .statusCode(400)
        .body("field", equalTo("site"));

    post(json(id, "rtsp://cam.local/1", 2, false)).then().statusCode(201);
    post(json(id, "rtsp://cam.local/2", 2, false))
        .then()
        .statusCode(400)
        .body("field", equalTo("id"))
        .body("error", containsString("exists"));
    given()
        .contentType(ContentType.JSON)
        .body(json(id, "rtsp://cam.local/1", 50, false))
        .put("/api/cameras/" + id)
        .then()
        .statusCode(400)
        .body("field", equalTo("sampleFps"));
    given()
        .contentType(ContentType.JSON)
        .body(json("other", "rtsp://cam.local/1", 2, false))
        .put("/api/cameras/" + id)
        .then()
        .statusCode(400)
        .body("field", equalTo("id"));
    given()
        .contentType(ContentType.JSON)
        .body(json(id(), "rtsp://cam.local/1", 2, false))
        .put("/api/cameras/" + id())
        .then()
        .statusCode(400);
    String unknown = id();
    given()
        .contentType(ContentType.JSON)
        .body(json(unknown, "rtsp://cam.local/1", 2, false))
        .put("/api/cameras/" + unknown)
        .then()
        .statusCode(404);
    given().get("/api/cameras/" + unknown + "/status").then().statusCode(404);
    given()
        .get("/api/cameras/" + id + "/status")
        .then()
        .statusCode(200)
        .body("state", equalTo("disabled"));
  }

  @Test
  void aFailingCameraReportsItsErrorWithoutTheCredentials() {
    String id = id();
    // Nothing listens on port 9 of the loopback: the connection is refused, again and again.
    post(json(id, "http://viewer:" + PASSWORD + "@127.0.0.1:9/snapshot.jpg", 2, true))
        .then()
        .statusCode(201);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                given()
                    .get("/api/cameras/" + id + "/status")
                    .then()
                    .statusCode(200)
                    .body("lastError", not(nullValue()))
                    .body("framesSent", equalTo(0)));
    String status = given().get("/api/cameras/" + id + "/status").then().extract().asString();
    assertThat(status).doesNotContain(PASSWORD).containsAnyOf("\"failed\"", "\"connecting\"");
    // Reported to camera-status too, without the credentials.
    ConsumerRecord<String, byte[]> reported =
        KafkaTestSupport.awaitRecord(
            companion,
            Topics.CAMERA_STATUS,
            r ->
                id.equals(r.key())
                    && CameraEvents.decodeStatus(r.value()).status().lastError() != null);
    assertThat(CameraEvents.decodeStatus(reported.value()).status().lastError())
        .doesNotContain(PASSWORD);
    given().delete("/api/cameras/" + id).then().statusCode(204);
    assertThat(logs.lines()).noneMatch(line -> line.contains(PASSWORD));
  }
}
