package io.maskwatch.alert.pipeline;

/** Kafka or the Kubernetes API did not answer: 503. */
public class PipelineUnavailableException extends RuntimeException {

  public PipelineUnavailableException(String message) {
    super(message);
  }
}
