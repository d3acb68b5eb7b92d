package io.maskwatch.trainer.train;

import io.maskwatch.vision.classify.FaceCropTranslator;
import org.opencv.core.Mat;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** A batch of images as the graph's input: NHWC RGB float 0..255, with labels and weights. */
final class PixelBatch {

  private final int inputSize;
  private final float[] pixels;
  private final int[] labels;
  private final float[] weights;
  private int size;

  PixelBatch(int capacity, int inputSize) {
    this.inputSize = inputSize;
    this.pixels = new float[capacity * inputSize * inputSize * 3];
    this.labels = new int[capacity];
    this.weights = new float[capacity];
  }

  void add(Mat bgr, int label, float weight) {
    int stride = inputSize * inputSize * 3;
    // The served model's own pre-processing, so training and serving can never differ.
    float[] face = FaceCropTranslator.toRgbFloats(bgr, inputSize);
    System.arraycopy(face, 0, pixels, size * stride, stride);
    labels[size] = label;
    weights[size] = weight;
    size++;
  }

  int size() {
    return size;
  }

  int label(int i) {
    return labels[i];
  }

  TFloat32 imagesTensor() {
    long n = (long) size * inputSize * inputSize * 3;
    return TFloat32.tensorOf(
        Shape.of(size, inputSize, inputSize, 3), DataBuffers.of(pixels, true, false).narrow(n));
  }

  TInt32 labelsTensor() {
    return TInt32.tensorOf(Shape.of(size), DataBuffers.of(labels, true, false).narrow(size));
  }

  TFloat32 weightsTensor() {
    return TFloat32.tensorOf(Shape.of(size), DataBuffers.of(weights, true, false).narrow(size));
  }
}
