package io.maskwatch.alert;

import static io.maskwatch.alert.support.Api.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import io.maskwatch.alert.support.Pipeline;
import io.maskwatch.alert.support.VocScene;
import io.maskwatch.events.FaceLabel;
import io.maskwatch.events.Frame;
import io.maskwatch.testing.KafkaBrokerResource;
import io.maskwatch.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scripted camera sequences through Kafka and PostgreSQL: alerts come from tracks decided over
 * their frames, not from single frames.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(PostgresResource.class)
class TrackedAlertsTest {

  static final Duration PATIENCE = Duration.ofSeconds(60);
  static final Duration HALF_SECOND = Duration.ofMillis(500);

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
  void aPersonWalkingUnmaskedAcross30FramesRaisesExactlyOneAlert() {
    VocScene scene = VocScene.first("an unmasked face", s -> s.has("without_mask"));
    String camera = Pipeline.newCamera("walk");
    List<Frame> frames =
        pipeline.walk(
            camera,
            scene,
            scene.face("without_mask"),
            start(),
            HALF_SECOND,
            Collections.nCopies(30, FaceLabel.without_mask),
            0.93f,
            2);

    awaitFramesStored(frames);
    List<Map<String, Object>> alerts = VerdictsToAlertsTest.alertsOf(camera);
    assertThat(alerts).hasSize(1);
    Map<String, Object> alert = alerts.get(0);
    // Decided on the 5th frame (5 frames, 70 % by default).
    assertThat(alert).containsEntry("frameId", frames.get(4).getFrameId());
    assertThat(alert).containsEntry("label", "without_mask");
    assertThat(alert).containsEntry("site", "default");
    assertThat(alert.get("trackId")).isNotNull();
    // Every frame's face is on that one track.
    for (Frame frame : List.of(frames.get(0), frames.get(17), frames.get(29))) {
      given()
          .get("/api/frames/{id}", frame.getFrameId())
          .then()
          .statusCode(200)
          .body("faces[0].trackId", is(alert.get("trackId")));
    }
  }

  @Test
  void aMaskedPersonRaisesNothing() {
    VocScene scene = VocScene.first("a masked face", s -> s.has("with_mask"));
    String camera = Pipeline.newCamera("masked");
    List<Frame> frames =
        pipeline.walk(
            camera,
            scene,
            scene.face("with_mask"),
            start(),
            HALF_SECOND,
            Collections.nCopies(30, FaceLabel.with_mask),
            0.95f,
            2);
    awaitFramesStored(frames);
    assertThat(VerdictsToAlertsTest.alertsOf(camera)).isEmpty();
  }

  @Test
  void oneBadFrameInAMaskedTrackRaisesNothing() {
    VocScene scene = VocScene.first("a masked face", s -> s.has("with_mask"));
    String camera = Pipeline.newCamera("flicker");
    List<FaceLabel> labels = new ArrayList<>(Collections.nCopies(30, FaceLabel.with_mask));
    labels.set(3, FaceLabel.without_mask);
    List<Frame> frames =
        pipeline.walk(
            camera, scene, scene.face("with_mask"), start(), HALF_SECOND, labels, 0.95f, 2);
    awaitFramesStored(frames);
    assertThat(VerdictsToAlertsTest.alertsOf(camera)).isEmpty();
  }

  @Test
  void aSecondViolatorWithinTheCooldownRaisesNoSecondAlert() {
    VocScene scene = VocScene.first("an unmasked face", s -> s.has("without_mask"));
    String camera = Pipeline.newCamera("cool");
    Instant start = start();
    List<Frame> first =
        pipeline.walk(
            camera,
            scene,
            scene.face("without_mask"),
            start,
            HALF_SECOND,
            Collections.nCopies(6, FaceLabel.without_mask),
            0.9f,
            0);
    // 10 s later (the first track closed after 3 s): another person, within the 60 s cooldown.
    List<Frame> second =
        pipeline.walk(
            camera,
            scene,
            scene.face("without_mask"),
            start.plusSeconds(13),
            HALF_SECOND,
            Collections.nCopies(6, FaceLabel.without_mask),
            0.9f,
            0);
    // 70 s later: a third, after the cooldown.
    List<Frame> third =
        pipeline.walk(
            camera,
            scene,
            scene.face("without_mask"),
            start.plusSeconds(80),
            HALF_SECOND,
            Collections.nCopies(6, FaceLabel.without_mask),
            0.9f,
            0);
    awaitFramesStored(third);
    assertThat(VerdictsToAlertsTest.alertsOf(camera))
        .extracting(alert -> alert.get("frameId"))
        .containsExactly(third.get(4).getFrameId(), first.get(4).getFrameId());
    assertThat(second).isNotEmpty();
    given()
        .get("/q/metrics")
        .then()
        .body(containsString("maskwatch_alerts_held_total{reason=\"cooldown\"}"));
  }

  @Test
  void rulesArePutValidatedAndApplied() {
    String camera = Pipeline.newCamera("ruled");
    Map<String, Object> rules =
        Map.of(
            "defaults", Map.of("cooldownSeconds", 30),
            "sites",
                Map.of(
                    "hq",
                    Map.of(
                        "minFrames",
                        3,
                        "quietFrom",
                        "22:00",
                        "quietTo",
                        "06:00",
                        "timeZone",
                        "Europe/Berlin")),
            "cameras", Map.of(camera, Map.of("site", "hq", "zone", "entrance")));
    given()
        .contentType(ContentType.JSON)
        .body(rules)
        .put("/api/rules")
        .then()
        .statusCode(200)
        .body("sites.hq.minFrames", is(3))
        .body("builtIn.minFrames", is(5));
    given()
        .get("/api/rules")
        .then()
        .statusCode(200)
        .body("cameras.'" + camera + "'.zone", is("entrance"))
        .body("defaults.cooldownSeconds", is(30));
    given()
        .queryParam("cameraId", camera)
        .get("/api/rules/effective")
        .then()
        .statusCode(200)
        .body("site", is("hq"))
        .body("zone", is("entrance"))
        .body("minFrames", is(3))
        .body("minShare", is(0.7f))
        .body("cooldownSeconds", is(30))
        .body("quietFrom", is("22:00"))
        .body("timeZone", is("Europe/Berlin"));

    // Three frames decide a track of this camera now; the alert carries the site.
    VocScene scene = VocScene.first("an unmasked face", s -> s.has("without_mask"));
    Instant noonInBerlin = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofHours(11));
    List<Frame> frames =
        pipeline.walk(
            camera,
            scene,
            scene.face("without_mask"),
            noonInBerlin,
            HALF_SECOND,
            Collections.nCopies(3, FaceLabel.without_mask),
            0.9f,
            0);
    awaitFramesStored(frames);
    assertThat(VerdictsToAlertsTest.alertsOf(camera))
        .singleElement()
        .satisfies(alert -> assertThat(alert).containsEntry("site", "hq"))
        .satisfies(alert -> assertThat(alert).containsEntry("frameId", frames.get(2).getFrameId()));

    // In quiet hours (23:30 in Berlin) a decided violator raises nothing.
    String night = Pipeline.newCamera("night");
    Map<String, Object> withNight =
        Map.of(
            "sites",
                Map.of(
                    "hq",
                    Map.of(
                        "minFrames",
                        3,
                        "quietFrom",
                        "22:00",
                        "quietTo",
                        "06:00",
                        "timeZone",
                        "Europe/Berlin")),
            "cameras", Map.of(night, Map.of("site", "hq")));
    given().contentType(ContentType.JSON).body(withNight).put("/api/rules").then().statusCode(200);
    Instant lateInBerlin = noonInBerlin.plus(Duration.ofHours(11)).plus(Duration.ofMinutes(30));
    List<Frame> late =
        pipeline.walk(
            night,
            scene,
            scene.face("without_mask"),
            lateInBerlin,
            HALF_SECOND,
            Collections.nCopies(4, FaceLabel.without_mask),
            0.9f,
            0);
    awaitFramesStored(late);
    assertThat(VerdictsToAlertsTest.alertsOf(night)).isEmpty();

    // Refused, saying why; the stored rules stay as they were.
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("defaults", Map.of("minShare", 0.4)))
        .put("/api/rules")
        .then()
        .statusCode(400)
        .body("error", containsString("min share"));
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("cameras", Map.of("x", Map.of("quietFrom", "22:00"))))
        .put("/api/rules")
        .then()
        .statusCode(400)
        .body("error", containsString("camera x: quietFrom and quietTo go together"));
    given().get("/api/rules").then().body("cameras.'" + night + "'.site", is("hq"));
    given().get("/api/rules/effective").then().statusCode(400);

    // Back to no stored rules, so that other tests see the built-in values.
    given().contentType(ContentType.JSON).body(Map.of()).put("/api/rules").then().statusCode(200);
  }

  /** Sequences start now; each test has cameras of its own, so cooldowns do not meet. */
  static Instant start() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }

  static void awaitFramesStored(List<Frame> frames) {
    String last = frames.get(frames.size() - 1).getFrameId();
    await()
        .atMost(PATIENCE)
        .untilAsserted(() -> given().get("/api/frames/{id}", last).then().statusCode(200));
  }
}
