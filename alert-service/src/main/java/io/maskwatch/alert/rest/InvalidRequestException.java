package io.maskwatch.alert.rest;

/** A request the API refuses with 400; the message says which parameter and why. */
public class InvalidRequestException extends RuntimeException {

  public InvalidRequestException(String message) {
    super(message);
  }
}
