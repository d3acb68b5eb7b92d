package io.maskwatch.alert.rest;

/** A camera id the registry does not hold: 404. */
public class UnknownCameraException extends RuntimeException {

  public UnknownCameraException(String cameraId) {
    super("no camera " + cameraId + " is registered");
  }
}
