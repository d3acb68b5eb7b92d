package io.maskwatch.ingest.camera;

import java.time.Instant;
import java.util.Objects;

/**
 * A registered camera. {@code url} may hold credentials: {@link #toString()} and {@link
 * #redactedUrl()} never show them.
 *
 * @param id the camera id (the Kafka key of its frames)
 * @param zone optional (null)
 * @param sampleFps frames per second published
 * @param maxWidth frames wider than this are scaled down (aspect kept)
 * @param maxHeight frames higher than this are scaled down (aspect kept)
 */
public record CameraSpec(
    String id,
    String name,
    String site,
    String zone,
    String url,
    double sampleFps,
    int maxWidth,
    int maxHeight,
    boolean enabled,
    Instant updatedAt,
    MotionGating motionGating) {

  public static final double DEFAULT_FPS = 2.0;
  public static final int DEFAULT_MAX_WIDTH = 1280;
  public static final int DEFAULT_MAX_HEIGHT = 720;

  public CameraSpec {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(url, "url");
    motionGating = motionGating == null ? MotionGating.OFF : motionGating;
  }

  /** A camera without motion gating. */
  public CameraSpec(
      String id,
      String name,
      String site,
      String zone,
      String url,
      double sampleFps,
      int maxWidth,
      int maxHeight,
      boolean enabled,
      Instant updatedAt) {
    this(
        id,
        name,
        site,
        zone,
        url,
        sampleFps,
        maxWidth,
        maxHeight,
        enabled,
        updatedAt,
        MotionGating.OFF);
  }

  /**
   * Whether the camera pushes its frames ({@code webcam:} URL: a browser posts them to {@code POST
   * /api/cameras/{id}/frames}) rather than being pulled by the fleet.
   */
  public boolean isPushed() {
    return Urls.scheme(url).equals(CameraValidator.WEBCAM_SCHEME);
  }

  /** The URL with any user:password and secret query values replaced by {@code ***}. */
  public String redactedUrl() {
    return Urls.redact(url);
  }

  /** Whether the URL carries credentials (user info or a secret query parameter). */
  public boolean hasCredentials() {
    return !url.equals(Urls.redact(url));
  }

  /** The same camera at another time, for comparisons that ignore when it was written. */
  public CameraSpec withUpdatedAt(Instant at) {
    return new CameraSpec(
        id, name, site, zone, url, sampleFps, maxWidth, maxHeight, enabled, at, motionGating);
  }

  @Override
  public String toString() {
    return ("CameraSpec[id=%s, name=%s, site=%s, zone=%s, url=%s, sampleFps=%s, max=%dx%d,"
            + " enabled=%s, motionGating=%s]")
        .formatted(
            id,
            name,
            site,
            zone,
            redactedUrl(),
            sampleFps,
            maxWidth,
            maxHeight,
            enabled,
            motionGating);
  }
}
