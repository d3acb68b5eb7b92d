package io.maskwatch.ingest.rest;

import io.maskwatch.ingest.camera.CameraSpec;
import io.maskwatch.ingest.camera.MotionGating;
import java.time.Instant;

/**
 * A camera as the API shows it: the URL with any credentials replaced by {@code ***}.
 *
 * @param credentials whether the stored URL carries credentials (never shown)
 */
public record CameraResponse(
    String id,
    String name,
    String site,
    String zone,
    String url,
    boolean credentials,
    double sampleFps,
    int maxWidth,
    int maxHeight,
    boolean enabled,
    MotionGating motionGating,
    Instant updatedAt) {

  static CameraResponse of(CameraSpec camera) {
    return new CameraResponse(
        camera.id(),
        camera.name(),
        camera.site(),
        camera.zone(),
        camera.redactedUrl(),
        camera.hasCredentials(),
        camera.sampleFps(),
        camera.maxWidth(),
        camera.maxHeight(),
        camera.enabled(),
        camera.motionGating(),
        camera.updatedAt());
  }
}
