package io.maskwatch.mask.domain;

import io.maskwatch.vision.classify.MaskPrediction;
import io.maskwatch.vision.classify.MaskPredictor;
import java.util.List;
import org.opencv.core.Mat;

/**
 * One worker's predictor: a whole batch in one session call. DJL predictors are not thread-safe;
 * the pool gives each worker its own, and the lock only makes sure a stray second caller can never
 * corrupt a running call.
 */
public final class SinglePredictor implements WorkerPredictor {

  private final MaskPredictor predictor;

  public SinglePredictor(MaskPredictor predictor) {
    this.predictor = predictor;
  }

  @Override
  public synchronized List<MaskPrediction> classify(List<Mat> crops) {
    return predictor.classifyBatch(crops);
  }

  @Override
  public synchronized void close() {
    predictor.close();
  }
}
