package io.maskwatch.ingest.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import io.maskwatch.events.EventCodec;
import io.maskwatch.events.Frame;
import io.maskwatch.events.FrameSource;
import io.maskwatch.events.Topics;
import io.maskwatch.ingest.ServiceTopics;
import io.maskwatch.ingest.TestImages;
import io.maskwatch.testing.KafkaBrokerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

/**
 * The webcam page in a real browser: Debian's Chromium (never a downloaded one) with its fake
 * camera (a synthetic moving picture) opens {@code /webcam.html}, starts a registered webcam
 * camera, and its frames arrive in {@code frames}. Skipped when /usr/bin/chromium is absent ({@code
 * ./maskwatch test} installs it).
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(ServiceTopics.class)
class WebcamPageTest {

  private static final Path CHROMIUM = Paths.get("/usr/bin/chromium");

  @TestHTTPResource("/webcam.html")
  URL page;

  @Test
  void thePageStreamsTheBrowsersCameraIntoFrames() throws Exception {
    assumeTrue(
        Files.isExecutable(CHROMIUM),
        "no " + CHROMIUM + ": skipping the browser test (apt-get install chromium)");
    String id = WebcamFramesTest.webcam(320, 240, true);

    try (Playwright playwright =
            Playwright.create(
                new Playwright.CreateOptions()
                    .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        Browser browser =
            playwright
                .chromium()
                .launch(
                    new BrowserType.LaunchOptions()
                        .setExecutablePath(CHROMIUM)
                        .setHeadless(true)
                        .setArgs(
                            List.of(
                                "--headless",
                                "--no-sandbox",
                                "--disable-gpu",
                                "--disable-quic",
                                "--no-first-run",
                                "--disable-background-networking",
                                "--disable-component-update",
                                "--disable-sync",
                                "--use-fake-device-for-media-stream",
                                "--use-fake-ui-for-media-stream")));
        BrowserContext context = browser.newContext()) {
      Page tab = context.newPage();
      tab.navigate(page.toString());
      tab.fill("#camera", id);
      tab.click("#start");
      tab.waitForFunction(
          "() => Number(document.getElementById('sent').textContent) >= 3",
          null,
          new Page.WaitForFunctionOptions().setTimeout(60_000));
      Path screenshots = Paths.get("target/screenshots");
      Files.createDirectories(screenshots);
      tab.screenshot(new Page.ScreenshotOptions().setPath(screenshots.resolve("webcam.png")));
      assertThat(tab.textContent("#status")).contains("streaming").contains(id);
      assertThat(tab.textContent("#failed")).isEqualTo("0");
      tab.click("#stop");
    }

    List<Frame> frames = frames(id, 3);
    assertThat(frames)
        .hasSize(3)
        .allSatisfy(
            f -> {
              assertThat(f.getSource()).isEqualTo(FrameSource.webcam);
              assertThat(f.getCameraId()).isEqualTo(id);
              assertThat(f.getWidth()).isBetween(1, 320);
              assertThat(f.getHeight()).isBetween(1, 240);
              byte[] jpeg = new byte[f.getImage().remaining()];
              f.getImage().duplicate().get(jpeg);
              assertThat(TestImages.decode(jpeg).getWidth()).isEqualTo(f.getWidth());
            });
    given()
        .get("/api/cameras/" + id + "/status")
        .then()
        .statusCode(200)
        .body("framesSent", greaterThanOrEqualTo(3));
    given().delete("/api/cameras/" + id).then().statusCode(204);
  }

  private static List<Frame> frames(String cameraId, int count) {
    try (KafkaCompanion kafka = new KafkaCompanion(KafkaBrokerResource.bootstrapServers())) {
      ConsumerTask<String, byte[]> task =
          kafka
              .consume(String.class, byte[].class)
              .withGroupId("test-" + UUID.randomUUID())
              .withProp(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")
              .fromTopics(
                  Set.of(Topics.FRAMES),
                  records -> records.filter(r -> cameraId.equals(r.key())).select().first(count));
      try {
        task.awaitCompletion(Duration.ofSeconds(30));
        return task.getRecords().stream().map(r -> EventCodec.FRAME.decode(r.value())).toList();
      } finally {
        task.stop();
      }
    }
  }
}
