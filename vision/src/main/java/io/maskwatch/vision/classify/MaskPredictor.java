package io.maskwatch.vision.classify;

import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;
import java.util.List;
import org.opencv.core.Mat;

/**
 * Runs the classifier for one thread. Not thread-safe (DJL predictors are not): give each worker
 * thread its own from {@link MaskClassifier#newPredictor()} and close it when the thread is done.
 */
public final class MaskPredictor implements AutoCloseable {

  private final Predictor<Mat, MaskPrediction> predictor;

  MaskPredictor(Predictor<Mat, MaskPrediction> predictor) {
    this.predictor = predictor;
  }

  /**
   * @param faceCrop a BGR {@code CV_8UC3} face crop of any size; left unchanged
   * @throws IllegalArgumentException when the crop is empty or not 8-bit BGR
   * @throws ClassificationException when the engine fails
   */
  public MaskPrediction classify(Mat faceCrop) {
    FaceCropTranslator.requireBgr(faceCrop);
    try {
      return predictor.predict(faceCrop);
    } catch (TranslateException e) {
      throw new ClassificationException("classifying one face crop failed: " + e.getMessage(), e);
    }
  }

  /**
   * Classifies all crops in one session call; the results are in the order of the crops.
   *
   * @throws IllegalArgumentException naming the index of the first crop that is empty or not BGR
   * @throws ClassificationException when the engine fails
   */
  public List<MaskPrediction> classifyBatch(List<Mat> faceCrops) {
    if (faceCrops.isEmpty()) {
      return List.of();
    }
    for (int i = 0; i < faceCrops.size(); i++) {
      try {
        FaceCropTranslator.requireBgr(faceCrops.get(i));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("crop " + i + ": " + e.getMessage(), e);
      }
    }
    try {
      return predictor.batchPredict(faceCrops);
    } catch (TranslateException e) {
      throw new ClassificationException(
          "classifying a batch of " + faceCrops.size() + " face crops failed: " + e.getMessage(),
          e);
    }
  }

  @Override
  public void close() {
    predictor.close();
  }
}
