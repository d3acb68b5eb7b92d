package io.maskwatch.vision.classify;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import io.maskwatch.vision.MaskLabel;
import io.maskwatch.vision.OpenCvLoader;
import io.maskwatch.vision.model.ModelContract;
import io.maskwatch.vision.model.ModelMetadata;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Turns a BGR face crop into the model's {@code image} input and its {@code probabilities} output
 * into a {@link MaskPrediction}. The model does its own normalisation, so the input is plain RGB
 * 0..255 floats at S×S. Stacks inputs so a batch runs in one session call.
 */
public final class FaceCropTranslator implements Translator<Mat, MaskPrediction> {

  private final int inputSize;
  private final List<MaskLabel> labels;

  public FaceCropTranslator(ModelMetadata metadata) {
    this(metadata.inputSize(), metadata.labels());
  }

  /**
   * @param labels the classes in the order of the model's output
   */
  public FaceCropTranslator(int inputSize, List<MaskLabel> labels) {
    if (inputSize <= 0) {
      throw new IllegalArgumentException("inputSize must be positive, got " + inputSize);
    }
    this.inputSize = inputSize;
    this.labels = List.copyOf(labels);
  }

  @Override
  public NDList processInput(TranslatorContext ctx, Mat faceCrop) {
    float[] pixels = toRgbFloats(faceCrop, inputSize);
    NDArray array = ctx.getNDManager().create(pixels, new Shape(inputSize, inputSize, 3));
    // The TF engine feeds inputs by name when they have one: match the signature's input key.
    array.setName(ModelContract.INPUT_KEY);
    return new NDList(array);
  }

  @Override
  public MaskPrediction processOutput(TranslatorContext ctx, NDList outputs) {
    // The engine lists outputs sorted by key; find ours by name so extra outputs cannot shift it.
    NDArray probabilities = outputs.get(ModelContract.OUTPUT_KEY);
    if (probabilities == null) {
      throw new IllegalStateException(
          "model output has no '" + ModelContract.OUTPUT_KEY + "' tensor; it has " + outputs);
    }
    return toPrediction(probabilities.toFloatArray());
  }

  @Override
  public Batchifier getBatchifier() {
    return Batchifier.STACK;
  }

  /** Maps one row of the model's output to a prediction; the largest probability wins. */
  MaskPrediction toPrediction(float[] probabilities) {
    if (probabilities.length != labels.size()) {
      throw new IllegalStateException(
          "model gave "
              + probabilities.length
              + " probabilities but its metadata names "
              + labels.size()
              + " labels "
              + labels);
    }
    Map<MaskLabel, Float> byLabel = new LinkedHashMap<>();
    int best = 0;
    for (int i = 0; i < probabilities.length; i++) {
      byLabel.put(labels.get(i), probabilities[i]);
      if (probabilities[i] > probabilities[best]) {
        best = i;
      }
    }
    return new MaskPrediction(labels.get(best), probabilities[best], byLabel);
  }

  /**
   * The model input for one crop: resized to size×size, RGB, float32, in row-major HWC order.
   *
   * @throws IllegalArgumentException when the Mat is empty or not 8-bit 3-channel BGR
   */
  public static float[] toRgbFloats(Mat bgr, int size) {
    requireBgr(bgr);
    Mat resized = new Mat();
    Mat rgb = new Mat();
    Mat floats = new Mat();
    try {
      Imgproc.resize(
          bgr, resized, new Size(size, size), 0, 0, interpolationFor(bgr.cols(), bgr.rows(), size));
      Imgproc.cvtColor(resized, rgb, Imgproc.COLOR_BGR2RGB);
      rgb.convertTo(floats, CvType.CV_32FC3);
      float[] pixels = new float[size * size * 3];
      floats.get(0, 0, pixels);
      return pixels;
    } finally {
      resized.release();
      rgb.release();
      floats.release();
    }
  }

  /**
   * INTER_AREA averages the source pixels that fall into each target pixel, which avoids aliasing
   * when shrinking but blurs when enlarging; INTER_LINEAR is the right choice there. A crop that
   * shrinks on one axis and grows on the other counts as enlarging.
   */
  static int interpolationFor(int cols, int rows, int size) {
    return cols >= size && rows >= size ? Imgproc.INTER_AREA : Imgproc.INTER_LINEAR;
  }

  /**
   * @throws IllegalArgumentException when the Mat is empty or not 8-bit 3-channel BGR
   */
  static void requireBgr(Mat image) {
    OpenCvLoader.ensureLoaded();
    if (image == null || image.empty()) {
      throw new IllegalArgumentException("face crop is empty");
    }
    if (image.type() != CvType.CV_8UC3) {
      throw new IllegalArgumentException(
          "face crop must be 8-bit BGR (CV_8UC3), got " + CvType.typeToString(image.type()));
    }
  }
}
