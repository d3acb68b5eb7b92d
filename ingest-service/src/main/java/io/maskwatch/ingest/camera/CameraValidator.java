package io.maskwatch.ingest.camera;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks a camera as submitted and fills in the defaults. */
public final class CameraValidator {

  /** The URL schemes a camera may have: streams, snapshots and files. */
  public static final Set<String> SCHEMES =
      Set.of("rtsp", "rtsps", "http", "https", "file", "webcam");

  /**
   * The scheme of cameras that push their frames (a browser's webcam, through {@code POST
   * /api/cameras/{id}/frames}): {@code webcam:} or {@code webcam://label}. The fleet does not pull
   * them.
   */
  public static final String WEBCAM_SCHEME = "webcam";

  private static final Pattern WEBCAM_URL = Pattern.compile("webcam:(//[-a-zA-Z0-9._~]{1,100})?");
  private static final double MAX_THRESHOLD = 255;
  private static final double MIN_KEYFRAME_SECONDS = 0.1;
  private static final double MAX_KEYFRAME_SECONDS = 3600;

  /** A Kubernetes object name (DNS-1123 label), so a Camera resource's name can be the id. */
  private static final Pattern ID = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  /** Ids the pipeline uses for pictures that come from no registered camera. */
  private static final Set<String> RESERVED = Set.of("upload", "webcam");

  private static final int MAX_TEXT = 200;
  private static final int MAX_URL = 2048;
  private static final int MIN_SIZE = 32;
  private static final int MAX_WIDTH = 3840;
  private static final int MAX_HEIGHT = 2160;

  private final double minFps;
  private final double maxFps;

  public CameraValidator(double minFps, double maxFps) {
    this.minFps = minFps;
    this.maxFps = maxFps;
  }

  /**
   * A camera as the API receives it; null means absent (defaults apply to the optional fields).
   *
   * @throws CameraRejectedException naming the first field at fault
   */
  public CameraSpec validate(
      String id,
      String name,
      String site,
      String zone,
      String url,
      Double sampleFps,
      Integer maxWidth,
      Integer maxHeight,
      Boolean enabled,
      Instant now) {
    return validate(
        id, name, site, zone, url, sampleFps, maxWidth, maxHeight, enabled, null, null, null, now);
  }

  /**
   * A camera as the API receives it, with its motion gating; null means absent (gating off,
   * threshold {@value MotionGating#DEFAULT_THRESHOLD}, keyframe every {@value
   * MotionGating#DEFAULT_KEYFRAME_SECONDS} s).
   *
   * @throws CameraRejectedException naming the first field at fault
   */
  public CameraSpec validate(
      String id,
      String name,
      String site,
      String zone,
      String url,
      Double sampleFps,
      Integer maxWidth,
      Integer maxHeight,
      Boolean enabled,
      Boolean motionGating,
      Double motionThreshold,
      Double keyframeSeconds,
      Instant now) {
    if (id == null || id.isBlank()) {
      throw new CameraRejectedException("id", "id is required");
    }
    if (!ID.matcher(id).matches()) {
      throw new CameraRejectedException(
          "id",
          "id must be 1-63 lower-case letters, digits or '-', starting and ending with a letter or"
              + " digit");
    }
    if (RESERVED.contains(id)) {
      throw new CameraRejectedException("id", "id '" + id + "' is reserved");
    }
    String checkedName = requiredText("name", name == null || name.isBlank() ? id : name);
    String checkedSite = requiredText("site", site);
    String checkedZone = zone == null || zone.isBlank() ? null : text("zone", zone);
    String checkedUrl = url(url);
    double fps = sampleFps == null ? CameraSpec.DEFAULT_FPS : sampleFps;
    if (!(fps >= minFps && fps <= maxFps)) {
      throw new CameraRejectedException(
          "sampleFps", "sampleFps must be between " + minFps + " and " + maxFps + ", was " + fps);
    }
    int width = size("maxWidth", maxWidth, CameraSpec.DEFAULT_MAX_WIDTH, MAX_WIDTH);
    int height = size("maxHeight", maxHeight, CameraSpec.DEFAULT_MAX_HEIGHT, MAX_HEIGHT);
    double threshold =
        motionThreshold == null ? MotionGating.DEFAULT_THRESHOLD : motionThreshold.doubleValue();
    if (!(threshold > 0 && threshold <= MAX_THRESHOLD)) {
      throw new CameraRejectedException(
          "motionGating.threshold",
          "motionGating.threshold must be above 0 and at most "
              + MAX_THRESHOLD
              + " (grey levels), was "
              + threshold);
    }
    double keyframe =
        keyframeSeconds == null
            ? MotionGating.DEFAULT_KEYFRAME_SECONDS
            : keyframeSeconds.doubleValue();
    if (!(keyframe >= MIN_KEYFRAME_SECONDS && keyframe <= MAX_KEYFRAME_SECONDS)) {
      throw new CameraRejectedException(
          "motionGating.keyframeSeconds",
          "motionGating.keyframeSeconds must be between "
              + MIN_KEYFRAME_SECONDS
              + " and "
              + MAX_KEYFRAME_SECONDS
              + ", was "
              + keyframe);
    }
    // As the cameras topic stores them (floats), so a definition equals itself read back.
    MotionGating gating =
        new MotionGating(motionGating != null && motionGating, (float) threshold, (float) keyframe);
    return new CameraSpec(
        id,
        checkedName,
        checkedSite,
        checkedZone,
        checkedUrl,
        fps,
        width,
        height,
        enabled == null || enabled,
        now,
        gating);
  }

  private static String requiredText(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new CameraRejectedException(field, field + " is required");
    }
    return text(field, value);
  }

  private static String text(String field, String value) {
    String trimmed = value.strip();
    if (trimmed.length() > MAX_TEXT) {
      throw new CameraRejectedException(
          field, field + " is longer than " + MAX_TEXT + " characters");
    }
    return trimmed;
  }

  private static int size(String field, Integer value, int defaultValue, int max) {
    int size = value == null ? defaultValue : value;
    if (size < MIN_SIZE || size > max) {
      throw new CameraRejectedException(
          field, field + " must be between " + MIN_SIZE + " and " + max + ", was " + size);
    }
    return size;
  }

  private static String url(String url) {
    if (url == null || url.isBlank()) {
      throw new CameraRejectedException("url", "url is required");
    }
    String trimmed = url.strip();
    if (trimmed.length() > MAX_URL) {
      throw new CameraRejectedException("url", "url is longer than " + MAX_URL + " characters");
    }
    String scheme = Urls.scheme(trimmed);
    if (!SCHEMES.contains(scheme)) {
      throw new CameraRejectedException(
          "url",
          "url must start with one of rtsp://, rtsps://, http://, https://, file://, webcam: (was "
              + (scheme.isEmpty() ? "no scheme" : "'" + scheme + ":'")
              + ")");
    }
    if (scheme.equals(WEBCAM_SCHEME)) {
      if (!WEBCAM_URL.matcher(trimmed).matches()) {
        throw new CameraRejectedException(
            "url", "a webcam url is webcam: or webcam://label (letters, digits, - . _ ~)");
      }
      return trimmed;
    }
    URI uri;
    try {
      uri = new URI(trimmed);
    } catch (URISyntaxException e) {
      // The reason quotes the input: keep credentials out of it.
      throw new CameraRejectedException(
          "url", "url is not a valid URI: " + Urls.scrub(e.getReason(), trimmed));
    }
    if (scheme.equals("file")) {
      if (uri.getPath() == null || !uri.getPath().startsWith("/") || uri.getPath().endsWith("/")) {
        throw new CameraRejectedException(
            "url", "a file url must name a file by absolute path: file:///path/video.mp4");
      }
    } else if (uri.getHost() == null || uri.getHost().isBlank()) {
      throw new CameraRejectedException("url", "url has no host");
    }
    return trimmed;
  }
}
