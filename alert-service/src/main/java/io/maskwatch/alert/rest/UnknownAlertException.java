package io.maskwatch.alert.rest;

/** No alert has the id a request names (404). */
public class UnknownAlertException extends RuntimeException {

  public UnknownAlertException(String alertId) {
    super("no alert " + alertId);
  }
}
