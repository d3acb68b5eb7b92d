package io.maskwatch.mask.domain;

import io.maskwatch.vision.classify.MaskPrediction;
import java.util.List;
import org.opencv.core.Mat;

/**
 * Classifies decoded face crops in one call, on the calling thread: what one worker of the {@link
 * InferencePool} does with a batch.
 */
public interface CropClassifier {

  /**
   * @param crops BGR {@code CV_8UC3} face crops, left unchanged
   * @return one prediction per crop, in the order of the crops
   */
  List<MaskPrediction> classify(List<Mat> crops);
}
