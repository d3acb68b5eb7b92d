package io.maskwatch.ingest.domain;

import java.time.Instant;
import java.util.Map;

/**
 * An accepted upload as it goes to the pipeline: its ids, when it was taken in, the picture's bytes
 * unchanged, and free-form attributes such as the file name.
 */
public record UploadFrame(
    String uploadId,
    String frameId,
    String cameraId,
    Instant capturedAt,
    ValidatedImage image,
    byte[] bytes,
    Map<String, String> attributes) {

  public UploadFrame {
    attributes = Map.copyOf(attributes);
  }
}
