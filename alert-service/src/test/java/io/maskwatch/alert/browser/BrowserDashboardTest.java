package io.maskwatch.alert.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.maskwatch.alert.support.Pipeline.verdict;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
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
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The dashboard in a real headless Chromium (Debian's), against the real alert-service with a real
 * Kafka broker and a real PostgreSQL: real photos go to {@code frames} and their verdicts to {@code
 * verdicts}, exactly as face-service and mask-service would publish them, and the pages show what
 * alert-service made of them. Uploads and camera changes go through alert-service to {@link
 * IngestStandIn}. Every page is saved as a screenshot under target/screenshots.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(value = IngestStandIn.class, restrictToAnnotatedClass = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrowserDashboardTest {

  private static final Duration PATIENCE = Duration.ofSeconds(60);

  private static Playwright playwright;
  private static Browser browser;
  private static Pipeline pipeline;

  /** A camera of its own site, registered, streaming, with one masked and one unmasked person. */
  private static String camera;

  private static String site;
  private static VocScene scene;
  private static List<Frame> frames;

  @TestHTTPResource("/")
  URL root;

  private BrowserContext context;

  @BeforeAll
  static void startBrowser() {
    Chromium.assumeInstalled();
    scene =
        VocScene.first(
            "an unmasked and a masked face", s -> s.has("without_mask") && s.has("with_mask"));
    playwright = Chromium.playwright();
    browser = Chromium.launch(playwright);
    PlaywrightAssertions.setDefaultAssertionTimeout(PATIENCE.toMillis());
    pipeline = new Pipeline();
  }

  /**
   * Once, before the first test (REST Assured knows the app's port only in a test): a camera of its
   * own site, registered and streaming, with one masked and one unmasked person.
   */
  @BeforeEach
  void publishACamerasFramesOnce() {
    if (frames != null) return;
    camera = Pipeline.newCamera("dash-gate");
    site = "dash-site-" + camera.substring(camera.length() - 8);
    register(camera, "Main gate", site, true);
    status(camera, CameraState.streaming, 2.0f);
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                rest("admin")
                    .queryParam("cameraId", camera)
                    .get("/api/rules/effective")
                    .then()
                    .statusCode(200)
                    .body("site", org.hamcrest.Matchers.is(site)));
    // One person with a mask and one without walk through five frames: two tracks, decided on the
    // fifth frame, one alert; the site is at 50 % today.
    Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(10);
    VocScene.Face masked = scene.face("with_mask");
    VocScene.Face unmasked = scene.face("without_mask");
    List<Frame> published = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Frame frame = Pipeline.frame(camera, scene, start.plus(Duration.ofMillis(500L * i)));
      FrameRef ref = pipeline.publishFrame(frame);
      pipeline.publishVerdicts(
          Pipeline.verdicts(
              frame,
              ref,
              List.of(
                  verdict(0, masked, FaceLabel.with_mask, 0.95f),
                  verdict(1, unmasked, FaceLabel.without_mask, 0.92f))));
      published.add(frame);
    }
    String last = published.get(published.size() - 1).getFrameId();
    await()
        .atMost(PATIENCE)
        .untilAsserted(() -> rest("admin").get("/api/frames/{id}", last).then().statusCode(200));
    frames = published;
    publishAnEarlierDay();
  }

  /**
   * A second camera of another site saw people over the last hours (the overview's trend): every
   * hand-annotated face of a masked-only photo or of the mixed one, five frames a visit.
   */
  private static void publishAnEarlierDay() {
    VocScene allMasked =
        VocScene.first(
            "two or more faces, all masked",
            s ->
                s.faces().size() >= 2
                    && s.faces().stream().allMatch(f -> f.label().equals("with_mask")));
    String lobby = Pipeline.newCamera("dash-lobby");
    register(lobby, "Lobby", "dash-hq-" + lobby.substring(lobby.length() - 8), true);
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    String last = null;
    for (int hoursAgo = 9; hoursAgo >= 1; hoursAgo -= 2) {
      VocScene seen = hoursAgo % 4 == 1 ? allMasked : scene;
      Instant start = now.minus(Duration.ofHours(hoursAgo));
      for (int i = 0; i < 5; i++) {
        Frame frame = Pipeline.frame(lobby, seen, start.plus(Duration.ofMillis(500L * i)));
        FrameRef ref = pipeline.publishFrame(frame);
        List<io.maskwatch.events.FaceVerdict> faces = new ArrayList<>();
        for (VocScene.Face face : seen.faces()) {
          faces.add(verdict(faces.size(), face, FaceLabel.valueOf(face.label()), 0.9f));
        }
        pipeline.publishVerdicts(Pipeline.verdicts(frame, ref, faces));
        last = frame.getFrameId();
      }
    }
    String lastFrame = last;
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> rest("admin").get("/api/frames/{id}", lastFrame).then().statusCode(200));
  }

  @AfterAll
  static void closeBrowser() {
    if (browser != null) browser.close();
    if (playwright != null) playwright.close();
    if (pipeline != null) pipeline.close();
  }

  @BeforeEach
  void newContext() {
    context =
        browser.newContext(
            new Browser.NewContextOptions()
                .setBaseURL(root.toString())
                .setViewportSize(1280, 860)
                .setLocale("en-GB")
                .setTimezoneId("UTC"));
    context.setDefaultTimeout(PATIENCE.toMillis());
  }

  @AfterEach
  void closeContext() {
    if (context != null) context.close();
  }

  @Test
  @Order(1)
  void aPageNeedsALoginAWrongPasswordIsRefusedAndTheOverviewShowsTheSite() {
    Page page = context.newPage();
    page.navigate("/alerts.html");
    assertThat(page).hasURL(Pattern.compile(".*/login\\.html.*"));
    page.fill("#username", "operator");
    page.fill("#password", "not-the-password");
    page.click("#sign-in");
    assertThat(page).hasURL(Pattern.compile(".*/login\\.html\\?error=1"));
    assertThat(page.locator("#login-error")).isVisible();
    Chromium.screenshot(page, "login");

    page.fill("#username", "operator");
    page.fill("#password", "operator-pass");
    page.click("#sign-in");
    assertThat(page).not().hasURL(Pattern.compile(".*/login\\.html.*"));
    page.navigate("/index.html");
    assertThat(page.locator("#who")).containsText("operator");
    Locator row = page.locator("#sites tr[data-site='" + site + "']");
    assertThat(row).containsText("50.0 %");
    assertThat(page.locator("#trend svg rect.bar").first()).isAttached();
    assertThat(page.locator("#cameras-online")).hasText(Pattern.compile("\\d+"));
    assertThat(page.locator("#open-alerts")).hasText(Pattern.compile("[1-9]\\d*"));
    Path overview = Chromium.screenshot(page, "overview");
    assertThat(overview).isNotEmptyFile();

    page.setViewportSize(390, 844);
    Chromium.screenshot(page, "overview-phone");
  }

  @Test
  @Order(2)
  void theCamerasPageShowsTheCamerasAnnotatedFrameAndItsPageTheCompliance() {
    Page page = login("operator");
    page.navigate("/cameras.html");
    Locator card = page.locator("article.camera[data-camera='" + camera + "']");
    assertThat(card).containsText("Main gate");
    assertThat(card).containsText("streaming");
    Locator image = card.locator("img.annotated");
    String last = frames.get(frames.size() - 1).getFrameId();
    assertThat(image).hasAttribute("src", "/api/frames/" + last + "/annotated.png");
    awaitLoaded(image);
    assertThat(naturalWidth(image)).isEqualTo(frames.get(0).getWidth());
    Chromium.screenshot(page, "cameras");

    card.locator("a.title").click();
    assertThat(page).hasURL(Pattern.compile(".*/camera\\.html\\?id=" + camera));
    assertThat(page.locator("#camera-name")).hasText("Main gate");
    awaitLoaded(page.locator("#camera-frame img.annotated"));
    Locator bar = page.locator("#camera-chart rect.bar");
    assertThat(bar).hasCount(1);
    assertThat(bar).hasAttribute("data-percent", "50");
    assertThat(page.locator("#camera-alerts")).containsText("No mask");
    Chromium.screenshot(page, "camera");
  }

  @Test
  @Order(3)
  void anOperatorAddsACameraThroughIngestAndDisablesIt() {
    Page page = login("operator");
    page.navigate("/cameras.html");
    String added = Pipeline.newCamera("dash-new");
    page.click("#add-camera");
    page.fill("#camera-form input[name=id]", added);
    page.fill("#camera-form input[name=name]", "Side door");
    page.fill("#camera-form input[name=site]", site);
    page.fill("#camera-form input[name=url]", "rtsp://guard:secret@10.0.0.5/stream1");
    page.click("#camera-save");
    Locator card = page.locator("article.camera[data-camera='" + added + "']");
    assertThat(card).containsText("Side door");
    card.locator("button.disable").click();
    assertThat(card).containsText("disabled");
    assertThat(card.locator("button.enable")).isVisible();
    // The page never shows the stream's password.
    assertThat(page.content()).doesNotContain("secret");

    // A session that ends (cookie gone) sends the page to the login at its next refresh.
    context.clearCookies();
    assertThat(page).hasURL(Pattern.compile(".*/login\\.html.*"));
  }

  @Test
  @Order(4)
  void aLiveAlertAppearsWithoutAReloadAndIsAcknowledged() {
    Page page = login("operator");
    String live = Pipeline.newCamera("dash-live");
    register(live, "Lobby", site, true);
    page.navigate("/alerts.html?cameraId=" + live);
    assertThat(page.locator("#live")).hasText("live");
    assertThat(page.locator("#alerts tbody")).containsText("No alerts match");
    page.evaluate("() => { window.sameDocument = true; }");

    VocScene.Face unmasked = scene.face("without_mask");
    pipeline.walk(
        live,
        scene,
        unmasked,
        Instant.now().truncatedTo(ChronoUnit.MILLIS),
        Duration.ofMillis(500),
        List.of(
            FaceLabel.without_mask,
            FaceLabel.without_mask,
            FaceLabel.without_mask,
            FaceLabel.without_mask,
            FaceLabel.without_mask),
        0.9f,
        4);

    Locator row = page.locator("#alerts tbody tr[data-alert-id]");
    assertThat(row).hasCount(1);
    assertThat(row).containsText("No mask");
    assertThat(row).containsText(live);
    assertThat(row).containsText("open");
    assertThat(page.evaluate("() => window.sameDocument === true")).isEqualTo(true);
    awaitLoaded(row.locator("img.thumb"));
    Chromium.screenshot(page, "alerts");

    row.locator("button.ack").click();
    assertThat(row).containsText("acknowledged by operator");
    String alertId = row.getAttribute("data-alert-id");
    rest("viewer")
        .get("/api/alerts?cameraId=" + live)
        .then()
        .statusCode(200)
        .body("[0].alertId", org.hamcrest.Matchers.is(alertId))
        .body("[0].status", org.hamcrest.Matchers.is("acknowledged"))
        .body("[0].acknowledgedBy", org.hamcrest.Matchers.is("operator"));

    // The CSV export link carries the page's filters and gives this alert.
    assertThat(page.locator("#csv")).hasAttribute("href", Pattern.compile(".*format=csv.*"));
    Object csv =
        page.evaluate("() => fetch(document.getElementById('csv').href).then(r => r.text())");
    assertThat((String) csv).contains(alertId).contains(live);

    // Snoozing the fixture camera's alert: the row says until when.
    page.navigate("/alerts.html?cameraId=" + camera);
    Locator other = page.locator("#alerts tbody tr[data-alert-id]");
    assertThat(other).hasCount(1);
    other.locator("select.snooze-minutes").selectOption("60");
    other.locator("button.snooze").click();
    assertThat(other).containsText("snoozed until");
    // A snoozed alert can still be acknowledged.
    assertThat(other.locator("button.ack")).isEnabled();
    page.setViewportSize(390, 844);
    Chromium.screenshot(page, "alerts-phone");
  }

  @Test
  @Order(5)
  void aViewerSeesTheAlertsButNoAckButtonNoCameraFormAndNoUpload() {
    Page page = login("viewer");
    assertThat(page.locator("#who")).containsText("viewer");
    page.navigate("/alerts.html?cameraId=" + camera);
    Locator row = page.locator("#alerts tbody tr[data-alert-id]");
    assertThat(row).hasCount(1);
    assertThat(row).containsText("No mask");
    assertThat(page.locator("button.ack")).hasCount(0);
    assertThat(page.locator("th[data-role=operator]")).isHidden();
    // The server says no as well: a viewer's acknowledgement is refused.
    Object status =
        page.evaluate(
            "id => fetch('/api/alerts/' + id + '/ack', {method: 'POST', headers: {'X-Requested-With':"
                + " 'maskwatch'}}).then(r => r.status)",
            row.getAttribute("data-alert-id"));
    assertThat(status).isEqualTo(403);
    // The pages' fetch wrapper says so in words.
    Object refused =
        page.evaluate(
            "id => import('/js/api.js').then(api => api.post('/api/alerts/' + id + '/ack')"
                + ".then(() => 'done', e => e.message))",
            row.getAttribute("data-alert-id"));
    assertThat(refused).isEqualTo("Not allowed for your role.");
    assertThat(page.locator("#notice")).hasText("Not allowed for your role.");

    page.navigate("/cameras.html");
    assertThat(page.locator("article.camera[data-camera='" + camera + "']")).isVisible();
    assertThat(page.locator("#add-camera")).isHidden();
    assertThat(page.locator("button.edit")).hasCount(0);

    page.navigate("/upload.html");
    assertThat(page.locator("#drop")).isHidden();
    assertThat(page.locator("#upload-role-note")).isVisible();
  }

  @Test
  @Order(6)
  void anUploadedPhotoComesBackWithEveryFaceBoxedAndListed() {
    Page page = login("operator");
    page.navigate("/upload.html");
    page.setInputFiles("#file", scene.image());
    Locator image = page.locator("#upload-image img.annotated");
    awaitLoaded(image);
    assertThat(naturalWidth(image)).isEqualTo(frames.get(0).getWidth());
    Locator faces = page.locator("#upload-faces li.face");
    assertThat(faces).hasCount(scene.faces().size());
    long unmasked = scene.faces().stream().filter(f -> f.label().equals("without_mask")).count();
    assertThat(page.locator("#upload-faces li.face[data-label=without_mask]"))
        .hasCount((int) unmasked);
    assertThat(page.locator("#upload-summary")).containsText(scene.faces().size() + " faces");
    // The picture shown is alert-service's annotated.png of the uploaded frame, boxes drawn.
    String frameId = image.getAttribute("data-frame-id");
    byte[] png = rest("operator").get("/api/frames/{id}/annotated.png", frameId).asByteArray();
    assertThat(png.length).isGreaterThan(1000);
    Chromium.screenshot(page, "upload");
  }

  @Test
  @Order(7)
  void theWebcamSendsAFrameAboutEverySecondAndShowsTheResult() {
    context.grantPermissions(List.of("camera"));
    Page page = login("operator");
    page.navigate("/webcam.html");
    page.click("#webcam-start");
    Locator annotated = page.locator("#webcam-annotated[data-upload-id]");
    assertThat(annotated).isAttached();
    assertThat(page.locator("#webcam-stats")).containsText(Pattern.compile("[1-9]\\d* analysed"));
    // Chromium's fake camera shows no face: the frame still went through and came back.
    assertThat(page.locator("#webcam-faces")).containsText("No face found");
    Chromium.screenshot(page, "webcam");
    page.click("#webcam-stop");
  }

  @Test
  @Order(8)
  void aViewerSeesThePipelineWithoutScaleControlAndTheAdminIsToldWhyItCannotScaleHere() {
    Page viewer = login("viewer");
    viewer.navigate("/pipeline.html");
    assertThat(viewer.locator("#services tr[data-service=mask-service]")).isVisible();
    assertThat(viewer.locator("button.scale")).hasCount(0);
    viewer.locator("#logout").click();
    assertThat(viewer).hasURL(Pattern.compile(".*/login\\.html"));

    Page page = login("admin");
    page.navigate("/pipeline.html");
    assertThat(page.locator("#mode")).containsText("local");
    Locator scale = page.locator("#services tr[data-service=mask-service] button.scale");
    assertThat(scale).isVisible();
    scale.click();
    assertThat(page.locator("#scale-state")).containsText("Not scaled");
    Chromium.screenshot(page, "pipeline");

    page.locator("#logout").click();
    assertThat(page).hasURL(Pattern.compile(".*/login\\.html"));
    page.navigate("/index.html");
    assertThat(page).hasURL(Pattern.compile(".*/login\\.html.*"));
  }

  // ---- helpers ----------------------------------------------------------------------------------

  private Page login(String user) {
    Page page = context.newPage();
    page.navigate("/login.html");
    page.fill("#username", user);
    page.fill("#password", user + "-pass");
    page.click("#sign-in");
    assertThat(page).hasURL(Pattern.compile(".*/index\\.html"));
    assertThat(page.locator("#who")).containsText(user);
    return page;
  }

  private static void awaitLoaded(Locator image) {
    assertThat(image).isAttached();
    await().atMost(PATIENCE).until(() -> naturalWidth(image) > 0);
  }

  private static int naturalWidth(Locator image) {
    return ((Number) image.evaluate("img => img.complete ? img.naturalWidth : 0")).intValue();
  }

  static RequestSpecification rest(String user) {
    return RestAssured.given()
        .auth()
        .preemptive()
        .basic(user, user + "-pass")
        .header("X-Requested-With", "maskwatch");
  }

  private static void register(String id, String name, String site, boolean enabled) {
    CameraDefinition definition =
        CameraDefinition.newBuilder()
            .setCameraId(id)
            .setName(name)
            .setSite(site)
            .setZone("entrance")
            .setUrl("rtsp://10.0.0.7/stream")
            .setEnabled(enabled)
            .setUpdatedAt(Instant.now())
            .build();
    pipeline
        .kafka()
        .produce(String.class, byte[].class)
        .fromRecords(
            new ProducerRecord<>(
                Topics.CAMERAS, id, EventCodec.CAMERA_DEFINITION.encode(definition)))
        .awaitCompletion();
  }

  private static void status(String id, CameraState state, float fps) {
    CameraStatus status =
        CameraStatus.newBuilder()
            .setCameraId(id)
            .setState(state)
            .setFps(fps)
            .setFramesSent(10)
            .setFramesDropped(0)
            .setLastFrameAt(Instant.now())
            .setLastError(null)
            .setInstance("ingest-test")
            .setReportedAt(Instant.now())
            .build();
    pipeline
        .kafka()
        .produce(String.class, byte[].class)
        .fromRecords(
            new ProducerRecord<>(Topics.CAMERA_STATUS, id, EventCodec.CAMERA_STATUS.encode(status)))
        .awaitCompletion();
  }
}
