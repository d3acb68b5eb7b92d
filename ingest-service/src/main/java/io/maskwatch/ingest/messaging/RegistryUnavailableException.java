package io.maskwatch.ingest.messaging;

/** The camera registry (Kafka) did not take a write, or has not been read yet. */
public class RegistryUnavailableException extends RuntimeException {

  public RegistryUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  public RegistryUnavailableException(String message) {
    super(message);
  }
}
