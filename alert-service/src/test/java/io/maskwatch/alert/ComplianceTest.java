package io.maskwatch.alert;

import static io.maskwatch.alert.support.Api.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.maskwatch.alert.support.Pipeline;
import io.maskwatch.alert.support.VocScene;
import io.maskwatch.events.FaceLabel;
import io.maskwatch.events.Frame;
import io.maskwatch.testing.KafkaBrokerResource;
import io.maskwatch.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Compliance figures of a scripted day, against numbers worked out by hand. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(PostgresResource.class)
class ComplianceTest {

  private static final Instant DAY = Instant.parse("2026-02-03T00:00:00Z");
  private static final Duration HALF_SECOND = Duration.ofMillis(500);

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
  void aScriptedDayGivesTheHandComputedFiguresByHourByCameraAndBySite() {
    VocScene scene = VocScene.first("an unmasked face", s -> s.has("without_mask"));
    VocScene.Face face = scene.face("without_mask");
    String site = "plant-" + UUID.randomUUID().toString().substring(0, 8);
    String a = Pipeline.newCamera("entrance-cam");
    String b = Pipeline.newCamera("hall-cam");
    given()
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "cameras",
                Map.of(
                    a, Map.of("site", site, "zone", "entrance"),
                    b, Map.of("site", site, "zone", "hall"))))
        .put("/api/rules")
        .then()
        .statusCode(200);

    List<Frame> frames = new ArrayList<>();
    // Camera A. 08:00:58: a masked person, 6 frames (4 in minute 08:00, 2 in 08:01).
    frames.addAll(walk(a, scene, face, "08:00:58", 6, FaceLabel.with_mask));
    // 08:10: an unmasked person, 6 frames.
    frames.addAll(walk(a, scene, face, "08:10:00", 6, FaceLabel.without_mask));
    // 09:30: a mask worn incorrectly, 5 frames (decided on the 5th).
    frames.addAll(walk(a, scene, face, "09:30:00", 5, FaceLabel.mask_weared_incorrect));
    // 09:45: someone seen on 2 frames only: uncertain.
    frames.addAll(walk(a, scene, face, "09:45:00", 2, FaceLabel.without_mask));
    // Camera B. 08:20: masked, 5 frames; 10:05: unmasked, 6 frames.
    frames.addAll(walk(b, scene, face, "08:20:00", 5, FaceLabel.with_mask));
    frames.addAll(walk(b, scene, face, "10:05:00", 6, FaceLabel.without_mask));
    TrackedAlertsTest.awaitFramesStored(frames.subList(frames.size() - 1, frames.size()));
    TrackedAlertsTest.awaitFramesStored(frames.subList(23, 24)); // A's last frame

    // By hour and camera:           people masked unmasked incorrect uncertain frames
    List<List<Object>> expected =
        List.of(
            row("08:00", a, "entrance", 2, 1, 1, 0, 0, 12),
            row("08:00", b, "hall", 1, 1, 0, 0, 0, 5),
            row("09:00", a, "entrance", 2, 0, 0, 1, 1, 7),
            row("10:00", b, "hall", 1, 0, 1, 0, 0, 6));
    JsonPath hours = query(Map.of("site", site, "bucket", "hour"));
    assertThat(rows(hours)).isEqualTo(expected);
    assertThat(hours.getString("groupBy")).isEqualTo("camera");
    assertThat(hours.getDouble("rows[0].complianceRate")).isEqualTo(0.5);

    // The day, by site: all of it.
    JsonPath day = query(Map.of("site", site, "bucket", "day", "groupBy", "site"));
    assertThat(day.getList("rows")).hasSize(1);
    assertThat(day.getString("rows[0].start")).isEqualTo("2026-02-03T00:00:00Z");
    assertThat(day.getInt("rows[0].people")).isEqualTo(6);
    assertThat(day.getInt("rows[0].masked")).isEqualTo(2);
    assertThat(day.getInt("rows[0].unmasked")).isEqualTo(2);
    assertThat(day.getInt("rows[0].incorrect")).isEqualTo(1);
    assertThat(day.getInt("rows[0].uncertain")).isEqualTo(1);
    assertThat(day.getInt("rows[0].frames")).isEqualTo(30);
    assertThat(day.getDouble("rows[0].complianceRate")).isEqualTo(0.4);

    // Minutes: the masked person counts in 08:00, where the track began; frames where captured.
    JsonPath minutes =
        query(
            Map.of(
                "camera", a,
                "bucket", "minute",
                "from", "2026-02-03T08:00:00Z",
                "to", "2026-02-03T08:02:00Z"));
    assertThat(rows(minutes))
        .isEqualTo(
            List.of(
                row("08:00", a, "entrance", 1, 1, 0, 0, 0, 4),
                row("08:01", a, "entrance", 0, 0, 0, 0, 0, 2)));

    // By zone, one camera per zone here.
    assertThat(query(Map.of("site", site, "groupBy", "zone", "bucket", "day")).getList("rows.zone"))
        .containsExactly("entrance", "hall");

    // CSV, by Accept or by format=csv.
    String csv =
        given()
            .accept("text/csv")
            .queryParams(window(Map.of("site", site, "bucket", "hour", "camera", b)))
            .get("/api/compliance")
            .then()
            .statusCode(200)
            .contentType(containsString("text/csv"))
            .extract()
            .asString();
    assertThat(csv.lines().toList())
        .containsExactly(
            "start,site,zone,camera_id,people,masked,unmasked,incorrect,uncertain,frames,"
                + "compliance_rate",
            "2026-02-03T08:00:00Z," + site + ",hall," + b + ",1,1,0,0,0,5,1.0000",
            "2026-02-03T10:00:00Z," + site + ",hall," + b + ",1,0,1,0,0,6,0.0000");
    assertThat(
            given()
                .queryParams(window(Map.of("site", site, "format", "csv", "bucket", "day")))
                .get("/api/compliance")
                .then()
                .statusCode(200)
                .extract()
                .asString())
        .startsWith("start,site,");

    given().contentType(ContentType.JSON).body(Map.of()).put("/api/rules").then().statusCode(200);
  }

  @Test
  void badQueriesAreRefusedWith400() {
    given()
        .queryParam("bucket", "week")
        .get("/api/compliance")
        .then()
        .statusCode(400)
        .body("error", containsString("bucket must be minute, hour or day"));
    given()
        .queryParam("from", "yesterday")
        .get("/api/compliance")
        .then()
        .statusCode(400)
        .body("error", containsString("from must be an ISO-8601 instant"));
    given()
        .queryParam("from", "2026-02-04T00:00:00Z")
        .queryParam("to", "2026-02-03T00:00:00Z")
        .get("/api/compliance")
        .then()
        .statusCode(400)
        .body("error", containsString("from must be before to"));
    given().queryParam("groupBy", "floor").get("/api/compliance").then().statusCode(400);
    given().queryParam("format", "xml").get("/api/compliance").then().statusCode(400);
  }

  private static List<Frame> walk(
      String camera, VocScene scene, VocScene.Face face, String time, int n, FaceLabel label) {
    Instant start = Instant.parse("2026-02-03T" + time + "Z");
    return pipeline.walk(
        camera, scene, face, start, HALF_SECOND, Collections.nCopies(n, label), 0.9f, 1);
  }

  private static Map<String, String> window(Map<String, String> query) {
    Map<String, String> all = new java.util.HashMap<>(query);
    all.putIfAbsent("from", DAY.toString());
    all.putIfAbsent("to", DAY.plus(Duration.ofDays(1)).toString());
    return all;
  }

  private static JsonPath query(Map<String, String> query) {
    return given()
        .accept(ContentType.JSON)
        .queryParams(window(query))
        .get("/api/compliance")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  private static List<Object> row(
      String hhmm,
      String camera,
      String zone,
      int people,
      int masked,
      int unmasked,
      int incorrect,
      int uncertain,
      int frames) {
    return List.of(
        "2026-02-03T" + hhmm + ":00Z",
        camera,
        zone,
        people,
        masked,
        unmasked,
        incorrect,
        uncertain,
        frames);
  }

  private static List<List<Object>> rows(JsonPath answer) {
    List<List<Object>> rows = new ArrayList<>();
    for (int i = 0; i < answer.getList("rows").size(); i++) {
      String r = "rows[" + i + "].";
      rows.add(
          List.of(
              answer.getString(r + "start"),
              answer.getString(r + "cameraId"),
              answer.getString(r + "zone"),
              answer.getInt(r + "people"),
              answer.getInt(r + "masked"),
              answer.getInt(r + "unmasked"),
              answer.getInt(r + "incorrect"),
              answer.getInt(r + "uncertain"),
              answer.getInt(r + "frames")));
    }
    return rows;
  }
}
