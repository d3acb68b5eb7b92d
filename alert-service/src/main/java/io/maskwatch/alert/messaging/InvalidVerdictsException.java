package io.maskwatch.alert.messaging;

/** A verdicts message that decodes but cannot be stored as it is (e.g. a face index twice). */
public class InvalidVerdictsException extends RuntimeException {

  public InvalidVerdictsException(String message, Throwable cause) {
    super(message, cause);
  }
}
