package io.maskwatch.alert.domain.notify;

import io.maskwatch.alert.domain.RaisedAlert;
import java.time.Instant;
import java.util.Locale;

/**
 * An alert as notifications carry it (the outbox stores it as JSON). No picture and nothing that
 * identifies the person: a camera, a label, a time, a box.
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
    int boxHeight) {

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
        alert.box().height());
  }

  /** One line for people: Slack text, e-mail subject. */
  public String headline() {
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
