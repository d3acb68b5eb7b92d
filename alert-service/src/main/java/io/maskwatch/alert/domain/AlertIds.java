package io.maskwatch.alert.domain;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * An alert's id follows from the face it is about, so that every delivery of the same verdicts, on
 * any replica, names the alert the same way and a consumer of {@code alerts} can drop repeats.
 */
public final class AlertIds {

  private AlertIds() {}

  /** A name-based (version 3) UUID of the frame id and face index. */
  public static UUID of(String frameId, int faceIndex) {
    return UUID.nameUUIDFromBytes(
        ("maskwatch-alert/" + frameId + "/" + faceIndex).getBytes(StandardCharsets.UTF_8));
  }
}
