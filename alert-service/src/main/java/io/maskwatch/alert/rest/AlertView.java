package io.maskwatch.alert.rest;

import io.maskwatch.alert.domain.RaisedAlert;
import java.time.Instant;

/** One alert as {@code GET /api/alerts} lists it. */
public record AlertView(
    String alertId,
    String cameraId,
    String frameId,
    int faceIndex,
    String label,
    float confidence,
    BoxView box,
    Instant raisedAt,
    String trackId,
    Instant capturedAt,
    String site,
    String status,
    Instant acknowledgedAt,
    String acknowledgedBy,
    Instant snoozedUntil) {

  static AlertView of(RaisedAlert alert) {
    return new AlertView(
        alert.alertId().toString(),
        alert.cameraId(),
        alert.frameId(),
        alert.faceIndex(),
        alert.label().wireName(),
        alert.confidence(),
        BoxView.of(alert.box()),
        alert.raisedAt(),
        alert.trackId() == null ? null : alert.trackId().toString(),
        alert.capturedAt(),
        alert.site(),
        alert.handling().status(Instant.now()),
        alert.handling().acknowledgedAt(),
        alert.handling().acknowledgedBy(),
        alert.handling().snoozedUntil());
  }
}
