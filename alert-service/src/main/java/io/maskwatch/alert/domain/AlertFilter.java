package io.maskwatch.alert.domain;

/**
 * Which alerts to list, newest first.
 *
 * @param cameraId only this camera's alerts, or null for every camera
 * @param label only alerts with this label, or null for any
 * @param limit at most this many, > 0
 */
public record AlertFilter(String cameraId, Label label, int limit) {

  public AlertFilter {
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be > 0, got " + limit);
    }
  }
}
