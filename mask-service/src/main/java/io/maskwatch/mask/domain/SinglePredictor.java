package io.maskwatch.mask.domain;

import io.maskwatch.vision.classify.MaskPrediction;
import io.maskwatch.vision.classify.MaskPredictor;
import java.util.List;
import org.opencv.core.Mat;

/**
 * One predictor shared by whoever calls: DJL predictors are not thread-safe, so calls take turns.
 * The consumer processes one frame at a time, so the lock is uncontended; it is there so that a
 * second caller can never corrupt a running session call.
 */
public final class SinglePredictor implements CropClassifier, AutoCloseable {

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
