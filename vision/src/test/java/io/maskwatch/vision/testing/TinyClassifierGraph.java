package io.maskwatch.vision.testing;

import ai.djl.engine.Engine;
import io.maskwatch.vision.MaskLabel;
import io.maskwatch.vision.model.ModelMetadata;
import io.maskwatch.vision.model.SavedModelWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * A small but real classifier graph built with TF Java: scale, 3×3 convolution, ReLU, global mean
 * pool, dense, softmax, with fixed non-trivial weights held in Variables. Stands in for a trained
 * model wherever a test needs one that follows the SavedModel contract.
 */
public final class TinyClassifierGraph implements AutoCloseable {

  public static final int SIZE = 32;
  public static final List<MaskLabel> LABELS =
      List.of(MaskLabel.WITH_MASK, MaskLabel.WITHOUT_MASK, MaskLabel.MASK_WEARED_INCORRECT);
  private static final int FILTERS = 6;

  private final Graph graph;
  private final Session session;
  private final Placeholder<TFloat32> image;
  private final Operand<TFloat32> probabilities;

  public TinyClassifierGraph() {
    // DJL's engine loads the TF native library from TENSORFLOW_LIBRARY_PATH; raw TF Java classes
    // find it only after that, so start the engine first.
    Engine.getEngine("TensorFlow");
    graph = new Graph();
    Ops tf = Ops.create(graph);
    image = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, SIZE, SIZE, 3)));
    Operand<TFloat32> scaled =
        tf.math.sub(tf.math.div(image, tf.constant(255f)), tf.constant(0.5f));
    Operand<TFloat32> filter =
        tf.variable(tf.constant(weights(Shape.of(3, 3, 3, FILTERS), 0.37, 0.8)));
    Operand<TFloat32> features =
        tf.nn.relu(tf.nn.conv2d(scaled, filter, List.of(1L, 2L, 2L, 1L), "SAME"));
    Operand<TFloat32> pooled = tf.math.mean(features, tf.constant(new int[] {1, 2}));
    Operand<TFloat32> dense =
        tf.variable(tf.constant(weights(Shape.of(FILTERS, LABELS.size()), 0.91, 12.0)));
    Operand<TFloat32> bias = tf.variable(tf.constant(new float[] {0.2f, -0.1f, -0.3f}));
    Operand<TFloat32> logits = tf.math.add(tf.linalg.matMul(pooled, dense), bias);
    probabilities = tf.withName("probabilities").nn.softmax(logits);
    session = new Session(graph);
    session.initialize();
  }

  /** Deterministic weights that are neither constant nor symmetric. */
  private static FloatNdArray weights(Shape shape, double step, double scale) {
    float[] values = new float[(int) shape.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) (Math.sin(i * step + 0.3) * scale / Math.sqrt(values.length));
    }
    return NdArrays.wrap(shape, DataBuffers.of(values, true, false));
  }

  /** Exports the graph following the contract, with 3-class metadata. */
  public String export(Path dir) {
    ModelMetadata metadata =
        new ModelMetadata(
            "tiny-test", "0.0.1", LABELS, SIZE, "tiny-cnn", Instant.parse("2024-01-01T00:00:00Z"));
    return SavedModelWriter.export(session, image, probabilities, metadata, dir);
  }

  /**
   * Runs the in-memory session directly.
   *
   * @param pixels {@code count} images, RGB 0..255, row-major [count,SIZE,SIZE,3]
   * @return one row of probabilities per image
   */
  public float[][] run(float[] pixels, int count) {
    try (TFloat32 input =
            TFloat32.tensorOf(Shape.of(count, SIZE, SIZE, 3), DataBuffers.of(pixels, true, false));
        Result result = session.runner().feed(image, input).fetch(probabilities).run()) {
      return StdArrays.array2dCopyOf((TFloat32) result.get(0));
    }
  }

  public Session session() {
    return session;
  }

  public Placeholder<TFloat32> image() {
    return image;
  }

  public Operand<TFloat32> probabilities() {
    return probabilities;
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
