package io.maskwatch.alert.domain.notify;

import io.maskwatch.alert.domain.RaisedAlert;
import io.maskwatch.alert.domain.SiteAlert;
import java.time.Instant;
import java.util.Locale;

/**
 * An alert as notifications carry it (the outbox stores it as JSON). No picture and nothing that
 * identifies the person: a camera, a label, a time, a box.
 *
 * <p>{@code kind} is {@value #VIOLATION} for a face alert (null in rows written before kinds), or
 * {@value io.maskwatch.alert.domain.SiteAlert#COMPLIANCE_BELOW_THRESHOLD} for a site alert, which
 * has no camera, frame, track or box but a {@code percent} and {@code windowMinutes} (with the
 * threshold in {@code minPercent}); its {@code capturedAt} is the window's end.
 */
public record AlertMessage(
    String alertId,
    String site,
    String cameraId,
    String label,
    float confidence,
    String frameId,
    String trackId,
    Instant capturedAt,
    Instant raisedAt,
    int boxX,
    int boxY,
    int boxWidth,
    int boxHeight,
    String kind,
    Double percent,
    Double minPercent,
    Integer windowMinutes) {

  public static final String VIOLATION = "violation";

  public static AlertMessage of(RaisedAlert alert) {
    return new AlertMessage(
        alert.alertId().toString(),
        alert.site(),
        alert.cameraId(),
        alert.label().wireName(),
        alert.confidence(),
        alert.frameId(),
        alert.trackId() == null ? null : alert.trackId().toString(),
        alert.capturedAt(),
        alert.raisedAt(),
        alert.box().x(),
        alert.box().y(),
        alert.box().width(),
        alert.box().height(),
        VIOLATION,
        null,
        null,
        null);
  }

  public static AlertMessage of(SiteAlert alert) {
    return new AlertMessage(
        alert.alertId().toString(),
        alert.site(),
        null,
        alert.kind(),
        0f,
        null,
        null,
        alert.windowEnd(),
        alert.raisedAt(),
        0,
        0,
        0,
        0,
        alert.kind(),
        alert.percent(),
        alert.minPercent(),
        alert.windowMinutes());
  }

  private boolean siteAlert() {
    return SiteAlert.COMPLIANCE_BELOW_THRESHOLD.equals(kind);
  }

  /** One line for people: Slack text, e-mail subject. */
  public String headline() {
    if (siteAlert()) {
      return String.format(
          Locale.ROOT,
          "Compliance alert: site %s at %.1f %% masked over the last %d min (threshold %.1f %%),"
              + " at %s",
          site,
          percent,
          windowMinutes,
          minPercent,
          capturedAt);
    }
    return String.format(
        Locale.ROOT,
        "Mask alert: %s on camera %s (site %s), %.0f %% sure, at %s",
        label,
        cameraId,
        site,
        confidence * 100,
        capturedAt);
  }

  /** A few lines for an e-mail body. */
  public String text() {
    if (siteAlert()) {
      return headline() + "\n\nalert " + alertId + "\nraised at " + raisedAt + "\n";
    }
    return headline()
        + "\n\nalert "
        + alertId
        + "\nframe "
        + frameId
        + "\ntrack "
        + trackId
        + "\nraised at "
        + raisedAt
        + "\n";
  }
}
