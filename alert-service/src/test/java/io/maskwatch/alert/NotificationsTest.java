package io.maskwatch.alert;

import static io.maskwatch.alert.support.Api.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import io.maskwatch.alert.notify.DeliveryWorker;
import io.maskwatch.alert.support.MqttSink;
import io.maskwatch.alert.support.Pipeline;
import io.maskwatch.alert.support.SmtpSink;
import io.maskwatch.alert.support.VocScene;
import io.maskwatch.alert.support.WebhookSink;
import io.maskwatch.events.FaceLabel;
import io.maskwatch.events.Frame;
import io.maskwatch.testing.KafkaBrokerResource;
import io.maskwatch.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Notifications through the outbox to a webhook (JDK HttpServer), an SMTP server and an MQTT
 * broker, all in the test JVM.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(PostgresResource.class)
class NotificationsTest {

  private static final Duration PATIENCE = Duration.ofSeconds(60);

  private static Pipeline pipeline;
  private static WebhookSink hooks;
  private static SmtpSink smtp;
  private static MqttSink mqtt;

  @Inject DataSource dataSource;
  @Inject DeliveryWorker worker;

  @BeforeAll
  static void start() throws Exception {
    pipeline = new Pipeline();
    hooks = new WebhookSink();
    smtp = new SmtpSink();
    mqtt = new MqttSink();
  }

  @AfterAll
  static void stop() throws Exception {
    pipeline.close();
    hooks.close();
    smtp.close();
    mqtt.close();
  }

  @Test
  void anUnmaskedWalkGivesOneAlertOneWebhookCallOneEmailOneMqttMessageAndMaskedOrFlickerNone()
      throws Exception {
    String site = "notify-" + UUID.randomUUID().toString().substring(0, 8);
    String walker = Pipeline.newCamera("n-walk");
    String masked = Pipeline.newCamera("n-masked");
    String flicker = Pipeline.newCamera("n-flicker");
    String hookPath = "/" + site + "/hook";
    String slackPath = "/" + site + "/slack";
    String topic = "maskwatch/" + site + "/alerts";
    putRules(
        Map.of(
            "sites",
            Map.of(
                site,
                Map.of(
                    "channels",
                    List.of(
                        Map.of("name", "ops-hook", "type", "webhook", "url", hooks.url(hookPath)),
                        Map.of(
                            "name",
                            "ops-slack",
                            "type",
                            "webhook",
                            "format",
                            "slack",
                            "url",
                            hooks.url(slackPath)),
                        Map.of(
                            "name", "ops-mail",
                            "type", "email",
                            "host", "127.0.0.1",
                            "port", smtp.port(),
                            "from", "maskwatch@example.org",
                            "to", List.of(site + "@example.org")),
                        Map.of(
                            "name", "ops-mqtt",
                            "type", "mqtt",
                            "host", "127.0.0.1",
                            "port", mqtt.port(),
                            "topic", topic)))),
            "cameras",
            Map.of(
                walker, Map.of("site", site),
                masked, Map.of("site", site),
                flicker, Map.of("site", site))));

    VocScene scene = VocScene.first("an unmasked face", s -> s.has("without_mask"));
    VocScene.Face face = scene.face("without_mask");
    Instant start = Instant.now();
    List<Frame> walk =
        pipeline.walk(
            walker,
            scene,
            face,
            start,
            Duration.ofMillis(500),
            Collections.nCopies(30, FaceLabel.without_mask),
            0.93f,
            2);
    List<Frame> maskedWalk =
        pipeline.walk(
            masked,
            scene,
            face,
            start,
            Duration.ofMillis(500),
            Collections.nCopies(30, FaceLabel.with_mask),
            0.93f,
            2);
    List<FaceLabel> labels = new ArrayList<>(Collections.nCopies(30, FaceLabel.with_mask));
    labels.set(5, FaceLabel.without_mask);
    List<Frame> flickerWalk =
        pipeline.walk(flicker, scene, face, start, Duration.ofMillis(500), labels, 0.93f, 2);
    TrackedAlertsTest.awaitFramesStored(walk);
    TrackedAlertsTest.awaitFramesStored(maskedWalk);
    TrackedAlertsTest.awaitFramesStored(flickerWalk);

    List<Map<String, Object>> alerts = VerdictsToAlertsTest.alertsOf(walker);
    assertThat(alerts).hasSize(1);
    String alertId = (String) alerts.get(0).get("alertId");
    assertThat(VerdictsToAlertsTest.alertsOf(masked)).isEmpty();
    assertThat(VerdictsToAlertsTest.alertsOf(flicker)).isEmpty();

    await()
        .atMost(PATIENCE)
        .until(
            () ->
                hooks.calls(hookPath).size() >= 1
                    && hooks.calls(slackPath).size() >= 1
                    && mailsTo(site).size() >= 1
                    && published(topic).size() >= 1);
    // Give the worker time to send anything twice, then count again.
    Thread.sleep(3000);
    assertThat(hooks.calls(hookPath)).hasSize(1);
    assertThat(hooks.calls(slackPath)).hasSize(1);
    assertThat(mailsTo(site)).hasSize(1);
    assertThat(published(topic)).hasSize(1);

    WebhookSink.Call hook = hooks.calls(hookPath).get(0);
    assertThat(hook.idempotencyKey()).isEqualTo(alertId);
    JsonPath body = new JsonPath(hook.body());
    assertThat(body.getString("alertId")).isEqualTo(alertId);
    assertThat(body.getString("cameraId")).isEqualTo(walker);
    assertThat(body.getString("site")).isEqualTo(site);
    assertThat(body.getString("label")).isEqualTo("without_mask");
    assertThat(new JsonPath(hooks.calls(slackPath).get(0).body()).getString("text"))
        .contains("without_mask")
        .contains(walker)
        .contains(alertId);
    SmtpSink.Mail mail = mailsTo(site).get(0);
    assertThat(mail.from()).isEqualTo("maskwatch@example.org");
    assertThat(mail.data()).contains("Subject: Mask alert: without_mask on camera " + walker);
    assertThat(mail.data()).contains("<" + alertId + ".ops-mail@maskwatch>");
    MqttSink.Publish message = published(topic).get(0);
    assertThat(message.qos()).isEqualTo(1);
    assertThat(new JsonPath(message.payload()).getString("alertId")).isEqualTo(alertId);

    List<Map<String, Object>> rows =
        given()
            .queryParam("alertId", alertId)
            .get("/api/notifications")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("$");
    assertThat(rows)
        .extracting(row -> row.get("channel"))
        .containsExactlyInAnyOrder("ops-hook", "ops-slack", "ops-mail", "ops-mqtt");
    assertThat(rows).allSatisfy(row -> assertThat(row).containsEntry("status", "delivered"));
    assertThat(rows).allSatisfy(row -> assertThat(row).containsEntry("attempts", 1));
    clearRules();
  }

  @Test
  void aFailingChannelIsRetriedWithBackoffAndItsFailureIsVisible() {
    String site = "broken-" + UUID.randomUUID().toString().substring(0, 8);
    String camera = Pipeline.newCamera("n-broken");
    String path = "/broken/" + site;
    putRules(
        Map.of(
            "sites",
            Map.of(
                site,
                Map.of(
                    "channels",
                    List.of(Map.of("name", "hook", "type", "webhook", "url", hooks.url(path))))),
            "cameras",
            Map.of(camera, Map.of("site", site))));
    VocScene scene = VocScene.first("an unmasked face", s -> s.has("without_mask"));
    List<Frame> frames =
        pipeline.walk(
            camera,
            scene,
            scene.face("without_mask"),
            Instant.now(),
            Duration.ofMillis(500),
            Collections.nCopies(5, FaceLabel.without_mask),
            0.9f,
            0);
    TrackedAlertsTest.awaitFramesStored(frames);
    String alertId = (String) VerdictsToAlertsTest.alertsOf(camera).get(0).get("alertId");

    // %test: 3 attempts, 100 ms doubling: failed after ~0.3 s of backoff.
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                given()
                    .queryParam("alertId", alertId)
                    .get("/api/notifications")
                    .then()
                    .body("[0].status", org.hamcrest.Matchers.is("failed"))
                    .body("[0].attempts", org.hamcrest.Matchers.is(3))
                    .body("[0].lastError", containsString("answered 500")));
    assertThat(hooks.calls(path)).hasSize(3);
    given()
        .queryParam("status", "failed")
        .get("/api/notifications")
        .then()
        .statusCode(200)
        .body("alertId", org.hamcrest.Matchers.hasItem(alertId));
    given().queryParam("status", "lost").get("/api/notifications").then().statusCode(400);
    given().queryParam("alertId", "x").get("/api/notifications").then().statusCode(400);
    clearRules();
  }

  @Test
  void aRowLeftPendingByACrashedWorkerIsDeliveredExactlyOnceAfterTheRestart() throws Exception {
    // As a worker that died after claiming leaves it: pending, one attempt counted, lease expired.
    UUID crashed = UUID.randomUUID();
    // And one whose worker still holds the lease: not touched until the lease runs out.
    UUID leased = UUID.randomUUID();
    String path = "/restart/" + crashed;
    insertClaimed(crashed, path, Instant.now().minusSeconds(1));
    insertClaimed(leased, path, Instant.now().plusSeconds(600));

    // Two workers at once after the restart (the scheduled one runs as well).
    CompletableFuture<Integer> one = CompletableFuture.supplyAsync(worker::deliverDue);
    CompletableFuture<Integer> two = CompletableFuture.supplyAsync(worker::deliverDue);
    one.get();
    two.get();
    await().atMost(PATIENCE).until(() -> hooks.calls(path).size() >= 1);
    Thread.sleep(2000);
    worker.deliverDue();

    assertThat(hooks.calls(path))
        .extracting(WebhookSink.Call::idempotencyKey)
        .containsExactly(crashed.toString());
    given()
        .queryParam("alertId", crashed.toString())
        .get("/api/notifications")
        .then()
        .body("[0].status", org.hamcrest.Matchers.is("delivered"))
        .body("[0].attempts", org.hamcrest.Matchers.is(2));
    given()
        .queryParam("alertId", leased.toString())
        .get("/api/notifications")
        .then()
        .body("[0].status", org.hamcrest.Matchers.is("pending"))
        .body("[0].attempts", org.hamcrest.Matchers.is(1));
  }

  private void insertClaimed(UUID alertId, String path, Instant claimedUntil) throws Exception {
    String spec = "{\"name\":\"hook\",\"type\":\"webhook\",\"url\":\"" + hooks.url(path) + "\"}";
    String payload =
        "{\"alertId\":\""
            + alertId
            + "\",\"site\":\"restart\",\"cameraId\":\"cam\",\"label\":\"without_mask\","
            + "\"confidence\":0.9,\"frameId\":\"f\",\"trackId\":null,"
            + "\"capturedAt\":\"2026-02-03T08:00:00Z\",\"raisedAt\":\"2026-02-03T08:00:01Z\","
            + "\"boxX\":1,\"boxY\":2,\"boxWidth\":3,\"boxHeight\":4}";
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO notifications (alert_id, channel, site, channel_type, spec, payload,"
                    + " status, attempts, next_attempt_at, claimed_until, created_at)"
                    + " VALUES (?, 'hook', 'restart', 'webhook', ?::jsonb, ?::jsonb, 'pending', 1,"
                    + " now() - interval '1 minute', ?, now())")) {
      insert.setObject(1, alertId);
      insert.setString(2, spec);
      insert.setString(3, payload);
      insert.setTimestamp(4, Timestamp.from(claimedUntil));
      insert.executeUpdate();
    }
  }

  private static List<SmtpSink.Mail> mailsTo(String site) {
    return smtp.mails().stream().filter(m -> m.to().contains(site + "@example.org")).toList();
  }

  private static List<MqttSink.Publish> published(String topic) {
    return mqtt.received().stream().filter(p -> p.topic().equals(topic)).toList();
  }

  static void putRules(Map<String, Object> rules) {
    given().contentType(ContentType.JSON).body(rules).put("/api/rules").then().statusCode(200);
  }

  static void clearRules() {
    putRules(Map.of());
  }
}
