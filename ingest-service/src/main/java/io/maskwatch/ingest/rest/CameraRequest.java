package io.maskwatch.ingest.rest;

/**
 * A camera as submitted to {@code POST /api/cameras} or {@code PUT /api/cameras/{id}}; absent
 * optional fields take their defaults (sampleFps 2, maxWidth 1280, maxHeight 720, enabled true,
 * motion gating off).
 */
public record CameraRequest(
    String id,
    String name,
    String site,
    String zone,
    String url,
    Double sampleFps,
    Integer maxWidth,
    Integer maxHeight,
    Boolean enabled,
    MotionGatingRequest motionGating) {

  /**
   * Motion gating as submitted; absent fields take their defaults (off, threshold 2.0, keyframe
   * every 10 s).
   */
  public record MotionGatingRequest(Boolean enabled, Double threshold, Double keyframeSeconds) {}
}
