package io.maskwatch.ingest.camera;

/**
 * A camera's motion gating: when enabled, a sampled frame that barely differs from the last frame
 * sent is skipped, but one is sent at least every {@code keyframeSeconds} so that people standing
 * still are still seen.
 *
 * @param threshold the mean absolute difference, in grey levels (0-255) of a small blurred
 *     grayscale copy of both frames, below which a frame is skipped
 * @param keyframeSeconds the longest time between two frames sent
 */
public record MotionGating(boolean enabled, double threshold, double keyframeSeconds) {

  public static final double DEFAULT_THRESHOLD = 2.0;
  public static final double DEFAULT_KEYFRAME_SECONDS = 10.0;

  /** Every sampled frame is sent (the default). */
  public static final MotionGating OFF =
      new MotionGating(false, DEFAULT_THRESHOLD, DEFAULT_KEYFRAME_SECONDS);
}
