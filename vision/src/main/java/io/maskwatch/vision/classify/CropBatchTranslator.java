package io.maskwatch.vision.classify;

import io.maskwatch.vision.model.ModelMetadata;
import java.util.ArrayList;
import java.util.List;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * A whole batch of BGR face crops in, one prediction per crop out, in one tensor each way.
 *
 * <p>DJL's per-item translator with {@code Batchifier.STACK} makes one NDArray per crop and then
 * stacks them (and splits the output) with eager TensorFlow ops, which cost more than the model
 * itself for a small network. Here OpenCV resizes each crop straight into its rows of one {@code
 * N·S × S} RGB image, one {@code convertTo} turns the batch into floats, and that buffer becomes
 * the {@code [N, S, S, 3]} input; the {@code [N, labels]} output is read back once. No per-pixel
 * Java loop, no eager op.
 */
public final class CropBatchTranslator {

  private final int inputSize;
  private final FaceCropTranslator rows;

  public CropBatchTranslator(ModelMetadata metadata) {
    this.inputSize = metadata.inputSize();
    this.rows = new FaceCropTranslator(metadata);
  }

  /** The model's input side. */
  public int inputSize() {
    return inputSize;
  }

  /** One prediction per row of a row-major {@code [count, labels]} output. */
  List<MaskPrediction> toPredictions(float[] all, int count, int labels) {
    List<MaskPrediction> predictions = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      float[] row = new float[labels];
      System.arraycopy(all, i * labels, row, 0, labels);
      predictions.add(rows.toPrediction(row));
    }
    return predictions;
  }

  /**
   * The model input for a batch: each crop resized to size×size, RGB, float32, row-major NHWC, the
   * crops one after the other; the same values {@link FaceCropTranslator#toRgbFloats} gives per
   * crop.
   *
   * @throws IllegalArgumentException naming the index of a crop that is empty or not 8-bit BGR
   */
  public static float[] toRgbFloats(List<Mat> crops, int size) {
    int count = crops.size();
    Mat rgb = new Mat(count * size, size, CvType.CV_8UC3);
    Mat resized = new Mat();
    Mat floats = new Mat();
    try {
      for (int i = 0; i < count; i++) {
        Mat bgr = crops.get(i);
        try {
          FaceCropTranslator.requireBgr(bgr);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("crop " + i + ": " + e.getMessage(), e);
        }
        Mat rows = rgb.rowRange(i * size, (i + 1) * size);
        try {
          if (bgr.cols() == size && bgr.rows() == size) {
            Imgproc.cvtColor(bgr, rows, Imgproc.COLOR_BGR2RGB);
          } else {
            Imgproc.resize(
                bgr,
                resized,
                new Size(size, size),
                0,
                0,
                FaceCropTranslator.interpolationFor(bgr.cols(), bgr.rows(), size));
            Imgproc.cvtColor(resized, rows, Imgproc.COLOR_BGR2RGB);
          }
        } finally {
          rows.release();
        }
      }
      rgb.convertTo(floats, CvType.CV_32FC3);
      float[] pixels = new float[count * size * size * 3];
      floats.get(0, 0, pixels);
      return pixels;
    } finally {
      rgb.release();
      resized.release();
      floats.release();
    }
  }
}
