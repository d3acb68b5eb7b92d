package io.maskwatch.alert.snapshot;

import io.maskwatch.alert.RuleService;
import io.maskwatch.alert.config.AlertConfig;
import io.maskwatch.alert.domain.AnalysedFrame;
import io.maskwatch.alert.domain.Box;
import io.maskwatch.alert.domain.ClassifiedFace;
import io.maskwatch.alert.domain.RaisedAlert;
import io.maskwatch.alert.messaging.FramePictureReader;
import io.maskwatch.alert.messaging.FrameReadException;
import io.maskwatch.alert.store.SnapshotRepository;
import io.maskwatch.events.Frame;
import io.maskwatch.vision.image.Annotator;
import io.maskwatch.vision.image.Images;
import io.maskwatch.vision.image.InvalidImageException;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Evidence for alerts: the frame read back from Kafka, the violator boxed and labelled, every other
 * face blurred beyond recognition, stored as JPEG; and the retention job that deletes the images of
 * a site's snapshots after its {@code snapshotRetentionDays} (the alerts and counts stay).
 */
@ApplicationScoped
public class AlertSnapshots {

  private static final Logger LOG = Logger.getLogger(AlertSnapshots.class);
  public static final String JPEG = "image/jpeg";

  private final FramePictureReader reader;
  private final SnapshotRepository snapshots;
  private final RuleService rules;
  private final long maxPixels;

  public AlertSnapshots(
      FramePictureReader reader,
      SnapshotRepository snapshots,
      RuleService rules,
      AlertConfig config) {
    this.reader = reader;
    this.snapshots = snapshots;
    this.rules = rules;
    this.maxPixels = config.snapshot().maxPixels();
  }

  /**
   * Makes and stores the alert's snapshot unless it has one. Never throws for a missing picture:
   * the reason is stored instead, and the API says it.
   */
  public void capture(AnalysedFrame frame, RaisedAlert alert) {
    if (snapshots.exists(alert.alertId())) {
      return;
    }
    byte[] jpeg = null;
    String error = null;
    try {
      jpeg = render(frame, alert.faceIndex());
    } catch (FrameReadException e) {
      error = e.getMessage();
      LOG.warnf("alert %s has no snapshot: %s", alert.alertId(), error);
    }
    snapshots.insert(alert.alertId(), alert.site(), JPEG, jpeg, error, Instant.now());
  }

  /** The frame with the violator drawn and every other face blurred, as JPEG. */
  byte[] render(AnalysedFrame frame, int violatorIndex) {
    Frame picture = reader.read(frame.position(), frame.frameId());
    ByteBuffer buffer = picture.getImage().duplicate();
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    Mat image;
    try {
      image = Images.decode(bytes, "frame " + frame.frameId(), maxPixels);
    } catch (InvalidImageException e) {
      throw new FrameReadException(FrameReadException.Reason.UNREADABLE, e.getMessage(), e);
    }
    try {
      ClassifiedFace violator = null;
      for (ClassifiedFace face : frame.faces()) {
        if (face.index() == violatorIndex) {
          violator = face;
        } else {
          blur(image, face.box());
        }
      }
      List<Annotator.Face> drawn =
          violator == null
              ? List.of()
              : List.of(
                  new Annotator.Face(
                      violator.box().x(),
                      violator.box().y(),
                      violator.box().width(),
                      violator.box().height(),
                      violator.label().wireName(),
                      violator.confidence()));
      Mat annotated = Annotator.annotate(image, drawn);
      try {
        return Images.encodeJpeg(annotated, 85);
      } finally {
        annotated.release();
      }
    } finally {
      image.release();
    }
  }

  /** A strong blur over the face's box (grown by a quarter, clipped to the image). */
  static void blur(Mat image, Box box) {
    int growX = box.width() / 4;
    int growY = box.height() / 4;
    int x = Math.max(0, box.x() - growX);
    int y = Math.max(0, box.y() - growY);
    int right = Math.min(image.cols(), box.x() + box.width() + growX);
    int bottom = Math.min(image.rows(), box.y() + box.height() + growY);
    if (right <= x || bottom <= y) {
      return;
    }
    Mat region = image.submat(new Rect(x, y, right - x, bottom - y));
    int kernel = Math.max(3, (Math.max(region.cols(), region.rows()) / 3) | 1);
    Imgproc.GaussianBlur(region, region, new Size(kernel, kernel), 0);
    Imgproc.GaussianBlur(region, region, new Size(kernel, kernel), 0);
    region.release();
  }

  @Scheduled(
      every = "${maskwatch.alert.snapshot.retention-every:1h}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void retentionJob() {
    int deleted = purge(Instant.now());
    if (deleted > 0) {
      LOG.infof("retention deleted %d snapshot image(s)", deleted);
    }
  }

  /** Deletes the images of snapshots older than their site's retention at {@code now}. */
  public int purge(Instant now) {
    int deleted = 0;
    for (String site : snapshots.sitesWithImages()) {
      int days = rules.book().effectiveForSite(site, rules.builtIn()).snapshotRetentionDays();
      deleted += snapshots.deleteImages(site, now.minus(Duration.ofDays(days)), now);
    }
    return deleted;
  }
}
