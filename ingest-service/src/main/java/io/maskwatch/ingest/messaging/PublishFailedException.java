package io.maskwatch.ingest.messaging;

/** Kafka did not take a frame (refused it, or did not acknowledge it in time). */
public class PublishFailedException extends RuntimeException {

  public PublishFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
