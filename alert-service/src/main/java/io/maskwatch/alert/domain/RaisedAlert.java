package io.maskwatch.alert.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * A track decided as a violation, as an operator sees it: at most one per track. {@code frameId}
 * and {@code faceIndex} name the face whose frame decided the track.
 *
 * @param trackId null for alerts raised before tracking
 * @param capturedAt capture time of the deciding frame; null for alerts raised before tracking
 * @param site the camera's site when the alert was raised; null before sites
 */
public record RaisedAlert(
    UUID alertId,
    String frameId,
    int faceIndex,
    String cameraId,
    Label label,
    float confidence,
    Box box,
    Instant raisedAt,
    UUID trackId,
    Instant capturedAt,
    String site,
    Handling handling) {

  /**
   * What an operator did with the alert.
   *
   * @param acknowledgedAt null until acknowledged
   * @param acknowledgedBy who, as the request said (free text), or null
   * @param snoozedUntil null, or until when it is set aside
   */
  public record Handling(Instant acknowledgedAt, String acknowledgedBy, Instant snoozedUntil) {

    public static final Handling NONE = new Handling(null, null, null);

    /** open, acknowledged, or snoozed (until snoozedUntil, at {@code now}). */
    public String status(Instant now) {
      if (acknowledgedAt != null) {
        return "acknowledged";
      }
      if (snoozedUntil != null && snoozedUntil.isAfter(now)) {
        return "snoozed";
      }
      return "open";
    }
  }
}
