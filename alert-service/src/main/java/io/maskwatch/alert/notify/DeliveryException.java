package io.maskwatch.alert.notify;

/** A channel did not take a notification; the message says which and why. */
public class DeliveryException extends Exception {

  public DeliveryException(String message) {
    super(message);
  }

  public DeliveryException(String message, Throwable cause) {
    super(message, cause);
  }
}
