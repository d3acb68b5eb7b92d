package io.maskwatch.ingest.camera;

import java.time.Instant;

/** A sampled, scaled, JPEG-encoded picture of a camera, ready to publish. */
public record CapturedFrame(
    String cameraId, String frameId, Instant capturedAt, int width, int height, byte[] jpeg) {}
