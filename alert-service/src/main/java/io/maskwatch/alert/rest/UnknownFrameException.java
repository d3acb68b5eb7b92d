package io.maskwatch.alert.rest;

/** No frame with this id was stored: 404. */
public class UnknownFrameException extends RuntimeException {

  public UnknownFrameException(String frameId) {
    super("no frame with id '" + frameId + "'");
  }
}
