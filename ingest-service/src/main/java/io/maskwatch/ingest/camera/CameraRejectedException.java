package io.maskwatch.ingest.camera;

/** A camera definition that cannot be registered; names the offending field. */
public class CameraRejectedException extends RuntimeException {

  private final String field;

  public CameraRejectedException(String field, String message) {
    super(message);
    this.field = field;
  }

  /** The request field at fault ("url", "sampleFps", "id", ...). */
  public String field() {
    return field;
  }
}
