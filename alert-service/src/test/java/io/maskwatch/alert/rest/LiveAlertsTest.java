package io.maskwatch.alert.rest;

import static io.maskwatch.alert.support.Api.given;
import static io.maskwatch.alert.support.Pipeline.verdict;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import io.maskwatch.alert.support.Pipeline;
import io.maskwatch.alert.support.VocScene;
import io.maskwatch.events.FaceLabel;
import io.maskwatch.events.Frame;
import io.maskwatch.events.FrameRef;
import io.maskwatch.testing.KafkaBrokerResource;
import io.maskwatch.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The live list (Server-Sent Events), the CSV export and the list's filters. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(PostgresResource.class)
class LiveAlertsTest {

  private static final Duration PATIENCE = Duration.ofSeconds(60);

  private static Pipeline pipeline;

  @TestHTTPResource("/api/alerts/stream")
  URI stream;

  @BeforeAll
  static void connect() {
    pipeline = new Pipeline();
  }

  @AfterAll
  static void disconnect() {
    pipeline.close();
  }

  /** One server-sent event. */
  record Event(String name, String data) {}

  @Test
  void aNewAlertAndItsAcknowledgementArriveOnTheStream() throws Exception {
    VocScene scene = VocScene.first("an unmasked face", s -> s.has("without_mask"));
    String camera = Pipeline.newCamera("live");
    BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    HttpClient client = HttpClient.newHttpClient();
    HttpRequest request =
        HttpRequest.newBuilder(stream)
            .header("Accept", "text/event-stream")
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString("viewer:viewer-pass".getBytes(StandardCharsets.UTF_8)))
            .build();
    CompletableFuture<HttpResponse<Stream<String>>> response =
        client.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
    HttpResponse<Stream<String>> open = response.get(30, TimeUnit.SECONDS);
    assertThat(open.statusCode()).isEqualTo(200);
    assertThat(open.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
    Thread reader =
        new Thread(
            () -> {
              String[] name = {null};
              open.body()
                  .forEach(
                      line -> {
                        if (line.startsWith("event:")) {
                          name[0] = line.substring(6).trim();
                        } else if (line.startsWith("data:")) {
                          events.add(new Event(name[0], line.substring(5).trim()));
                        }
                      });
            },
            "sse-reader");
    reader.setDaemon(true);
    reader.start();
    try {
      assertThat(next(events, e -> true).name()).isEqualTo("ready");

      Frame frame = Pipeline.upload(camera, scene);
      FrameRef ref = pipeline.publishFrame(frame);
      pipeline.publishVerdicts(
          Pipeline.verdicts(
              frame,
              ref,
              List.of(verdict(0, scene.face("without_mask"), FaceLabel.without_mask, 0.9f))));

      Event raised = next(events, e -> e.data().contains(camera));
      assertThat(raised.name()).isEqualTo("alert");
      JsonPath alert = JsonPath.from(raised.data());
      assertThat(alert.getString("cameraId")).isEqualTo(camera);
      assertThat(alert.getString("frameId")).isEqualTo(frame.getFrameId());
      assertThat(alert.getString("label")).isEqualTo("without_mask");
      assertThat(alert.getString("status")).isEqualTo("open");

      given().post("/api/alerts/{id}/ack", alert.getString("alertId")).then().statusCode(200);
      Event updated = next(events, e -> e.data().contains(camera));
      assertThat(updated.name()).isEqualTo("alert-updated");
      assertThat(JsonPath.from(updated.data()).getString("status")).isEqualTo("acknowledged");
      assertThat(JsonPath.from(updated.data()).getString("acknowledgedBy")).isEqualTo("admin");
    } finally {
      response.cancel(true);
      open.body().close();
    }
  }

  @Test
  void theListFiltersByStatusAndSiteAndExportsCsv() {
    VocScene scene = VocScene.first("an unmasked face", s -> s.has("without_mask"));
    String camera = Pipeline.newCamera("csv");
    for (int i = 0; i < 2; i++) {
      Frame frame = Pipeline.upload(camera, scene);
      FrameRef ref = pipeline.publishFrame(frame);
      pipeline.publishVerdicts(
          Pipeline.verdicts(
              frame,
              ref,
              List.of(verdict(0, scene.face("without_mask"), FaceLabel.without_mask, 0.9f))));
    }
    await().atMost(PATIENCE).until(() -> list(Map.of("cameraId", camera)).size() == 2);
    String first = (String) list(Map.of("cameraId", camera)).get(0).get("alertId");
    given().post("/api/alerts/{id}/ack", first).then().statusCode(200);

    assertThat(list(Map.of("cameraId", camera, "status", "acknowledged")))
        .extracting(a -> a.get("alertId"))
        .containsExactly(first);
    assertThat(list(Map.of("cameraId", camera, "status", "open"))).hasSize(1);
    assertThat(list(Map.of("cameraId", camera, "status", "snoozed"))).isEmpty();
    String site = (String) list(Map.of("cameraId", camera)).get(0).get("site");
    assertThat(list(Map.of("cameraId", camera, "site", site))).hasSize(2);
    assertThat(list(Map.of("cameraId", camera, "site", "no-such-site"))).isEmpty();
    given()
        .queryParam("status", "closed")
        .get("/api/alerts")
        .then()
        .statusCode(400)
        .body("error", containsString("status must be open, acknowledged or snoozed"));

    String csv =
        given()
            .queryParam("cameraId", camera)
            .queryParam("format", "csv")
            .get("/api/alerts")
            .then()
            .statusCode(200)
            .contentType(containsString("text/csv"))
            .header("Content-Disposition", containsString("alerts.csv"))
            .extract()
            .asString();
    List<String> lines = csv.lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).isEqualTo(AlertCsv.HEADER);
    assertThat(lines.get(1))
        .startsWith(first + ",")
        .contains(camera, "without_mask", "acknowledged", ",admin,");
    String byAccept =
        given()
            .accept("text/csv")
            .queryParam("cameraId", camera)
            .get("/api/alerts")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertThat(byAccept.lines().count()).isEqualTo(3);
    given().queryParam("format", "xml").get("/api/alerts").then().statusCode(400);
    given().queryParam("cameraId", camera).get("/api/alerts").then().body("size()", is(2));
  }

  @Test
  void csvFieldsAreQuotedAndNeverFormulas() {
    assertThat(AlertCsv.field("a,b")).isEqualTo("\"a,b\"");
    assertThat(AlertCsv.field("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    assertThat(AlertCsv.field("=HYPERLINK(1)")).isEqualTo("'=HYPERLINK(1)");
    assertThat(AlertCsv.field(null)).isEmpty();
  }

  private static List<Map<String, Object>> list(Map<String, String> query) {
    return given()
        .queryParams(query)
        .get("/api/alerts")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("$");
  }

  private static Event next(BlockingQueue<Event> events, java.util.function.Predicate<Event> wanted)
      throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      Event event = events.poll(1, TimeUnit.SECONDS);
      if (event != null && wanted.test(event)) {
        return event;
      }
    }
    throw new AssertionError("no such event on the stream within " + PATIENCE);
  }
}
