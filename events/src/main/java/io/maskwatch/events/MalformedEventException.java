package io.maskwatch.events;

/**
 * A payload that is not a readable event of the expected type. The message says why in words an
 * operator can act on; consumers send the payload to {@link Topics#DEAD_LETTERS} with it.
 */
public class MalformedEventException extends RuntimeException {

  public MalformedEventException(String message) {
    super(message);
  }

  public MalformedEventException(String message, Throwable cause) {
    super(message, cause);
  }
}
