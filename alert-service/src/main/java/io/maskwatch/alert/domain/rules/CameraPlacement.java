package io.maskwatch.alert.domain.rules;

/**
 * Where a camera stands as registered with ingest-service (the compacted {@code cameras} topic):
 * its site and zone, either of which may be unknown ({@code null}). A camera's own rules, when they
 * name a site or zone, win over this.
 */
public record CameraPlacement(String site, String zone) {

  /** A camera the registry does not know (uploads, or one never registered). */
  public static final CameraPlacement UNKNOWN = new CameraPlacement(null, null);
}
