package io.maskwatch.ingest.camera;

import java.time.Instant;

/**
 * A camera's capture at one moment.
 *
 * @param fps frames published per second over the last few seconds
 * @param framesDropped frames sampled but not published: the queue to Kafka was full (the oldest
 *     dropped) or Kafka refused them
 * @param framesSkipped frames sampled and not sent because motion gating found them unchanged
 * @param lastFrameAt null before the first frame
 * @param lastError the last failure, without credentials; null when none yet
 */
public record CaptureStatus(
    String cameraId,
    CaptureState state,
    double fps,
    long framesSent,
    long framesDropped,
    long framesSkipped,
    Instant lastFrameAt,
    String lastError) {}
