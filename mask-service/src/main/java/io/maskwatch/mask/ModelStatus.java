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
 * @param intraOpThreads TensorFlow's threads per operation, once loaded (0 before)
 * @param interOpThreads TensorFlow's threads across operations, once loaded (0 before)
 */
public record ModelStatus(
    State state,
    String modelDir,
    String reason,
    ModelIdentity model,
    List<String> labels,
    int inputSize,
    int intraOpThreads,
    int interOpThreads) {

  /** LOADING → READY, or LOADING → FAILED; never back. */
  public enum State {
    LOADING,
    READY,
    FAILED
  }

  static ModelStatus loading(String modelDir) {
    return new ModelStatus(State.LOADING, modelDir, "loading the model", null, List.of(), 0, 0, 0);
  }

  static ModelStatus failed(String modelDir, String reason) {
    return new ModelStatus(State.FAILED, modelDir, reason, null, List.of(), 0, 0, 0);
  }

  static ModelStatus ready(
      String modelDir,
      ModelIdentity model,
      List<String> labels,
      int inputSize,
      int intraOpThreads,
      int interOpThreads) {
    return new ModelStatus(
        State.READY,
        modelDir,
        null,
        model,
        List.copyOf(labels),
        inputSize,
        intraOpThreads,
        interOpThreads);
  }

  public boolean isReady() {
    return state == State.READY;
  }
}
