package io.maskwatch.alert;

import static io.maskwatch.alert.support.Api.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.maskwatch.alert.support.Pipeline;
import io.maskwatch.alert.support.VocScene;
import io.maskwatch.alert.support.WebhookSink;
import io.maskwatch.events.FaceLabel;
import io.maskwatch.events.FaceVerdict;
import io.maskwatch.events.Frame;
import io.maskwatch.events.FrameRef;
import io.maskwatch.testing.KafkaBrokerResource;
import io.maskwatch.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The site threshold rule with a real broker and PostgreSQL: scripted frames of a site whose
 * compliance drops below the threshold give exactly one site alert and one webhook call; staying
 * below gives no second; a site above the threshold gives none; recovering closes the alert.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(PostgresResource.class)
class SiteComplianceAlertTest {

  private static Pipeline pipeline;
  private static WebhookSink hooks;

  @BeforeAll
  static void start() throws Exception {
    pipeline = new Pipeline();
    hooks = new WebhookSink();
  }

  @AfterAll
  static void stop() throws Exception {
    pipeline.close();
    hooks.close();
  }

  @Test
  void aSiteDroppingBelowItsThresholdAlertsOnceAndASiteAboveItNever() throws Exception {
    String low = "low-" + UUID.randomUUID().toString().substring(0, 8);
    String high = "high-" + UUID.randomUUID().toString().substring(0, 8);
    String lowCamera = Pipeline.newCamera("s-low");
    String highCamera = Pipeline.newCamera("s-high");
    String lowPath = "/" + low + "/hook";
    String highPath = "/" + high + "/hook";
    Map<String, Object> threshold = Map.of("minPercent", 80, "window", 10, "minPeople", 4);
    // Per-face alerts off, one frame decides a track: only the site rule can notify here.
    NotificationsTest.putRules(
        Map.of(
            "sites",
            Map.of(
                low, siteRules(threshold, lowPath),
                high, siteRules(threshold, highPath)),
            "cameras",
            Map.of(lowCamera, Map.of("site", low), highCamera, Map.of("site", high))));

    VocScene scene = VocScene.first("a photo with a face", s -> !s.faces().isEmpty());
    Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    // Frames 10 s apart (over the 3 s gap), so each frame's faces are new people.
    List<Frame> lowFrames = new ArrayList<>();
    // 4 masked: 100 % -> nothing.
    lowFrames.add(publish(lowCamera, scene, start, FaceLabel.with_mask, 4));
    // 4 unmasked: 4 of 8 = 50 % < 80 % -> one alert.
    lowFrames.add(publish(lowCamera, scene, start.plusSeconds(10), FaceLabel.without_mask, 4));
    // 2 more unmasked: 4 of 10 = 40 %, still below -> no second alert.
    lowFrames.add(publish(lowCamera, scene, start.plusSeconds(20), FaceLabel.without_mask, 2));
    List<Frame> highFrames = new ArrayList<>();
    highFrames.add(publish(highCamera, scene, start, FaceLabel.with_mask, 4));
    // 4 masked, 1 unmasked: 80 %, not below -> nothing.
    highFrames.add(publish(highCamera, scene, start.plusSeconds(10), FaceLabel.without_mask, 1));
    highFrames.add(publish(highCamera, scene, start.plusSeconds(20), FaceLabel.with_mask, 0));
    TrackedAlertsTest.awaitFramesStored(lowFrames);
    TrackedAlertsTest.awaitFramesStored(highFrames);

    List<Map<String, Object>> lowAlerts = siteAlerts(low);
    assertThat(lowAlerts).hasSize(1);
    Map<String, Object> alert = lowAlerts.get(0);
    assertThat(alert)
        .containsEntry("kind", "compliance_below_threshold")
        .containsEntry("site", low)
        .containsEntry("percent", 50.0f)
        .containsEntry("minPercent", 80.0f)
        .containsEntry("windowMinutes", 10)
        .containsEntry("people", 8)
        .containsEntry("masked", 4);
    assertThat(alert.get("recoveredAt")).isNull();
    assertThat(siteAlerts(high)).isEmpty();
    // No per-face alerts either: only the site rule spoke.
    assertThat(VerdictsToAlertsTest.alertsOf(lowCamera)).isEmpty();

    String alertId = (String) alert.get("alertId");
    await().atMost(Duration.ofSeconds(60)).until(() -> hooks.calls(lowPath).size() >= 1);
    // Give the worker time to send anything twice, then count again.
    Thread.sleep(3000);
    assertThat(hooks.calls(lowPath)).hasSize(1);
    assertThat(hooks.calls(highPath)).isEmpty();
    WebhookSink.Call call = hooks.calls(lowPath).get(0);
    assertThat(call.idempotencyKey()).isEqualTo(alertId);
    JsonPath body = new JsonPath(call.body());
    assertThat(body.getString("alertId")).isEqualTo(alertId);
    assertThat(body.getString("kind")).isEqualTo("compliance_below_threshold");
    assertThat(body.getString("site")).isEqualTo(low);
    assertThat(body.getDouble("percent")).isEqualTo(50.0);
    assertThat(body.getInt("windowMinutes")).isEqualTo(10);
    given()
        .queryParam("alertId", alertId)
        .get("/api/notifications")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("status")
        .forEach(status -> assertThat(status).isEqualTo("delivered"));

    // Recovery: 30 masked people bring the window to 34 of 40 = 85 %: the alert closes, no new one.
    List<Frame> recovery =
        List.of(publish(lowCamera, scene, start.plusSeconds(30), FaceLabel.with_mask, 30));
    TrackedAlertsTest.awaitFramesStored(recovery);
    List<Map<String, Object>> after = siteAlerts(low);
    assertThat(after).hasSize(1);
    assertThat(after.get(0).get("recoveredAt")).isNotNull();
    Thread.sleep(1000);
    assertThat(hooks.calls(lowPath)).hasSize(1);
    NotificationsTest.clearRules();
  }

  private static Map<String, Object> siteRules(Map<String, Object> threshold, String path) {
    return Map.of(
        "minFrames",
        1,
        "alertsEnabled",
        false,
        "complianceAlert",
        threshold,
        "channels",
        List.of(Map.of("name", "hook", "type", "webhook", "url", hooks.url(path))));
  }

  /** One frame of the camera with {@code count} faces labelled so, side by side. */
  private static Frame publish(
      String camera, VocScene scene, Instant at, FaceLabel label, int count) {
    Frame frame = Pipeline.frame(camera, scene, at);
    FrameRef ref = pipeline.publishFrame(frame);
    List<FaceVerdict> faces = new ArrayList<>();
    int columns = Math.max(1, (frame.getWidth() - 10) / 30);
    for (int i = 0; i < count; i++) {
      VocScene.Face face =
          new VocScene.Face(label.name(), 5 + 30 * (i % columns), 5 + 30 * (i / columns), 12, 12);
      faces.add(Pipeline.verdict(i, face, label, 0.95f));
    }
    pipeline.publishVerdicts(Pipeline.verdicts(frame, ref, faces));
    return frame;
  }

  static List<Map<String, Object>> siteAlerts(String site) {
    return given()
        .queryParam("site", site)
        .get("/api/site-alerts")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("$");
  }
}
