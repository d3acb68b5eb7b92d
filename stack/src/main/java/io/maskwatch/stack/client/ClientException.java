package io.maskwatch.stack.client;

/** A request to the running system failed; the message says what and where. */
public class ClientException extends RuntimeException {

  public ClientException(String message) {
    super(message);
  }

  public ClientException(String message, Throwable cause) {
    super(message, cause);
  }
}
