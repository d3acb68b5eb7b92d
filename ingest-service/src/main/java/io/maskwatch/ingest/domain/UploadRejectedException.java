package io.maskwatch.ingest.domain;

/** An upload the service will not take; the message tells the uploader what to change. */
public class UploadRejectedException extends RuntimeException {

  /** Why an upload was refused. */
  public enum Reason {
    /** Not a JPEG or PNG by its declared type. */
    UNSUPPORTED_TYPE,
    /** More bytes than the service (or Kafka) accepts. */
    TOO_LARGE,
    /** Empty, truncated, corrupt, or bytes that are not the declared format. */
    INVALID_IMAGE
  }

  private final Reason reason;

  public UploadRejectedException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public UploadRejectedException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
