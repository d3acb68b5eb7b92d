package io.maskwatch.mask.domain;

/**
 * The predictor of one worker thread: made on that thread, used only by it, closed when the worker
 * stops (DJL predictors are not thread-safe).
 */
public interface WorkerPredictor extends CropClassifier, AutoCloseable {

  @Override
  void close();
}
