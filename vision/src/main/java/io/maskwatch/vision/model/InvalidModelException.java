package io.maskwatch.vision.model;

/** A model directory that is missing, incomplete or does not follow the SavedModel contract. */
public class InvalidModelException extends RuntimeException {

  public InvalidModelException(String message) {
    super(message);
  }

  public InvalidModelException(String message, Throwable cause) {
    super(message, cause);
  }
}
