package io.maskwatch.vision.classify;

/** The engine failed to run the model on valid input. */
public class ClassificationException extends RuntimeException {

  public ClassificationException(String message, Throwable cause) {
    super(message, cause);
  }
}
