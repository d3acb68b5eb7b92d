package io.maskwatch.trainer.train;

import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
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
    FacePixels.toRgbFloats(bgr, inputSize, pixels, size * stride);
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

  /** Converts pixels the way the served model's translator does; the two must never differ. */
  static final class FacePixels {
    private FacePixels() {}

    static void toRgbFloats(Mat bgr, int size, float[] dst, int offset) {
      Mat resized = new Mat();
      Mat rgb = new Mat();
      Mat floats = new Mat();
      try {
        boolean shrinking = bgr.cols() > size || bgr.rows() > size;
        Imgproc.resize(
            bgr,
            resized,
            new Size(size, size),
            0,
            0,
            shrinking ? Imgproc.INTER_AREA : Imgproc.INTER_LINEAR);
        Imgproc.cvtColor(resized, rgb, Imgproc.COLOR_BGR2RGB);
        rgb.convertTo(floats, org.opencv.core.CvType.CV_32FC3);
        float[] row = new float[size * size * 3];
        floats.get(0, 0, row);
        System.arraycopy(row, 0, dst, offset, row.length);
      } finally {
        resized.release();
        rgb.release();
        floats.release();
      }
    }
  }
}
