package io.maskwatch.vision.detect;

/** A face detector that cannot be built: its model file is missing, unreadable or not a model. */
public class DetectorUnavailableException extends RuntimeException {

  public DetectorUnavailableException(String message) {
    super(message);
  }

  public DetectorUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
