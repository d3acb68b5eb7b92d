package io.maskwatch.alert.domain;

import java.time.Instant;
import java.util.UUID;

/** A face that broke the rule, as an operator sees it. One per face of a frame, ever. */
public record RaisedAlert(
    UUID alertId,
    String frameId,
    int faceIndex,
    String cameraId,
    Label label,
    float confidence,
    Box box,
    Instant raisedAt) {}
