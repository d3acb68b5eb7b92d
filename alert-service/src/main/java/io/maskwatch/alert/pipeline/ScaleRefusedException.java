package io.maskwatch.alert.pipeline;

/** A scale request that cannot be done: the status says why (400, 404 or 409). */
public class ScaleRefusedException extends RuntimeException {

  private final int status;

  public ScaleRefusedException(int status, String message) {
    super(message);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
