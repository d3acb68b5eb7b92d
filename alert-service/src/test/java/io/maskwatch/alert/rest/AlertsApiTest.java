package io.maskwatch.alert.rest;

import static io.maskwatch.alert.support.Api.given;
import static io.maskwatch.alert.support.Pipeline.verdict;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import io.maskwatch.alert.support.Api;
import io.maskwatch.alert.support.Pipeline;
import io.maskwatch.alert.support.VocScene;
import io.maskwatch.events.FaceLabel;
import io.maskwatch.events.Frame;
import io.maskwatch.events.FrameRef;
import io.maskwatch.testing.KafkaBrokerResource;
import io.maskwatch.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The REST API's answers other than the happy path, health and metrics. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(PostgresResource.class)
class AlertsApiTest {

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
  void badQueryParametersAreRefusedWith400SayingWhy() {
    assertBadRequest(Map.of("limit", "ten"), "limit must be a whole number");
    assertBadRequest(Map.of("limit", "0"), "between 1 and 1000");
    assertBadRequest(Map.of("limit", "1001"), "between 1 and 1000");
    assertBadRequest(Map.of("label", "masked"), "unknown label 'masked'");
    assertBadRequest(Map.of("cameraId", " "), "cameraId must not be blank");
    given().queryParam("limit", "1000").get("/api/alerts").then().statusCode(200);
  }

  @Test
  void anUnknownFrameIs404ForItsVerdictsAndItsPicture() {
    given()
        .get("/api/frames/{id}", "no-such-frame")
        .then()
        .statusCode(404)
        .contentType("application/json")
        .body("error", containsString("no-such-frame"));
    given()
        .get("/api/frames/{id}/annotated.png", "no-such-frame")
        .then()
        .statusCode(404)
        .contentType("application/json")
        .body("error", containsString("no-such-frame"));
  }

  @Test
  void alertsAreListedNewestFirstUpToTheLimit() {
    VocScene scene = VocScene.first("an unmasked face", s -> s.has("without_mask"));
    String camera = Pipeline.newCamera("lobby");
    Frame older = Pipeline.upload(camera, scene);
    Frame newer = Pipeline.upload(camera, scene);
    storeWithOneViolator(older, scene);
    await().atMost(PATIENCE).until(() -> alertsOf(camera, 10).size() == 1);
    storeWithOneViolator(newer, scene);
    await().atMost(PATIENCE).until(() -> alertsOf(camera, 10).size() == 2);

    assertThat(alertsOf(camera, 10))
        .extracting(alert -> alert.get("frameId"))
        .containsExactly(newer.getFrameId(), older.getFrameId());
    assertThat(alertsOf(camera, 1))
        .extracting(alert -> alert.get("frameId"))
        .containsExactly(newer.getFrameId());
  }

  @Test
  void aPictureNoLongerInKafkaIs410SayingWhy() {
    VocScene scene = VocScene.first("an unmasked face", s -> s.has("without_mask"));
    String camera = Pipeline.newCamera("yard");
    // A topic of its own, so that deleting its records touches no other test's frames.
    String topic = "frames-retention-" + UUID.randomUUID();
    Frame frame = Pipeline.upload(camera, scene);
    FrameRef ref = pipeline.publishFrame(topic, frame);
    pipeline
        .kafka()
        .deleteRecords(
            Map.of(
                new TopicPartition(topic, ref.getPartition()),
                RecordsToDelete.beforeOffset(ref.getOffset() + 1)));
    pipeline.publishVerdicts(
        Pipeline.verdicts(
            frame,
            ref,
            List.of(verdict(0, scene.face("without_mask"), FaceLabel.without_mask, 0.9f))));
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> given().get("/api/frames/{id}", frame.getFrameId()).then().statusCode(200));

    given()
        .get("/api/frames/{id}/annotated.png", frame.getFrameId())
        .then()
        .statusCode(410)
        .contentType("application/json")
        .body("error", containsString("no longer in Kafka"))
        .body("error", containsString("retention"));
  }

  @Test
  void aPositionNowHoldingAnotherFrameIs410() {
    VocScene scene = VocScene.first("an unmasked face", s -> s.has("without_mask"));
    String camera = Pipeline.newCamera("stair");
    Frame published = Pipeline.upload(camera, scene);
    FrameRef ref = pipeline.publishFrame(published);
    Frame claimed = Pipeline.upload(camera, scene);
    pipeline.publishVerdicts(Pipeline.verdicts(claimed, ref, List.of()));
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> given().get("/api/frames/{id}", claimed.getFrameId()).then().statusCode(200));

    given()
        .get("/api/frames/{id}/annotated.png", claimed.getFrameId())
        .then()
        .statusCode(410)
        .body("error", containsString("holds frame " + published.getFrameId()));
  }

  @Test
  void anAlertIsAcknowledgedOnceAndSnoozedForAWhile() {
    VocScene scene = VocScene.first("an unmasked face", s -> s.has("without_mask"));
    String camera = Pipeline.newCamera("ack");
    storeWithOneViolator(Pipeline.upload(camera, scene), scene);
    storeWithOneViolator(Pipeline.upload(camera, scene), scene);
    await().atMost(PATIENCE).until(() -> alertsOf(camera, 10).size() == 2);
    List<Map<String, Object>> alerts = alertsOf(camera, 10);
    String first = (String) alerts.get(0).get("alertId");
    String second = (String) alerts.get(1).get("alertId");
    assertThat(alerts.get(0)).containsEntry("status", "open");

    String acknowledgedAt =
        Api.as("operator")
            .post("/api/alerts/{id}/ack", first)
            .then()
            .statusCode(200)
            .body("status", is("acknowledged"))
            .body("acknowledgedBy", is("operator"))
            .extract()
            .path("acknowledgedAt");
    // Again: the first acknowledgement stands.
    given()
        .post("/api/alerts/{id}/ack", first)
        .then()
        .statusCode(200)
        .body("acknowledgedAt", is(acknowledgedAt))
        .body("acknowledgedBy", is("operator"));

    String until =
        given()
            .queryParam("minutes", 15)
            .post("/api/alerts/{id}/snooze", second)
            .then()
            .statusCode(200)
            .body("status", is("snoozed"))
            .extract()
            .path("snoozedUntil");
    assertThat(java.time.Instant.parse(until))
        .isBetween(
            java.time.Instant.now().plusSeconds(14 * 60),
            java.time.Instant.now().plusSeconds(16 * 60));
    assertThat(alertsOf(camera, 10))
        .extracting(alert -> alert.get("status"))
        .containsExactly("acknowledged", "snoozed");

    given().queryParam("minutes", 0).post("/api/alerts/{id}/snooze", second).then().statusCode(400);
    given()
        .queryParam("minutes", "soon")
        .post("/api/alerts/{id}/snooze", second)
        .then()
        .statusCode(400)
        .body("error", containsString("whole number"));
    given().post("/api/alerts/{id}/snooze", second).then().statusCode(400);
    given().post("/api/alerts/{id}/ack", UUID.randomUUID()).then().statusCode(404);
    given()
        .post("/api/alerts/{id}/ack", "not-a-uuid")
        .then()
        .statusCode(404)
        .body("error", containsString("no alert not-a-uuid"));
  }

  @Test
  void readyWhenTheDatabaseAndKafkaAreUsable() {
    given()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("status", is("UP"))
        .body("checks.name", hasItem(containsString("Database")))
        .body("checks.name", hasItem(containsString("Reactive Messaging")));
  }

  @Test
  void metricsCountStoredVerdictsAndRaisedAlertsByLabelAndTimeTheStore() {
    VocScene scene = VocScene.first("an unmasked face", s -> s.has("without_mask"));
    String camera = Pipeline.newCamera("metrics");
    storeWithOneViolator(Pipeline.upload(camera, scene), scene);
    await().atMost(PATIENCE).until(() -> alertsOf(camera, 10).size() == 1);

    given()
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(containsString("maskwatch_verdicts_stored_total"))
        .body(containsString("maskwatch_alerts_raised_total{label=\"without_mask\"}"))
        .body(containsString("maskwatch_store_seconds_count"));
  }

  private static void storeWithOneViolator(Frame frame, VocScene scene) {
    FrameRef ref = pipeline.publishFrame(frame);
    pipeline.publishVerdicts(
        Pipeline.verdicts(
            frame,
            ref,
            List.of(verdict(0, scene.face("without_mask"), FaceLabel.without_mask, 0.9f))));
  }

  private static List<Map<String, Object>> alertsOf(String camera, int limit) {
    return given()
        .queryParam("cameraId", camera)
        .queryParam("limit", limit)
        .get("/api/alerts")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("$");
  }

  private static void assertBadRequest(Map<String, String> query, String reason) {
    given()
        .queryParams(query)
        .get("/api/alerts")
        .then()
        .statusCode(400)
        .contentType("application/json")
        .body("status", is(400))
        .body("error", containsString(reason));
  }
}
