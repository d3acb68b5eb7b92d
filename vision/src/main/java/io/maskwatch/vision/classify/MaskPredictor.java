package io.maskwatch.vision.classify;

import io.maskwatch.vision.model.ModelContract;
import java.util.List;
import java.util.Map;
import org.opencv.core.Mat;
import org.tensorflow.Result;
import org.tensorflow.SessionFunction;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * Runs the classifier for one thread: a batch of crops becomes one {@code [N, S, S, 3]} tensor
 * (OpenCV does the resizing and conversion, {@link CropBatchTranslator}), one session call, one
 * {@code [N, labels]} read back. Give each worker thread its own from {@link
 * MaskClassifier#newPredictor()} and close it when the thread is done.
 */
public final class MaskPredictor implements AutoCloseable {

  private final SessionFunction function;
  private final CropBatchTranslator translator;

  MaskPredictor(SessionFunction function, CropBatchTranslator translator) {
    this.function = function;
    this.translator = translator;
  }

  /**
   * @param faceCrop a BGR {@code CV_8UC3} face crop of any size; left unchanged
   * @throws IllegalArgumentException when the crop is empty or not 8-bit BGR
   * @throws ClassificationException when the engine fails
   */
  public MaskPrediction classify(Mat faceCrop) {
    FaceCropTranslator.requireBgr(faceCrop);
    try {
      return run(List.of(faceCrop)).get(0);
    } catch (RuntimeException e) {
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
      return run(faceCrops);
    } catch (RuntimeException e) {
      throw new ClassificationException(
          "classifying a batch of " + faceCrops.size() + " face crops failed: " + e.getMessage(),
          e);
    }
  }

  private List<MaskPrediction> run(List<Mat> crops) {
    int size = translator.inputSize();
    float[] pixels = CropBatchTranslator.toRgbFloats(crops, size);
    try (TFloat32 input =
            TFloat32.tensorOf(
                Shape.of(crops.size(), size, size, 3), DataBuffers.of(pixels, true, false));
        Result result = function.call(Map.of(ModelContract.INPUT_KEY, input))) {
      Tensor output =
          result
              .get(ModelContract.OUTPUT_KEY)
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "model output has no '"
                              + ModelContract.OUTPUT_KEY
                              + "' tensor; it has "
                              + result.keySet()));
      if (!(output instanceof TFloat32 probabilities)
          || probabilities.shape().numDimensions() != 2) {
        throw new IllegalStateException(
            "model output '" + ModelContract.OUTPUT_KEY + "' is not float32 [N, labels]");
      }
      long[] shape = probabilities.shape().asArray();
      float[] all = new float[Math.toIntExact(shape[0] * shape[1])];
      probabilities.copyTo(DataBuffers.of(all, false, false));
      return translator.toPredictions(all, Math.toIntExact(shape[0]), Math.toIntExact(shape[1]));
    }
  }

  /** Nothing of its own to free: the session belongs to the {@link MaskClassifier}. */
  @Override
  public void close() {}
}
