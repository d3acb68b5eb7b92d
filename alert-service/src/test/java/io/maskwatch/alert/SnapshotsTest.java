package io.maskwatch.alert;

import static io.maskwatch.alert.support.Api.given;
import static io.maskwatch.alert.support.Pipeline.verdict;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.maskwatch.alert.snapshot.AlertSnapshots;
import io.maskwatch.alert.support.Pipeline;
import io.maskwatch.alert.support.VocScene;
import io.maskwatch.events.FaceLabel;
import io.maskwatch.events.Frame;
import io.maskwatch.events.FrameRef;
import io.maskwatch.testing.KafkaBrokerResource;
import io.maskwatch.testing.PostgresResource;
import io.maskwatch.vision.image.Images;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfDouble;
import org.opencv.core.Rect;
import org.opencv.imgproc.Imgproc;

/** An alert's snapshot: the violator drawn, the others blurred; deleted by retention per site. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(PostgresResource.class)
class SnapshotsTest {

  private static Pipeline pipeline;

  @Inject AlertSnapshots snapshots;

  @BeforeAll
  static void connect() {
    pipeline = new Pipeline();
  }

  @AfterAll
  static void disconnect() {
    pipeline.close();
  }

  @Test
  void theSnapshotDrawsTheViolatorBlursTheOthersAndRetentionDeletesItPerSite() {
    VocScene scene =
        VocScene.first(
            "an unmasked and a masked face", s -> s.has("without_mask") && s.has("with_mask"));
    VocScene.Face unmasked = scene.face("without_mask");
    VocScene.Face masked = scene.face("with_mask");
    String camera = Pipeline.newCamera("evidence");
    String site = "short-" + camera;
    NotificationsTest.putRules(
        Map.of(
            "sites", Map.of(site, Map.of("snapshotRetentionDays", 2)),
            "cameras", Map.of(camera, Map.of("site", site))));

    Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    List<Frame> frames = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Frame frame = Pipeline.frame(camera, scene, start.plus(Duration.ofMillis(500L * i)));
      FrameRef ref = pipeline.publishFrame(frame);
      pipeline.publishVerdicts(
          Pipeline.verdicts(
              frame,
              ref,
              List.of(
                  verdict(0, masked, FaceLabel.with_mask, 0.95f),
                  verdict(1, unmasked, FaceLabel.without_mask, 0.95f))));
      frames.add(frame);
    }
    TrackedAlertsTest.awaitFramesStored(frames);
    String alertId = (String) VerdictsToAlertsTest.alertsOf(camera).get(0).get("alertId");

    byte[] jpeg =
        Awaitility.await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () -> given().get("/api/alerts/{id}/snapshot.jpg", alertId),
                response -> response.statusCode() == 200)
            .then()
            .contentType("image/jpeg")
            .extract()
            .asByteArray();
    Mat snapshot = Images.decode(jpeg);
    Mat original = Images.decode(scene.bytes());
    assertThat(snapshot.size()).isEqualTo(original.size());
    // The other face is blurred: far less detail than in the photo.
    Rect other = rect(masked);
    assertThat(detail(snapshot.submat(other))).isLessThan(detail(original.submat(other)) / 4);
    // The violator is not blurred, but boxed: its border has the violation colour.
    Rect violator = rect(unmasked);
    assertThat(detail(snapshot.submat(violator)))
        .isGreaterThan(detail(original.submat(violator)) / 2);
    // JPEG smears a thin coloured line, so compare a strip along the box's left edge with the
    // photo: the box is drawn there; a strip in an untouched corner only carries JPEG noise.
    Rect edge = new Rect(Math.max(0, unmasked.x() - 1), unmasked.y(), 3, unmasked.height());
    Rect corner = new Rect(0, 0, 3, unmasked.height());
    assertThat(meanDifference(snapshot, original, edge))
        .isGreaterThan(5 * meanDifference(snapshot, original, corner) + 10);

    // Retention: 2 days for this site; the default (30 days) keeps other sites' snapshots.
    assertThat(snapshots.purge(Instant.now().plus(Duration.ofDays(1)))).isZero();
    assertThat(snapshots.purge(Instant.now().plus(Duration.ofDays(3)))).isEqualTo(1);
    given()
        .get("/api/alerts/{id}/snapshot.jpg", alertId)
        .then()
        .statusCode(410)
        .body("error", containsString("deleted by retention"));
    // The alert and the counts stay.
    assertThat(VerdictsToAlertsTest.alertsOf(camera)).hasSize(1);
    given()
        .queryParam("camera", camera)
        .queryParam("from", start.minus(Duration.ofHours(1)).toString())
        .queryParam("to", start.plus(Duration.ofHours(1)).toString())
        .queryParam("bucket", "day")
        .get("/api/compliance")
        .then()
        .statusCode(200)
        .body("rows[0].people", org.hamcrest.Matchers.is(2))
        .body("rows[0].frames", org.hamcrest.Matchers.is(5));
    NotificationsTest.clearRules();
  }

  /** Mean absolute difference per pixel and channel between two pictures in one region. */
  private static double meanDifference(Mat a, Mat b, Rect region) {
    return Core.norm(a.submat(region), b.submat(region), Core.NORM_L1)
        / (region.area() * a.channels());
  }

  private static Rect rect(VocScene.Face face) {
    return new Rect(face.x(), face.y(), face.width(), face.height());
  }

  /** Standard deviation of the Laplacian: how much fine detail a region holds. */
  private static double detail(Mat region) {
    Mat grey = new Mat();
    Imgproc.cvtColor(region, grey, Imgproc.COLOR_BGR2GRAY);
    Mat laplacian = new Mat();
    Imgproc.Laplacian(grey, laplacian, CvType.CV_64F);
    MatOfDouble mean = new MatOfDouble();
    MatOfDouble deviation = new MatOfDouble();
    Core.meanStdDev(laplacian, mean, deviation);
    return deviation.get(0, 0)[0];
  }
}
