package io.maskwatch.ingest.camera;

/** A frame a webcam posted that cannot be used (empty, not a JPEG, truncated or corrupt). */
public class PushedFrameRejectedException extends RuntimeException {

  public PushedFrameRejectedException(String message) {
    super(message);
  }
}
