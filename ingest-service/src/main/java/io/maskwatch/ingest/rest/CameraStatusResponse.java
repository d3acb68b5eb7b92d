package io.maskwatch.ingest.rest;

import io.maskwatch.ingest.camera.CaptureState;
import java.time.Instant;

/**
 * A camera's capture as last reported (by the replica that pulls it).
 *
 * @param instance the replica pulling it; null when none has reported yet
 */
public record CameraStatusResponse(
    String id,
    CaptureState state,
    double fps,
    long framesSent,
    long framesDropped,
    long framesSkipped,
    Instant lastFrameAt,
    String lastError,
    String instance,
    Instant reportedAt) {}
