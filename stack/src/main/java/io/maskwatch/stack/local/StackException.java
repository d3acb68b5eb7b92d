package io.maskwatch.stack.local;

/** A part of the local stack could not start; the message says which and where its log is. */
public class StackException extends RuntimeException {

  public StackException(String message) {
    super(message);
  }

  public StackException(String message, Throwable cause) {
    super(message, cause);
  }
}
