package io.maskwatch.mask.domain;

import io.maskwatch.vision.classify.MaskPrediction;
import java.util.List;
import org.opencv.core.Mat;

/**
 * Classifies decoded face crops. Today one shared predictor does it; a pool of predictors or a
 * batcher that gathers crops across frames can take its place without the callers changing.
 */
public interface CropClassifier {

  /**
   * @param crops BGR {@code CV_8UC3} face crops, left unchanged
   * @return one prediction per crop, in the order of the crops
   */
  List<MaskPrediction> classify(List<Mat> crops);
}
