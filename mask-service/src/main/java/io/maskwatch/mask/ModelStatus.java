package io.maskwatch.mask;

import io.maskwatch.mask.domain.ModelIdentity;
import java.util.List;

/**
 * Where the classifier stands, for readiness.
 *
 * @param modelDir the directory it is loaded from, as resolved
 * @param reason why it is not ready (null when ready)
 * @param model set once loaded
 * @param labels the classes in output order, once loaded
 * @param inputSize the side of the square the model takes, once loaded (0 before)
 * @param serving how it is served, once loaded (null before)
 */
public record ModelStatus(
    State state,
    String modelDir,
    String reason,
    ModelIdentity model,
    List<String> labels,
    int inputSize,
    Serving serving) {

  /** LOADING → READY, or LOADING → FAILED; a reload goes READY → READY. */
  public enum State {
    LOADING,
    READY,
    FAILED
  }

  /**
   * @param intraOpThreads TensorFlow's threads per operation
   * @param interOpThreads TensorFlow's threads across operations (-1: the caller's thread)
   * @param workers inference workers, one predictor each
   * @param batchSize the most faces per session call
   * @param maxWaitMs how long a worker waits to fill a batch
   * @param device where TensorFlow runs the model (cpu() or gpu(n))
   */
  public record Serving(
      int intraOpThreads,
      int interOpThreads,
      int workers,
      int batchSize,
      long maxWaitMs,
      String device) {}

  static ModelStatus loading(String modelDir) {
    return new ModelStatus(State.LOADING, modelDir, "loading the model", null, List.of(), 0, null);
  }

  static ModelStatus failed(String modelDir, String reason) {
    return new ModelStatus(State.FAILED, modelDir, reason, null, List.of(), 0, null);
  }

  static ModelStatus ready(
      String modelDir, ModelIdentity model, List<String> labels, int inputSize, Serving serving) {
    return new ModelStatus(
        State.READY, modelDir, null, model, List.copyOf(labels), inputSize, serving);
  }

  public boolean isReady() {
    return state == State.READY;
  }
}
