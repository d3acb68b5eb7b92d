package io.maskwatch.alert.messaging;

/** A frame's picture could not be read back from Kafka; {@link #reason()} says what to answer. */
public class FrameReadException extends RuntimeException {

  /** Why the picture is not there. */
  public enum Reason {
    /** The record is no longer in Kafka (retention, a recreated topic): it will not come back. */
    GONE,
    /** Kafka did not answer in time or refused; trying again later may work. */
    UNAVAILABLE,
    /** The record is there but holds no usable picture. */
    UNREADABLE
  }

  private final Reason reason;

  public FrameReadException(Reason reason, String message) {
    this(reason, message, null);
  }

  public FrameReadException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
